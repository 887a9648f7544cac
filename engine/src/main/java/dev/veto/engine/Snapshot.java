package dev.veto.engine;

import dev.veto.cedar.ast.Request;
import dev.veto.cedar.authz.Authorizer;
import dev.veto.cedar.authz.Decision;
import dev.veto.cedar.authz.PolicyError;
import dev.veto.cedar.eval.EvalError;
import dev.veto.cedar.eval.Evaluator;
import dev.veto.cedar.authz.PolicySet;
import dev.veto.cedar.entity.Entity;
import dev.veto.cedar.entity.EntitySource;
import dev.veto.cedar.value.Datetime;
import dev.veto.cedar.value.EntityUid;
import dev.veto.cedar.value.RecordValue;
import dev.veto.cedar.value.Value;
import java.time.Clock;
import java.util.ArrayList;
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
    /**
     * This engine's count of published snapshots: what {@link EntityIds#ancestorsAt} checks a
     * slot's ancestors against. It stops at {@link Integer#MAX_VALUE}, where ancestors are no
     * longer recorded in slots and every look-up reads the snapshot's own.
     */
    final int seq;
    final EntityIds ids;
    /**
     * Each stored entity by id, as it was put, but holding the engine's own uid objects (see
     * {@link SnapshotBuilder}); its transitive ancestors are not on it but in {@link #ancestors}.
     *
     * <p>Why four arrays rather than one object per entity: a node object bundling the entity
     * with its id arrays, and an entity copy carrying a view of its ancestors, cost about 100
     * bytes per entity (a hundred megabytes over a million), and a decision only ever wants one
     * of the four at a time.
     */
    final PagedArray<Entity> entities;
    /** Each stored entity's direct parent ids, sorted (siblings share one array). */
    final PagedArray<int[]> parents;
    /** Each stored entity's ancestor ids, sorted (siblings share one array). */
    final PagedArray<int[]> ancestors;
    /** Children of every entity id (stored or merely named as a parent). */
    final PagedArray<int[]> children;
    final int entityCount;
    final Map<String, CompiledPolicy> policies;
    final IntIndex byPrincipal;
    final IntIndex byResource;
    final IntIndex byAction;
    final CompiledPolicy[] unconstrained;
    final Clock clock;
    /** The instant of the last decision, reused by the next one in the same millisecond. */
    private Datetime lastNow;
    /** Written only so that the loads warming the id table have a use (see {@code authorize}); never read. */
    @SuppressWarnings("unused")
    private boolean warmSink;

    Snapshot(long revision, int seq, EntityIds ids, PagedArray<Entity> entities, PagedArray<int[]> parents, PagedArray<int[]> ancestors,
             PagedArray<int[]> children, int entityCount,
             Map<String, CompiledPolicy> policies, IntIndex byPrincipal,
             IntIndex byResource, IntIndex byAction,
             CompiledPolicy[] unconstrained, Clock clock) {
        this.revision = revision;
        this.seq = seq;
        this.ids = ids;
        this.entities = entities;
        this.parents = parents;
        this.ancestors = ancestors;
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
        return new Snapshot(0, 0, new EntityIds(), PagedArray.empty(), PagedArray.empty(), PagedArray.empty(), PagedArray.empty(), 0, Map.of(),
                IntIndex.EMPTY, IntIndex.EMPTY, IntIndex.EMPTY, new CompiledPolicy[0], clock);
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

    /**
     * Calls {@code action} with every stored entity (catalog actions included), in id order: what a
     * state snapshot sends to a replica joining at this revision.
     */
    public void forEachEntity(java.util.function.Consumer<Entity> action) {
        int n = ids.size();
        for (int i = 0; i < n; i++) {
            Entity e = entities.get(i);
            if (e != null) {
                action.accept(withAncestors(i, e));
            }
        }
    }

    /** The stored policy with this id, or null. */
    public PolicySet.Entry policy(String id) {
        CompiledPolicy c = policies.get(id);
        return c == null ? null : c.entry;
    }

    /** The ancestor ids of stored entity {@code id}; none when it is not stored. */
    int[] ancestorsOf(int id) {
        int[] a = id < 0 ? null : ancestors.get(id);
        return a == null ? IntArrays.NONE : a;
    }

    // ---- EntitySource over the stored entities ----

    /**
     * The stored entity as it was put, without its ancestors (they are answered by
     * {@link #isAncestor}): what a decision reads, for attributes and tags.
     */
    Entity stored(EntityUid uid) {
        int id = ids.idOf(uid);
        return id < 0 ? null : entities.get(id);
    }

    /** Whether {@code uid} is stored, without reading its entity. */
    public boolean contains(EntityUid uid) {
        return ids.idOf(uid) >= 0;
    }

    /** The stored entity with its ancestors (a view over this snapshot's ids, made on each call), or null. */
    @Override
    public Entity get(EntityUid uid) {
        int id = ids.idOf(uid);
        Entity e = id < 0 ? null : entities.get(id);
        return e == null ? null : withAncestors(id, e);
    }

    private Entity withAncestors(int id, Entity e) {
        return e.withAncestors(new IdSet(ids, ancestorsOf(id)));
    }

    /** An entity's ancestors as a set of uids, viewed over its sorted id array. */
    private static final class IdSet extends java.util.AbstractSet<EntityUid> {
        private final EntityIds ids;
        private final int[] sorted;

        IdSet(EntityIds ids, int[] sorted) {
            this.ids = ids;
            this.sorted = sorted;
        }

        @Override
        public boolean contains(Object o) {
            if (!(o instanceof EntityUid u)) {
                return false;
            }
            int id = ids.idOf(u);
            return id >= 0 && IntArrays.contains(sorted, id);
        }

        @Override
        public java.util.Iterator<EntityUid> iterator() {
            return java.util.Arrays.stream(sorted).mapToObj(ids::uid).iterator();
        }

        @Override
        public int size() {
            return sorted.length;
        }
    }

    @Override
    public boolean isAncestor(EntityUid descendant, EntityUid ancestor) {
        int d = ids.idOf(descendant);
        if (d < 0) {
            return false;
        }
        int a = ids.idOf(ancestor);
        return a >= 0 && IntArrays.contains(ancestorsOf(d), a);
    }

    // ---- decisions ----

    /** Decides one request on this snapshot, its entities replacing stored ones of the same uid ({@link SliceRule#REPLACES}). */
    public EngineResponse authorize(EngineRequest r) {
        return authorize(r, now(), SliceRule.REPLACES);
    }

    /** Decides one request on this snapshot, its entities combined with the stored ones by {@code rule}. */
    public EngineResponse authorize(EngineRequest r, SliceRule rule) {
        return authorize(r, now(), rule);
    }

    /** Decides a batch, every request on this same snapshot and at the same instant. */
    public List<EngineResponse> authorizeBatch(List<EngineRequest> requests) {
        Datetime now = now();
        List<EngineResponse> out = new ArrayList<>(requests.size());
        for (EngineRequest r : requests) {
            out.add(authorize(r, now, SliceRule.REPLACES));
        }
        return out;
    }

    /** The instant requests are decided at, or null for an engine without a clock. */
    private Datetime now() {
        if (clock == null) {
            return null;
        }
        long millis = clock.millis();
        // decisions within one millisecond share one instant (a benign race: a Datetime is immutable)
        Datetime last = lastNow;
        if (last != null && last.epochMillis() == millis) {
            return last;
        }
        return lastNow = new Datetime(millis);
    }

    /**
     * The hot path. Policies are reached only through the index, their scopes matched on int
     * chains, and only those whose scope matches and that have conditions meet the evaluator,
     * which is created on first need. The plain {@link Authorizer} does the same over all
     * policies; the differential test keeps the two in agreement.
     */
    private EngineResponse authorize(EngineRequest r, Datetime now, SliceRule rule) {
        // Each stored entity a decision reaches first (the action, and the parents of the slice's
        // entities: their accounts) is usually a cache miss in the id table. None of these
        // look-ups needs another, so their first loads are issued together here and the misses
        // overlap, instead of each waiting for the one before. The action's stored chain is read
        // now, though the slice may still replace it.
        long warm = peekSlice(r);
        Chain storedAction = storedChain(r.action());
        List<Entity> sliceEntities = r.entities();
        RequestEntities slice = sliceEntities.isEmpty() ? null : new RequestEntities(this, sliceEntities, rule);
        Decide d = new Decide(r, now, slice, storedAction);
        keep(warm);
        d.bucketsOf(byPrincipal, d.principal);
        d.bucketsOf(byResource, d.resource);
        d.bucketsOf(byAction, d.action);
        for (CompiledPolicy c : unconstrained) {
            d.consider(c);
        }
        return d.response();
    }

    /** Issues the first loads of the id-table look-ups of the slice's parents; see {@link #prefetch}. */
    private long peekSlice(EngineRequest r) {
        long warm = 0;
        List<Entity> sliceEntities = r.entities();
        if (!sliceEntities.isEmpty()) {
            EntityIds.Table t = ids.table();
            for (int i = 0, n = Math.min(sliceEntities.size(), 4); i < n; i++) {
                for (EntityUid p : sliceEntities.get(i).parents()) {
                    warm += ids.peek(t, p);
                }
            }
        }
        return warm;
    }

    /** Gives warming loads a use the compiler cannot drop. */
    private void keep(long warm) {
        if (warm == Long.MIN_VALUE) {
            // practically never taken; a store to a shared object cannot be optimised away
            warmSink = true;
        }
    }

    /**
     * Starts the cache misses a decision on {@code r} will meet first (the id slots of its
     * action and of its slice's parents) and returns at once. A caller deciding a batch calls it
     * for the next request before deciding the current one, so those misses are served while
     * it works instead of stalling the next decision.
     */
    public void prefetch(EngineRequest r) {
        keep(peekSlice(r) + ids.peek(ids.table(), r.action()));
    }

    /**
     * The request's view of an entity: its id (or -1), possibly one direct parent held apart
     * ({@code parent}, or -1), and ancestor ids. Holding the parent apart lets a request entity
     * share its stored parent's ancestor array instead of copying it.
     */
    static final class Chain {
        final EntityUid uid;
        final int self;
        final int parent;
        final int[] ancestors;

        Chain(EntityUid uid, int self, int parent, int[] ancestors) {
            this.uid = uid;
            this.self = self;
            this.parent = parent;
            this.ancestors = ancestors;
        }

        /** Whether some ancestor has an entity id: the entity sits under something stored (or named by a policy). */
        boolean hasNumberedAncestor() {
            return parent >= 0 || ancestors.length > 0;
        }

        boolean isIn(int id) {
            return id == self || id == parent || IntArrays.contains(ancestors, id);
        }

        /** All ancestor ids in one sorted array (allocates when a parent is held apart). */
        int[] ancestorsWithParent() {
            if (parent < 0) {
                return ancestors;
            }
            int[] out = java.util.Arrays.copyOf(ancestors, ancestors.length + 1);
            out[ancestors.length] = parent;
            return IntArrays.sortedDistinct(out, out.length);
        }
    }

    /**
     * The stored chain of {@code uid}, read from its id slot when the slot holds its ancestors
     * (see {@link EntityIds#ancestorsAt}): one cache miss for an account's whole ancestry, where
     * the snapshot's arrays would be two more.
     */
    Chain storedChain(EntityUid uid) {
        EntityIds.Table t = ids.table();
        int at = ids.find(t, uid);
        if (at < 0) {
            return new Chain(uid, -1, -1, IntArrays.NONE);
        }
        int self = EntityIds.idAt(t, at);
        int[] held = EntityIds.ancestorsAt(t, at, seq);
        return new Chain(uid, self, -1, held != null ? held : ancestorsOf(self));
    }

    /** One decision in progress. */
    private final class Decide implements EntitySource {
        final EngineRequest r;
        final Datetime now;
        final RequestEntities slice;
        final Chain principal;
        final Chain action;
        final Chain resource;
        /** Whether each chain is the stored one (the slice did not make it), so it answers {@code in} for its entity. */
        final boolean principalStored;
        final boolean actionStored;
        final boolean resourceStored;
        Evaluator evaluator;
        List<CompiledPolicy> seenMultiKey;
        List<EngineResponse.Reason> forbids;
        List<EngineResponse.Reason> permits;
        List<PolicyError> errors;

        Decide(EngineRequest r, Datetime now, RequestEntities slice, Chain storedAction) {
            this.r = r;
            this.now = now;
            this.slice = slice;
            Chain p = slice == null ? null : slice.chainOf(r.principal());
            Chain a = slice == null ? null : slice.chainOf(r.action());
            Chain res = slice == null ? null : slice.chainOf(r.resource());
            this.principalStored = p == null;
            this.actionStored = a == null;
            this.resourceStored = res == null;
            this.principal = p != null ? p : storedChain(r.principal());
            this.action = a != null ? a : storedAction;
            this.resource = res != null ? res : storedChain(r.resource());
        }

        // ---- the entities the evaluator sees ----

        /**
         * Entities as stored or as the request brings them, neither with its ancestors: the
         * evaluator reads their attributes and tags here, and asks {@code in} of {@link #isAncestor}.
         */
        @Override
        public Entity get(EntityUid uid) {
            return slice == null ? stored(uid) : slice.get(uid);
        }

        /**
         * {@code in} as the store (or the slice) answers it; for the request's own principal,
         * action and resource, from the chains already read, so a condition such as
         * {@code action in Action::"access:read"} costs no look-up of the action again.
         */
        @Override
        public boolean isAncestor(EntityUid descendant, EntityUid ancestor) {
            Chain c = actionStored && descendant.equals(action.uid) ? action
                    : principalStored && descendant.equals(principal.uid) ? principal
                    : resourceStored && descendant.equals(resource.uid) ? resource
                    : null;
            if (c == null) {
                return slice == null ? Snapshot.this.isAncestor(descendant, ancestor) : slice.isAncestor(descendant, ancestor);
            }
            int a = ids.idOf(ancestor);
            return a >= 0 && a != c.self && c.isIn(a);
        }

        /** Considers the policies filed under the chain's entity and each of its ancestors. */
        void bucketsOf(IntIndex index, Chain c) {
            if (c.self >= 0) {
                bucket(index.get(c.self));
            }
            if (c.parent >= 0) {
                bucket(index.get(c.parent));
            }
            for (int a : c.ancestors) {
                bucket(index.get(a));
            }
        }

        private void bucket(CompiledPolicy[] policies) {
            if (policies == null) {
                return;
            }
            for (CompiledPolicy c : policies) {
                if (c.multiKey) {
                    // only policies filed under several actions can be met twice
                    if (seenMultiKey == null) {
                        seenMultiKey = new ArrayList<>(4);
                    } else if (seenMultiKey.contains(c)) {
                        continue;
                    }
                    seenMultiKey.add(c);
                }
                consider(c);
            }
        }

        void consider(CompiledPolicy c) {
            if (!c.scopeMatches(principal, action, resource)) {
                return;
            }
            if (c.hasConditions) {
                if (evaluator == null) {
                    Request request = new Request(r.principal(), r.action(), r.resource(), withNow(r.context(), now));
                    evaluator = new Evaluator(request, this);
                }
                try {
                    if (!evaluator.conditionsHold(c.entry.policy())) {
                        return;
                    }
                } catch (EvalError e) {
                    if (errors == null) {
                        errors = new ArrayList<>(2);
                    }
                    errors.add(new PolicyError(c.id(), e.getMessage()));
                    return;
                }
            }
            if (c.forbid) {
                forbids = add(forbids, c);
            } else {
                permits = add(permits, c);
            }
        }

        /** One reason is the policy's own list of one; a second makes a growable list. */
        private static List<EngineResponse.Reason> add(List<EngineResponse.Reason> to, CompiledPolicy c) {
            if (to == null) {
                return c.reasonAlone;
            }
            if (!(to instanceof ArrayList)) {
                List<EngineResponse.Reason> grown = new ArrayList<>(4);
                grown.addAll(to);
                to = grown;
            }
            to.add(c.reason);
            return to;
        }

        EngineResponse response() {
            List<PolicyError> errs = errors == null ? List.of() : errors;
            int found = (action.self >= 0 ? EngineResponse.ACTION_KNOWN : 0)
                    | (principal.hasNumberedAncestor() ? EngineResponse.PRINCIPAL_PLACED : 0)
                    | (resource.hasNumberedAncestor() ? EngineResponse.RESOURCE_PLACED : 0);
            if (forbids != null) {
                return new EngineResponse(Decision.DENY, forbids, errs, revision, found);
            }
            if (permits != null) {
                return new EngineResponse(Decision.ALLOW, permits, errs, revision, found);
            }
            return new EngineResponse(Decision.DENY, List.of(), errs, revision, found);
        }
    }

    /** The caller's context with {@code now} set from the engine's clock: callers cannot choose the time. */
    private static RecordValue withNow(RecordValue context, Datetime now) {
        if (now == null) {
            return context;
        }
        Map<String, Value> attrs = context.attributes();
        if (attrs.isEmpty()) {
            return new RecordValue(Map.of("now", now));
        }
        // straight into an immutable map, which RecordValue keeps as it is (no HashMap, no copy)
        @SuppressWarnings("unchecked")
        Map.Entry<String, Value>[] entries = new Map.Entry[attrs.size() + 1];
        int n = 0;
        for (Map.Entry<String, Value> e : attrs.entrySet()) {
            if (!e.getKey().equals("now")) {
                entries[n++] = Map.entry(e.getKey(), e.getValue());
            }
        }
        entries[n++] = Map.entry("now", now);
        return new RecordValue(Map.ofEntries(n == entries.length ? entries : java.util.Arrays.copyOf(entries, n)));
    }
}
