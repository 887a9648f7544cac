package dev.veto.control;

import dev.veto.engine.EngineRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The last few thousand allowed decisions, so a proposal's preview can say which recorded
 * decisions would flip to deny. Recording is one atomic increment and one array store, cheap
 * enough for every request; older entries are overwritten.
 */
final class RecentDecisions {
    private final AtomicReferenceArray<EngineRequest> ring;
    private final AtomicLong next = new AtomicLong();

    RecentDecisions(int capacity) {
        ring = new AtomicReferenceArray<>(capacity);
    }

    /** Requests carrying more entities than this are kept without them, to bound the memory held. */
    static final int MAX_SLICE = 16;

    void record(EngineRequest request, boolean allowed) {
        if (allowed) {
            EngineRequest kept = request.entities().size() <= MAX_SLICE ? request
                    : new EngineRequest(request.principal(), request.action(), request.resource(), request.context(), null);
            ring.lazySet((int) (next.getAndIncrement() % ring.length()), kept);
        }
    }

    List<EngineRequest> snapshot() {
        List<EngineRequest> out = new ArrayList<>(ring.length());
        for (int i = 0; i < ring.length(); i++) {
            EngineRequest r = ring.get(i);
            if (r != null) {
                out.add(r);
            }
        }
        return out;
    }
}
