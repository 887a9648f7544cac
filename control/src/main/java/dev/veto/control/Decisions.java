package dev.veto.control;

import dev.veto.cedar.entity.Entity;
import dev.veto.cedar.value.EntityUid;
import dev.veto.engine.EngineRequest;
import dev.veto.engine.EngineResponse;
import dev.veto.engine.Snapshot;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The decision path: every request is decided on one published state (an engine snapshot and
 * the shadow policies of the same revision), read once, so the slice guard, the decision, the
 * shadow evaluation and the revision reported all belong to one revision. It takes no lock and
 * shares none with commands; the {@link EventLog} publishes the next state with one write.
 */
public final class Decisions {
    /** What one revision decides with: read together, so they can never mix revisions. */
    private record Published(Snapshot snapshot, Shadow.Policies shadow) {}

    private volatile Published current;
    private final Clock clock;
    private final Shadow shadow = new Shadow();
    private final RecentDecisions recent = new RecentDecisions(4096);

    Decisions(Snapshot initial, Clock clock) {
        this.current = new Published(initial, Shadow.Policies.NONE);
        this.clock = clock;
    }

    /** Makes {@code snapshot} and {@code shadow}, of one revision, what decisions read from now on. */
    void publish(Snapshot snapshot, Shadow.Policies shadowPolicies) {
        current = new Published(snapshot, shadowPolicies);
    }

    /** A decision, and what shadow-mode proposals would have decided. */
    public record Decision(EngineResponse response, List<EngineResponse.Reason> shadowDenials) {
        /** The revision the decision was made at: the log size its snapshot reflects. */
        public long revision() {
            return response.revision();
        }
    }

    /** A request whose entity slice Veto refuses (it carries an action); nothing was decided. */
    public static final class SliceRefused extends RuntimeException {
        SliceRefused(String message) {
            super(message, null, false, false);
        }
    }

    /**
     * Decides {@code request} on the current state; an allowed request is also checked against
     * shadow-mode proposals.
     *
     * @throws SliceRefused when the request's entities hold an action
     */
    public Decision decide(EngineRequest request) {
        // INVARIANT: `current` is read once; everything below uses `at`, so a revision published
        // meanwhile cannot pair one revision's parents with another's policies.
        Published at = current;
        EngineRequest guarded = guardSlice(request, at.snapshot());
        EngineResponse r = at.snapshot().authorize(guarded);
        recent.record(guarded, r.isAllowed());
        List<EngineResponse.Reason> wouldDeny = r.isAllowed() && !at.shadow().isEmpty()
                ? shadow.wouldDeny(at.shadow(), guarded, at.snapshot(), clock.instant()) : List.of();
        return new Decision(r, wouldDeny);
    }

    /**
     * Starts the memory traffic a decision on {@code request} will need (see
     * {@link Snapshot#prefetch}); a batch calls it for the next requests before deciding this one.
     */
    public void prefetch(EngineRequest request) {
        current.snapshot().prefetch(request);
    }

    /** The snapshot decisions read now (its revision, counts, entities). */
    public Snapshot snapshot() {
        return current.snapshot();
    }

    /** How many decisions each shadow-mode proposal would have denied, by proposal id. */
    public Map<String, Long> shadowCounts() {
        return shadow.counts();
    }

    /** The allowed decisions recorded lately, for a proposal's impact preview. */
    List<EngineRequest> recent() {
        return recent.snapshot();
    }

    /**
     * A request's entities may describe its principal and resource, but not undo what Veto
     * stores: actions come from the catalog, and an entity Veto knows keeps its stored parents
     * (the slice can add parents, never detach it from a unit under enforcement).
     */
    static EngineRequest guardSlice(EngineRequest r, Snapshot snap) {
        if (r.entities().isEmpty()) {
            return r;
        }
        List<Entity> in = r.entities();
        // made only when an entity changes: most slices pass as they are
        List<Entity> out = null;
        for (int i = 0; i < in.size(); i++) {
            Entity e = in.get(i);
            if (e.uid().type().equals("Action")) {
                throw new SliceRefused("entity " + e.uid() + ": actions come from the service catalog; leave them out of the request");
            }
            Entity stored = snap.get(e.uid());
            if (stored != null && !e.parents().containsAll(stored.parents())) {
                Set<EntityUid> parents = new LinkedHashSet<>(e.parents());
                parents.addAll(stored.parents());
                if (out == null) {
                    out = new ArrayList<>(in.subList(0, i));
                }
                out.add(Entity.of(e.uid(), e.attributes(), parents, e.tags()));
            } else if (out != null) {
                out.add(e);
            }
        }
        return out != null ? new EngineRequest(r.principal(), r.action(), r.resource(), r.context(), out) : r;
    }
}
