package dev.veto.control;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which enforcement points have applied which revision, from their acknowledgements. Kept in
 * memory: acknowledgements are frequent, operational and re-sent, so they are not log events.
 */
public final class Propagation {
    /** The latest acknowledgement of one enforcement point. */
    public record Ack(String pep, long revision, Instant at) {}

    private final Map<String, Ack> acks = new ConcurrentHashMap<>();

    /** Records that {@code pep} has applied every entry below {@code revision}; acks never move back. */
    public Ack ack(String pep, long revision, Instant at) {
        return acks.merge(pep, new Ack(pep, revision, at), (old, neu) -> neu.revision() >= old.revision() ? neu : old);
    }

    public List<Ack> all() {
        List<Ack> out = new ArrayList<>(acks.values());
        out.sort(java.util.Comparator.comparing(Ack::pep));
        return out;
    }
}
