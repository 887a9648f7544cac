package dev.veto.control;

import dev.veto.cedar.ast.Effect;
import dev.veto.cedar.ast.Request;
import dev.veto.cedar.authz.Authorizer;
import dev.veto.cedar.authz.PolicySet;
import dev.veto.cedar.authz.Response;
import dev.veto.cedar.value.RecordValue;
import dev.veto.cedar.value.Value;
import dev.veto.cedar.value.Datetime;
import dev.veto.engine.EngineRequest;
import dev.veto.engine.EngineResponse;
import dev.veto.engine.Snapshot;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Shadow mode: the policies of proposals marked {@code shadow} are evaluated on live traffic
 * that the real policies allow, and counted as "would deny", but never deny. They are few, so
 * they are evaluated directly against the snapshot rather than indexed.
 */
final class Shadow {
    /** The shadow policies and the proposal each belongs to, built once per revision, not per decision. */
    private record Items(List<PolicySet.Entry> entries, Map<String, String> proposalOf) {}

    private volatile Items items = new Items(List.of(), Map.of());
    private final Map<String, LongAdder> counts = new ConcurrentHashMap<>();

    void reset(Collection<State.ShadowPolicy> policies) {
        List<PolicySet.Entry> entries = new ArrayList<>();
        Map<String, String> proposalOf = new HashMap<>();
        for (State.ShadowPolicy p : policies) {
            entries.add(ControlPlane.entry(p.policy()));
            proposalOf.put(p.policy().id(), p.proposalId());
        }
        items = new Items(List.copyOf(entries), Map.copyOf(proposalOf));
    }

    /** Whether any proposal is in shadow mode now (when none is, a decision need not ask). */
    boolean active() {
        return !items.entries().isEmpty();
    }

    List<EngineResponse.Reason> wouldDeny(EngineRequest r, Snapshot snapshot, Instant now) {
        Items current = items;
        if (current.entries().isEmpty()) {
            return List.of();
        }
        List<PolicySet.Entry> entries = current.entries();
        Map<String, String> proposalOf = current.proposalOf();
        Response resp = Authorizer.isAuthorized(request(r, now), entries, new OverlayEntities(snapshot, r.entities()));
        List<EngineResponse.Reason> out = new ArrayList<>();
        java.util.Set<String> proposals = new java.util.HashSet<>();
        for (PolicySet.Entry e : resp.reasons()) {
            if (e.policy().effect() == Effect.FORBID) {
                // One decision counts once per proposal, however many of its policies match.
                if (proposals.add(proposalOf.get(e.id()))) {
                    counts.computeIfAbsent(proposalOf.get(e.id()), k -> new LongAdder()).increment();
                }
                out.add(new EngineResponse.Reason(e.id(), Effect.FORBID, e.policy().annotations()));
            }
        }
        return out;
    }

    /** The request as the plain authorizer takes it, with {@code context.now} set as the engine does. */
    static Request request(EngineRequest r, Instant now) {
        Map<String, Value> ctx = new HashMap<>(r.context().attributes());
        ctx.put("now", new Datetime(now.toEpochMilli()));
        return new Request(r.principal(), r.action(), r.resource(), new RecordValue(ctx));
    }

    Map<String, Long> counts() {
        Map<String, Long> out = new TreeMap<>();
        counts.forEach((k, v) -> out.put(k, v.sum()));
        return out;
    }
}
