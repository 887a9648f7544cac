package dev.veto.cedar.value;

import java.time.LocalDate;

/**
 * A Cedar {@code datetime}: an instant, as milliseconds since the Unix epoch ignoring leap
 * seconds. Record equality is Cedar's {@code ==}: the same instant, whatever offset the literals
 * were written with.
 *
 * @param epochMillis milliseconds since 1970-01-01T00:00:00Z, possibly negative
 */
public record Datetime(long epochMillis) implements ExtensionValue, Comparable<Datetime> {

    private static final long DAY_MILLIS = 86_400_000L;
    /** The largest UTC offset a literal can have, 23:59. */
    private static final long MAX_OFFSET_MILLIS = (23 * 60 + 59) * 60_000L;
    private static final long YEAR_0_START = LocalDate.of(0, 1, 1).toEpochDay() * DAY_MILLIS;
    private static final long YEAR_10000_START = LocalDate.of(10_000, 1, 1).toEpochDay() * DAY_MILLIS;
    /** The earliest instant a literal can denote: {@code 0000-01-01T00:00:00+2359}. */
    private static final long MIN_LITERAL = YEAR_0_START - MAX_OFFSET_MILLIS;
    /** The latest instant a literal can denote: {@code 9999-12-31T23:59:59.999-2359}. */
    private static final long MAX_LITERAL = YEAR_10000_START - 1 + MAX_OFFSET_MILLIS;

    /**
     * Parses a datetime literal in one of the forms {@code YYYY-MM-DD},
     * {@code YYYY-MM-DDThh:mm:ssZ}, {@code YYYY-MM-DDThh:mm:ss.SSSZ},
     * {@code YYYY-MM-DDThh:mm:ss(+|-)hhmm} or {@code YYYY-MM-DDThh:mm:ss.SSS(+|-)hhmm}, with exactly
     * those numbers of ASCII digits. The date must exist in the proleptic Gregorian calendar (year
     * 0000 is a leap year); hours are 00-23, minutes and seconds 00-59 (no leap second), and the
     * offset's hours 00-23 and minutes 00-59. An offset {@code +hhmm} means local time is ahead of
     * UTC, so it is subtracted.
     *
     * @throws ExtensionException if {@code s} is malformed or names no valid date, time or offset
     */
    public static Datetime parse(String s) {
        int n = s.length();
        if (n < 10 || !digits(s, 0, 4) || s.charAt(4) != '-' || !digits(s, 5, 7) || s.charAt(7) != '-'
                || !digits(s, 8, 10)) {
            throw invalid(s, "expected a date YYYY-MM-DD");
        }
        int year = number(s, 0, 4);
        int month = number(s, 5, 7);
        int day = number(s, 8, 10);
        if (n == 10) {
            return new Datetime(epochDay(s, year, month, day) * DAY_MILLIS);
        }
        if (n < 19 || s.charAt(10) != 'T' || !digits(s, 11, 13) || s.charAt(13) != ':' || !digits(s, 14, 16)
                || s.charAt(16) != ':' || !digits(s, 17, 19)) {
            throw invalid(s, "expected a time Thh:mm:ss after the date");
        }
        int i = 19;
        int millis = 0;
        if (i + 4 <= n && s.charAt(i) == '.' && digits(s, i + 1, i + 4)) {
            millis = number(s, i + 1, i + 4);
            i += 4;
        }
        int offsetSign;
        int offsetHours = 0;
        int offsetMinutes = 0;
        if (i + 1 == n && s.charAt(i) == 'Z') {
            offsetSign = 0;
        } else if (i + 5 == n && (s.charAt(i) == '+' || s.charAt(i) == '-') && digits(s, i + 1, i + 5)) {
            offsetSign = s.charAt(i) == '-' ? -1 : 1;
            offsetHours = number(s, i + 1, i + 3);
            offsetMinutes = number(s, i + 3, i + 5);
        } else {
            throw invalid(s, "expected Z, .SSSZ, (+|-)hhmm or .SSS(+|-)hhmm after the time");
        }
        // Syntax first, then date, time and offset ranges, in the reference's order.
        long days = epochDay(s, year, month, day);
        long timeMillis = timeOfDay(s) + millis;
        if (offsetHours >= 24 || offsetMinutes >= 60) {
            throw invalid(s, "offset " + s.substring(i) + " out of range (hours 00-23, minutes 00-59)");
        }
        long offsetMillis = offsetSign * (offsetHours * 60L + offsetMinutes) * 60_000L;
        return new Datetime(days * DAY_MILLIS + timeMillis - offsetMillis);
    }

    /** Milliseconds of {@code hh:mm:ss} in {@code s}, which must be a valid time of day. */
    private static long timeOfDay(String s) {
        int hour = number(s, 11, 13);
        int minute = number(s, 14, 16);
        int second = number(s, 17, 19);
        // No leap seconds: the reference rejects second 60.
        if (hour >= 24 || minute >= 60 || second >= 60) {
            throw invalid(s, "time " + s.substring(11, 19) + " out of range");
        }
        return ((hour * 60L + minute) * 60L + second) * 1_000L;
    }

    private static long epochDay(String s, int year, int month, int day) {
        if (month < 1 || month > 12 || day < 1 || day > lengthOfMonth(year, month)) {
            throw invalid(s, "no such date " + s.substring(0, 10));
        }
        return LocalDate.of(year, month, day).toEpochDay();
    }

