package dev.veto.server.console;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** How pages write times and ages. */
public final class Format {
    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC);

    private Format() {}

    /** {@code 2026-12-01 10:30 UTC}, or a dash. */
    public static String when(Instant t) {
        return t == null ? "—" : WHEN.format(t);
    }

    /** The machine-readable form for a {@code <time datetime>}. */
    public static String iso(Instant t) {
        return t == null ? "" : t.toString();
    }

    /** How long ago: {@code 3 d}, {@code 5 h}, {@code 12 min}. */
    public static String age(Instant t, Instant now) {
        if (t == null) {
            return "—";
        }
        Duration d = Duration.between(t, now);
        if (d.isNegative()) {
            return "in " + span(d.negated());
        }
        return span(d);
    }

    /** A span: {@code 3 d 4 h}, {@code 5 h}, {@code 12 min}. */
    public static String span(Duration d) {
        if (d.toDays() > 0) {
            return d.toDays() + " d" + (d.toHoursPart() > 0 ? " " + d.toHoursPart() + " h" : "");
        }
        if (d.toHours() > 0) {
            return d.toHours() + " h";
        }
        return Math.max(0, d.toMinutes()) + " min";
    }

    /** A letter's section key as a heading: {@code scope_and_duration} → {@code Scope and duration}. */
    public static String heading(String key) {
        String s = key.replace('_', ' ');
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }

    /** Whether {@code t} is in the past. */
    public static boolean past(Instant t, Instant now) {
        return t != null && t.isBefore(now);
    }
}
