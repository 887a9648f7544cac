package dev.veto.control;

import dev.veto.cedar.ast.Effect;
import dev.veto.cedar.ast.Request;
import dev.veto.cedar.authz.Authorizer;
import dev.veto.cedar.authz.PolicySet;
import dev.veto.cedar.authz.Response;
import dev.veto.cedar.value.Datetime;
import dev.veto.cedar.value.RecordValue;
import dev.veto.cedar.value.Value;
import dev.veto.engine.EngineRequest;
import dev.veto.engine.EngineResponse;
import dev.veto.engine.Snapshot;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Shadow mode: the policies of proposals marked {@code shadow} are evaluated on live traffic
 * that the real policies allow, and counted as "would deny", but never deny. They are few, so
 * they are evaluated directly against the snapshot rather than indexed.
 */
final class Shadow {
    /** The shadow policies of one revision and the proposal each belongs to, parsed once. */
    record Policies(List<PolicySet.Entry> entries, Map<String, String> proposalOf) {
        static final Policies NONE = new Policies(List.of(), Map.of());

        boolean isEmpty() {
            return entries.isEmpty();
        }
    }

    private final Map<String, LongAdder> counts = new ConcurrentHashMap<>();

    /** The shadow policies that would deny {@code r} on {@code snapshot} at {@code now}, each proposal counted once. */
    List<EngineResponse.Reason> wouldDeny(Policies policies, EngineRequest r, Snapshot snapshot, Instant now) {
        Response resp = Authorizer.isAuthorized(request(r, now), policies.entries(), new OverlayEntities(snapshot, r.entities()));
        List<EngineResponse.Reason> out = new ArrayList<>();
        Set<String> proposals = new HashSet<>();
        for (PolicySet.Entry e : resp.reasons()) {
            if (e.policy().effect() == Effect.FORBID) {
                String proposal = policies.proposalOf().get(e.id());
                if (proposals.add(proposal)) {
                    counts.computeIfAbsent(proposal, k -> new LongAdder()).increment();
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

    /** How many decisions each proposal would have denied, by proposal id. */
    Map<String, Long> counts() {
        Map<String, Long> out = new TreeMap<>();
        counts.forEach((k, v) -> out.put(k, v.sum()));
        return out;
    }
}
