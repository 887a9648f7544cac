package dev.veto.control;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Which enforcement points have applied which revision, from their acknowledgements (in the xDS
 * style: an ACK names the revision applied; a NACK the last good revision and why the next could
 * not be applied). Kept in memory: acknowledgements are frequent, operational and re-sent, so
 * they are not log events.
 */
public final class Propagation {
    private static final Pattern PEP_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    /** A point that has not acknowledged for this long is silent (points re-acknowledge every few seconds). */
    public static final Duration SILENT_AFTER = Duration.ofSeconds(15);
    /** How many revision steps of each point are remembered, to time older enforcements. */
    private static final int HISTORY = 4096;
    /** The longest NACK message kept. */
    private static final int MAX_ERROR = 2000;

    /** The latest acknowledgement of one enforcement point. */
    public record Ack(String pep, long revision, Instant at) {}

    /** A refusal to apply: the revision the point still serves, why it could not go further, and when it said so. */
    public record Nack(long revision, String error, Instant at) {}

    /**
     * One enforcement point as an enforcement's propagation report shows it: its latest
     * acknowledgement, whether and when it first applied the revision the enforcement needs, how
     * long that took from the enforcement's own time, its state ({@code applied}, {@code behind},
     * {@code silent}), and its latest NACK when it came after its latest ACK.
     */
    public record PepState(String pep, long revision, Instant at, boolean applied, Instant appliedAt, Long millis, String state, Nack nack) {}

    /**
     * How far an enforcement has reached: the revision each point must have applied (the lifting
     * once lifted, the activation before) and when that was written, how many points have
     * applied it, the time from then to each point's acknowledgement (p50, p99, max over the
     * points that applied it), the points still behind or silent, and each point's state.
     */
    public record Report(String enforcement, EnforcementStatus status, long revision, Instant since, int applied, int total,
                         Long p50Ms, Long p99Ms, Long maxMs, List<String> behind, List<String> silent, List<PepState> peps) {}

    /** What is known of one point. Guarded by itself. */
    private static final class Point {
        Ack latest;
        Nack nack;
        /** The first time each new revision was acknowledged: revision → time. */
        final TreeMap<Long, Instant> steps = new TreeMap<>();
    }

    private final Map<String, Point> points = new ConcurrentHashMap<>();

    /**
     * Records that {@code pep} has applied every entry below {@code revision}; acks never move
     * back, and none may claim more than the log holds ({@code current}).
     */
    Ack ack(String pep, long revision, Instant at, long current) {
        requireValidId(pep);
        requireRevision(revision, current);
        Point p = points.computeIfAbsent(pep, k -> new Point());
        synchronized (p) {
            if (p.latest == null || revision > p.latest.revision()) {
                p.steps.put(revision, at);
                if (p.steps.size() > HISTORY) {
                    p.steps.pollFirstEntry();
                }
                p.latest = new Ack(pep, revision, at);
            } else {
                // the same revision again (a re-acknowledgement): the point is alive at that revision
                p.latest = new Ack(pep, p.latest.revision(), at);
            }
            return p.latest;
        }
    }

    /**
     * Records that {@code pep} could not apply what follows {@code revision} (its last good
     * revision, which it keeps serving), and why.
     */
    Ack nack(String pep, long revision, String error, Instant at, long current) {
        requireValidId(pep);
        requireRevision(revision, current);
        if (error == null || error.isBlank()) {
            throw Rejection.invalid("error", "a NACK says why the next revision could not be applied: `error` must be a non-empty string");
        }
        Ack ack = ack(pep, revision, at, current);
        Point p = points.get(pep);
        synchronized (p) {
            p.nack = new Nack(revision, error.length() > MAX_ERROR ? error.substring(0, MAX_ERROR) + "…" : error, at);
        }
        return ack;
    }

    private static void requireRevision(long revision, long current) {
        if (revision < 0) {
            throw Rejection.invalid("revision", "`revision` must be the revision the enforcement point has applied (a non-negative integer)");
        }
        if (revision > current) {
            throw Rejection.invalid("revision", "revision " + revision + " is ahead of the log (" + current + "); acknowledge only what was applied");
        }
    }

