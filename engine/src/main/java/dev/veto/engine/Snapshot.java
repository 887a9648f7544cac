package dev.veto.engine;

import dev.veto.cedar.ast.Request;
import dev.veto.cedar.authz.Authorizer;
import dev.veto.cedar.authz.PolicySet;
import dev.veto.cedar.authz.Response;
import dev.veto.cedar.entity.Entity;
import dev.veto.cedar.entity.EntitySource;
import dev.veto.cedar.value.Datetime;
import dev.veto.cedar.value.EntityUid;
import dev.veto.cedar.value.RecordValue;
import dev.veto.cedar.value.Value;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One immutable state of the engine: entities with their hierarchy, policies with their scope
 * index, and the revision they belong to. Requests only read it, from any number of threads;
 * an update builds the next snapshot (sharing everything it did not change) and the engine
 * publishes it with one reference swap.
 */
public final class Snapshot implements EntitySource {
    final long revision;
    final EntityIds ids;
    final PagedArray<Node> nodes;
    /** Children of every entity id (stored or merely named as a parent). */
    final PagedArray<int[]> children;
    final int entityCount;
    final Map<String, CompiledPolicy> policies;
    final PagedArray<CompiledPolicy[]> byPrincipal;
    final PagedArray<CompiledPolicy[]> byResource;
    final PagedArray<CompiledPolicy[]> byAction;
    final CompiledPolicy[] unconstrained;
    final Clock clock;

    Snapshot(long revision, EntityIds ids, PagedArray<Node> nodes, PagedArray<int[]> children, int entityCount,
             Map<String, CompiledPolicy> policies, PagedArray<CompiledPolicy[]> byPrincipal,
             PagedArray<CompiledPolicy[]> byResource, PagedArray<CompiledPolicy[]> byAction,
             CompiledPolicy[] unconstrained, Clock clock) {
        this.revision = revision;
        this.ids = ids;
        this.nodes = nodes;
        this.children = children;
        this.entityCount = entityCount;
        this.policies = policies;
        this.byPrincipal = byPrincipal;
        this.byResource = byResource;
        this.byAction = byAction;
        this.unconstrained = unconstrained;
        this.clock = clock;
    }

    static Snapshot empty(Clock clock) {
        return new Snapshot(0, new EntityIds(), PagedArray.empty(), PagedArray.empty(), 0, Map.of(),
                PagedArray.empty(), PagedArray.empty(), PagedArray.empty(), new CompiledPolicy[0], clock);
    }

    public long revision() {
        return revision;
    }

    public int entityCount() {
        return entityCount;
    }

    public int policyCount() {
        return policies.size();
    }

    /** The stored policy with this id, or null. */
    public PolicySet.Entry policy(String id) {
        CompiledPolicy c = policies.get(id);
        return c == null ? null : c.entry;
    }

    // ---- EntitySource over the stored entities ----

    Node node(EntityUid uid) {
        int id = ids.idOf(uid);
        return id < 0 ? null : nodes.get(id);
    }

    @Override
    public Entity get(EntityUid uid) {
        Node n = node(uid);
        return n == null ? null : n.entity();
    }

    @Override
    public boolean isAncestor(EntityUid descendant, EntityUid ancestor) {
        Node n = node(descendant);
        if (n == null) {
            return false;
        }
        int a = ids.idOf(ancestor);
        return a >= 0 && n.hasAncestor(a);
    }

    // ---- decisions ----

    /** Decides one request on this snapshot. */
    public EngineResponse authorize(EngineRequest r) {
        return authorize(r, now());
    }

    /** Decides a batch, every request on this same snapshot and at the same instant. */
    public List<EngineResponse> authorizeBatch(List<EngineRequest> requests) {
        Datetime now = now();
        List<EngineResponse> out = new ArrayList<>(requests.size());
        for (EngineRequest r : requests) {
            out.add(authorize(r, now));
        }
        return out;
    }

    /** The instant requests are decided at, or null for an engine without a clock. */
    private Datetime now() {
        return clock == null ? null : new Datetime(clock.millis());
    }

    private EngineResponse authorize(EngineRequest r, Datetime now) {
        RequestEntities slice = r.entities().isEmpty() ? null : new RequestEntities(this, r.entities());
        EntitySource source = slice == null ? this : slice;
        List<PolicySet.Entry> candidates = new ArrayList<>(8);
        collect(byPrincipal, r.principal(), slice, candidates, false);
        collect(byResource, r.resource(), slice, candidates, false);
        collect(byAction, r.action(), slice, candidates, true);
        for (CompiledPolicy c : unconstrained) {
            candidates.add(c.entry);
        }
        Request request = new Request(r.principal(), r.action(), r.resource(), withNow(r.context(), now));
        Response resp = Authorizer.isAuthorized(request, candidates, source);
        List<EngineResponse.Reason> reasons = new ArrayList<>(resp.reasons().size());
        for (PolicySet.Entry e : resp.reasons()) {
            reasons.add(new EngineResponse.Reason(e.id(), e.policy().effect(), e.policy().annotations()));
        }
        return new EngineResponse(resp.decision(), reasons, resp.errors(), revision);
    }

    /**
     * Adds the policies filed under {@code uid} or any of its ancestors. Only policies filed under
     * several keys (action lists) can be met twice, so only they are checked for duplicates.
     */
    private void collect(PagedArray<CompiledPolicy[]> index, EntityUid uid, RequestEntities slice,
                         List<PolicySet.Entry> out, boolean dedupe) {
        int self = ids.idOf(uid);
        int[] ancestors;
        if (slice != null && slice.contains(uid)) {
            ancestors = slice.ancestorIds(uid);
        } else {
            Node n = self < 0 ? null : nodes.get(self);
            ancestors = n == null ? Node.NONE : n.ancestors();
        }
        if (self >= 0) {
            add(index.get(self), out, dedupe);
        }
        for (int a : ancestors) {
            add(index.get(a), out, dedupe);
        }
    }

    private static void add(CompiledPolicy[] bucket, List<PolicySet.Entry> out, boolean dedupe) {
        if (bucket == null) {
            return;
        }
        for (CompiledPolicy c : bucket) {
            if (!dedupe || c.keys.length == 1 || !containsIdentity(out, c.entry)) {
                out.add(c.entry);
            }
        }
    }

    private static boolean containsIdentity(List<PolicySet.Entry> list, PolicySet.Entry e) {
        for (PolicySet.Entry x : list) {
            if (x == e) {
                return true;
            }
        }
        return false;
    }

    /** The caller's context with {@code now} set from the engine's clock: callers cannot choose the time. */
    private static RecordValue withNow(RecordValue context, Datetime now) {
        if (now == null) {
            return context;
        }
        Map<String, Value> m = new HashMap<>(context.attributes());
        m.put("now", now);
        return new RecordValue(m);
    }
}
