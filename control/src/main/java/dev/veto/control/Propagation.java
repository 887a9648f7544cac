package dev.veto.control;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Which enforcement points have applied which revision, from their acknowledgements. Kept in
 * memory: acknowledgements are frequent, operational and re-sent, so they are not log events.
 */
public final class Propagation {
    private static final Pattern PEP_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    /** The latest acknowledgement of one enforcement point. */
    public record Ack(String pep, long revision, Instant at) {}

    /** One enforcement point as an enforcement's propagation report shows it. */
    public record PepState(String pep, long revision, Instant at, boolean applied) {}

    /**
     * How far an enforcement has reached: the revision each point must have applied (the lifting
     * once lifted, the activation before), how many have, and each point's last acknowledgement.
     */
    public record Report(String enforcement, EnforcementStatus status, long revision, int applied, List<PepState> peps) {}

    private final Map<String, Ack> acks = new ConcurrentHashMap<>();

    /**
     * Records that {@code pep} has applied every entry below {@code revision}; acks never move
     * back, and none may claim more than the log holds ({@code current}).
     */
    Ack ack(String pep, long revision, Instant at, long current) {
        requireValidId(pep);
        if (revision < 0) {
            throw Rejection.invalid("revision", "`revision` must be the revision the enforcement point has applied (a non-negative integer)");
        }
        if (revision > current) {
            throw Rejection.invalid("revision", "revision " + revision + " is ahead of the log (" + current + "); acknowledge only what was applied");
        }
        return acks.merge(pep, new Ack(pep, revision, at), (old, neu) -> neu.revision() >= old.revision() ? neu : old);
    }

    /** Refuses an enforcement point id that is not 1 to 64 letters, digits and {@code . _ -}. */
    public static void requireValidId(String pep) {
        if (!PEP_ID.matcher(pep).matches()) {
            throw Rejection.invalid("id", "enforcement point id \"" + pep + "\" must be 1 to 64 letters, digits and . _ -");
        }
    }

    /** Every enforcement point's latest acknowledgement, by id. */
    public List<Ack> all() {
        List<Ack> out = new ArrayList<>(acks.values());
        out.sort(Comparator.comparing(Ack::pep));
        return out;
    }

    /** How far {@code e} has reached. */
    Report report(Views.EnforcementView e) {
        long needed = e.requiredRevision();
        List<PepState> peps = new ArrayList<>();
        int applied = 0;
        for (Ack ack : all()) {
            boolean done = ack.revision() >= needed;
            applied += done ? 1 : 0;
            peps.add(new PepState(ack.pep(), ack.revision(), ack.at(), done));
        }
        return new Report(e.id(), e.status(), needed, applied, peps);
    }
}