    private static int lengthOfMonth(int year, int month) {
        return switch (month) {
            case 2 -> (year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)) ? 29 : 28;
            case 4, 6, 9, 11 -> 30;
            default -> 31;
        };
    }

    private static boolean digits(String s, int from, int to) {
        if (to > s.length()) {
            return false;
        }
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    private static int number(String s, int from, int to) {
        int v = 0;
        for (int i = from; i < to; i++) {
            v = v * 10 + (s.charAt(i) - '0');
        }
        return v;
    }

    private static ExtensionException invalid(String s, String why) {
        return new ExtensionException("invalid datetime " + Strings.quote(s) + ": " + why);
    }

    /**
     * Cedar's {@code offset}: this instant moved by {@code d}.
     *
     * @throws ExtensionException if the result overflows 64 bits
     */
    public Datetime offset(Duration d) {
        long sum = epochMillis + d.millis();
        if (((epochMillis ^ sum) & (d.millis() ^ sum)) < 0) {
            throw new ExtensionException("overflow when adding " + d + " to " + this);
        }
        return new Datetime(sum);
    }

    /**
     * Cedar's {@code durationSince}: this instant minus {@code other}.
     *
     * @throws ExtensionException if the difference overflows 64 bits
     */
    public Duration durationSince(Datetime other) {
        long diff = epochMillis - other.epochMillis;
        if (((epochMillis ^ other.epochMillis) & (epochMillis ^ diff)) < 0) {
            throw new ExtensionException("overflow when computing the duration between " + this + " and " + other);
        }
        return new Duration(diff);
    }

    /**
     * Cedar's {@code toDate}: midnight UTC at the start of this instant's day, rounding down for
     * instants before the epoch.
     *
     * @throws ExtensionException if that midnight is below the 64-bit range
     */
    public Datetime toDate() {
        long timeOfDay = Math.floorMod(epochMillis, DAY_MILLIS);
        long date = epochMillis - timeOfDay;
        if (date > epochMillis) { // wrapped below Long.MIN_VALUE
            throw new ExtensionException("overflow when computing the date of " + this);
        }
        return new Datetime(date);
    }

    /** Cedar's {@code toTime}: the time since midnight UTC of this instant's day, never negative. */
    public Duration toTime() {
        return new Duration(Math.floorMod(epochMillis, DAY_MILLIS));
    }

    /** Compares the instants. */
    @Override
    public int compareTo(Datetime other) {
        return Long.compare(epochMillis, other.epochMillis);
    }

    @Override
    public String constructorName() {
        return "datetime";
    }

    /** Whether some datetime literal denotes this instant, i.e. {@link #toLiteralString()} works. */
    public boolean hasLiteralString() {
        return epochMillis >= MIN_LITERAL && epochMillis <= MAX_LITERAL;
    }

    /**
     * A literal for this instant: {@code YYYY-MM-DD} at midnight UTC, otherwise
     * {@code YYYY-MM-DDThh:mm:ss[.SSS]Z}; instants whose UTC year is outside 0000-9999 but still
     * reachable through an offset are written with offset {@code +2359} or {@code -2359}.
     *
     * @throws ExtensionException if no literal denotes this instant ({@link #hasLiteralString()} is
     *     false); such values arise only from {@link #offset}
     */
    @Override
    public String toLiteralString() {
        if (!hasLiteralString()) {
            throw new ExtensionException("datetime " + epochMillis + "ms after the epoch has no literal form");
        }
        if (epochMillis < YEAR_0_START) {
            return format(epochMillis + MAX_OFFSET_MILLIS, "+2359");
        }
        if (epochMillis >= YEAR_10000_START) {
            return format(epochMillis - MAX_OFFSET_MILLIS, "-2359");
        }
        return format(epochMillis, "Z");
    }

    private static String format(long localMillis, String zone) {
        long day = Math.floorDiv(localMillis, DAY_MILLIS);
        int time = (int) Math.floorMod(localMillis, DAY_MILLIS);
        LocalDate date = LocalDate.ofEpochDay(day);
        StringBuilder b = new StringBuilder(28);
        pad(b, date.getYear(), 4).append('-');
        pad(b, date.getMonthValue(), 2).append('-');
        pad(b, date.getDayOfMonth(), 2);
        if (time == 0 && zone.equals("Z")) {
            return b.toString();
        }
        b.append('T');
        pad(b, time / 3_600_000, 2).append(':');
        pad(b, time / 60_000 % 60, 2).append(':');
        pad(b, time / 1_000 % 60, 2);
        if (time % 1_000 != 0) {
            pad(b.append('.'), time % 1_000, 3);
        }
        return b.append(zone).toString();
    }

    private static StringBuilder pad(StringBuilder b, int v, int width) {
        String digits = Integer.toString(v);
        return b.repeat('0', width - digits.length()).append(digits);
    }

    /**
     * The Cedar expression for this instant, e.g. {@code datetime("2024-10-15T11:38:02Z")}; for an
     * instant without a literal, {@code datetime("1970-01-01").offset(duration("…ms"))}, the form
     * the reference always prints.
     */
    @Override
    public String toString() {
        if (hasLiteralString()) {
            return "datetime(" + Strings.quote(toLiteralString()) + ")";
        }
        return "datetime(\"1970-01-01\").offset(" + new Duration(epochMillis) + ")";
    }
}