    /** Refuses an enforcement point id that is not 1 to 64 letters, digits and {@code . _ -}. */
    public static void requireValidId(String pep) {
        if (!PEP_ID.matcher(pep).matches()) {
            throw Rejection.invalid("id", "enforcement point id \"" + pep + "\" must be 1 to 64 letters, digits and . _ -");
        }
    }

    /** When {@code pep} first acknowledged {@code revision} or a later one, or null while it has not (or that is older than it remembers). */
    public Instant appliedAt(String pep, long revision) {
        Point p = points.get(pep);
        if (p == null) {
            return null;
        }
        synchronized (p) {
            Map.Entry<Long, Instant> first = p.steps.ceilingEntry(revision);
            return first == null ? null : first.getValue();
        }
    }

    /** The latest NACK of {@code pep}, or null. */
    public Nack nackOf(String pep) {
        Point p = points.get(pep);
        if (p == null) {
            return null;
        }
        synchronized (p) {
            return p.nack;
        }
    }

    /** Every enforcement point's latest acknowledgement, by id. */
    public List<Ack> all() {
        List<Ack> out = new ArrayList<>();
        for (Point p : points.values()) {
            synchronized (p) {
                if (p.latest != null) {
                    out.add(p.latest);
                }
            }
        }
        out.sort(Comparator.comparing(Ack::pep));
        return out;
    }

    /** How many points are behind {@code revision}, and how many are silent, at {@code now}: for metrics. */
    public record Summary(int total, int behind, int silent) {}

    public Summary summary(long revision, Instant now) {
        int total = 0;
        int behind = 0;
        int silent = 0;
        for (Point p : points.values()) {
            synchronized (p) {
                total++;
                if (p.latest.at().plus(SILENT_AFTER).isBefore(now)) {
                    silent++;
                } else if (p.latest.revision() < revision) {
                    behind++;
                }
            }
        }
        return new Summary(total, behind, silent);
    }

    /** How far {@code e} has reached, at {@code now}. */
    Report report(Views.EnforcementView e, Instant now) {
        long needed = e.requiredRevision();
        Instant since = e.liftedAt() != null && e.status() == EnforcementStatus.LIFTED ? e.liftedAt() : e.activatedAt();
        List<PepState> peps = new ArrayList<>();
        List<Long> millis = new ArrayList<>();
        List<String> behind = new ArrayList<>();
        List<String> silent = new ArrayList<>();
        List<String> ids = new ArrayList<>(points.keySet());
        ids.sort(Comparator.naturalOrder());
        for (String id : ids) {
            Point p = points.get(id);
            synchronized (p) {
                Ack ack = p.latest;
                boolean done = ack.revision() >= needed;
                Instant appliedAt = null;
                Long ms = null;
                if (done) {
                    Map.Entry<Long, Instant> first = p.steps.ceilingEntry(needed);
                    appliedAt = first != null ? first.getValue() : null;
                    if (appliedAt != null) {
                        ms = Math.max(0, Duration.between(since, appliedAt).toMillis());
                        millis.add(ms);
                    }
                }
                String state;
                if (ack.at().plus(SILENT_AFTER).isBefore(now)) {
                    state = "silent";
                    silent.add(id);
                } else if (!done) {
                    state = "behind";
                    behind.add(id);
                } else {
                    state = "applied";
                }
                Nack nack = p.nack != null && !p.nack.at().isBefore(ack.at()) && p.nack.revision() == ack.revision() ? p.nack : null;
                peps.add(new PepState(id, ack.revision(), ack.at(), done, appliedAt, ms, state, nack));
            }
        }
        millis.sort(Comparator.naturalOrder());
        int applied = (int) peps.stream().filter(PepState::applied).count();
        return new Report(e.id(), e.status(), needed, since, applied, peps.size(), percentile(millis, 50), percentile(millis, 99),
                millis.isEmpty() ? null : millis.get(millis.size() - 1), behind, silent, peps);
    }

    /** The nearest-rank percentile of sorted {@code values}, or null when there are none. */
    private static Long percentile(List<Long> sorted, int p) {
        if (sorted.isEmpty()) {
            return null;
        }
        int rank = (int) Math.ceil(p / 100.0 * sorted.size());
        return sorted.get(Math.max(0, rank - 1));
    }
}
