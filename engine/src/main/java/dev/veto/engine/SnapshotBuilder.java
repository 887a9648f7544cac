package dev.veto.engine;

import dev.veto.cedar.entity.Entity;
import dev.veto.cedar.value.EntityUid;
import java.util.BitSet;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Applies a batch of changes to a snapshot, producing the next one. Only what the changes touch
 * is copied: the pages of the entity and index arrays they write, the ancestors of moved
 * entities and everything below them. Nothing is visible until {@link #build} returns, so a
 * refused batch leaves no trace.
 */
final class SnapshotBuilder {
    private final Snapshot base;
    private final EntityIds ids;
    private final PagedArray.Builder<Entity> entities;
    private final PagedArray.Builder<int[]> parents;
    private final PagedArray.Builder<int[]> ancestors;
    private final PagedArray.Builder<int[]> children;
    /**
     * Child lists changed by this batch, written back once in {@link #build}. Editing the stored
     * arrays in place would copy a parent's whole list per child: quadratic for a batch that
     * adds many entities under one parent.
     */
    private final Map<Integer, ChildList> childEdits = new HashMap<>();
    private int entityCount;
    /** Entities whose ancestors must be recomputed (new, moved, or whose parent vanished). */
    private final BitSet dirty = new BitSet();
    /** Entities whose ancestors this batch set or removed: their id slots learn them at build. */
    private final BitSet reancestored = new BitSet();
    /**
     * What siblings (entities with one and the same parent: the accounts of a unit, the users of
     * an account) share instead of each holding its own equal copy: their parent ids, their
     * parent set and their ancestors. Arrays and sets are never written after they are built, so
     * sharing them between entities and snapshots is safe.
     */
    private final SiblingCache<int[]> siblingParentIds = new SiblingCache<>();
    private final SiblingCache<Set<EntityUid>> siblingParents = new SiblingCache<>();
    private final SiblingCache<int[]> siblingAncestors = new SiblingCache<>();

    private Map<String, CompiledPolicy> policies;
    private final Map<Integer, List<CompiledPolicy>> principalEdits = new HashMap<>();
    private final Map<Integer, List<CompiledPolicy>> resourceEdits = new HashMap<>();
    private final Map<Integer, List<CompiledPolicy>> actionEdits = new HashMap<>();
    private List<CompiledPolicy> unconstrained;

    SnapshotBuilder(Snapshot base) {
        this.base = base;
        this.ids = base.ids;
        this.entities = base.entities.toBuilder();
        this.parents = base.parents.toBuilder();
        this.ancestors = base.ancestors.toBuilder();
        this.children = base.children.toBuilder();
        this.entityCount = base.entityCount;
    }

    /**
     * Sizes the id table once for a batch that brings more entities than are stored (a replica
     * joining from a state snapshot), rather than letting it grow step by step; and the caches
     * of what siblings share to the batch.
     */
    void expect(List<? extends Change> changes) {
        int puts = 0;
        for (Change c : changes) {
            if (c instanceof Change.PutEntity) {
                puts++;
            }
        }
        if (puts > ids.size()) {
            ids.reserve(puts);
        }
        siblingParentIds.expect(puts);
        siblingParents.expect(puts);
        siblingAncestors.expect(puts);
    }

    SnapshotBuilder apply(Change c) {
        switch (c) {
            case Change.PutEntity p -> putEntity(p.entity());
            case Change.RemoveEntity r -> removeEntity(r.uid());
            case Change.PutPolicy p -> putPolicy(p.id(), new CompiledPolicy(p.id(), p.policy(), ids));
            case Change.RemovePolicy r -> removePolicy(r.id());
        }
        return this;
    }

    // ---- entities ----

    private void putEntity(Entity e) {
        int id = ids.intern(e.uid());
        Entity old = entities.get(id);
        int[] parentIds = new int[e.parents().size()];
        // whether the entity already holds this engine's own uid objects (a replica's snapshot
        // decoded with shared values does); else it is stored with them, see canonical()
        boolean canonical = ids.uid(id) == e.uid();
        int i = 0;
        for (EntityUid p : e.parents()) {
            int pid = ids.intern(p);
            canonical &= ids.uid(pid) == p;
            parentIds[i++] = pid;
        }
        Arrays.sort(parentIds);
        int[] oldParents = old == null ? IntArrays.NONE : parents.get(id);
        if (old == null) {
            entityCount++;
        }
        if (old == null || !Arrays.equals(parentIds, oldParents)) {
            for (int p : oldParents) {
                childEdit(p).remove(id);
            }
            for (int p : parentIds) {
                childEdit(p).add(id);
            }
            dirty.set(id);
        } else {
            parentIds = oldParents;
        }
        if (parentIds.length == 1 && parentIds != oldParents) {
            parentIds = siblingParentIds.share(parentIds[0], parentIds);
        }
        entities.set(id, canonical(e, id, parentIds, canonical));
        parents.set(id, parentIds);
        if (dirty.get(id)) {
            // ancestors (and the id slot's copy of them) are set when the batch is built
            ancestors.set(id, IntArrays.NONE);
        }
        if (old == null) {
            // entities that named this one as a parent before it existed gain its ancestors now
            markAll(childrenOf(id));
        }
    }

    /**
     * {@code e} as it is stored: with the uid objects this engine numbered (an equal uid parsed
     * again for each entity that names it as a parent would cost some 80 bytes per entity), and
     * a one-parent set shared with its siblings. Equal to {@code e}; the same object when it
     * already is so.
     */
    private Entity canonical(Entity e, int id, int[] parentIds, boolean canonical) {
        Set<EntityUid> ps = e.parents();
        if (parentIds.length == 1) {
            Set<EntityUid> shared = siblingParents.get(parentIds[0]);
            if (shared == null) {
                shared = canonical ? ps : Set.of(ids.uid(parentIds[0]));
                siblingParents.put(parentIds[0], shared);
            }
            if (canonical && shared == ps) {
                return e;
            }
            ps = shared;
        } else if (canonical) {
            return e;
        } else if (!ps.isEmpty()) {
            EntityUid[] uids = new EntityUid[parentIds.length];
            for (int k = 0; k < uids.length; k++) {
                uids[k] = ids.uid(parentIds[k]);
            }
            ps = Set.of(uids);
        }
        return Entity.of(ids.uid(id), e.attributes(), ps, e.tags());
    }

    private void removeEntity(EntityUid uid) {
        int id = ids.idOf(uid);
        Entity old = id < 0 ? null : entities.get(id);
        if (old == null) {
            return;
        }
        for (int p : parents.get(id)) {
            childEdit(p).remove(id);
        }
        entities.set(id, null);
        parents.set(id, null);
        ancestors.set(id, null);
        reancestored.set(id);
        entityCount--;
        dirty.clear(id);
        // children keep it as a parent (as Cedar allows), but lose the ancestors they had through it
        markAll(childrenOf(id));
    }

    private int[] childrenOf(int id) {
        ChildList edited = childEdits.get(id);
        if (edited != null) {
            return edited.toArray();
        }
        int[] c = children.get(id);
        return c == null ? IntArrays.NONE : c;
    }

    private ChildList childEdit(int parent) {
        return childEdits.computeIfAbsent(parent, p -> {
            int[] c = children.get(p);
            return new ChildList(c == null ? IntArrays.NONE : c);
        });
    }

    /** A parent's children while a batch edits them: append, and remove by swapping in the last. */
    private static final class ChildList {
        private int[] ids;
        private int size;

        ChildList(int[] base) {
            ids = Arrays.copyOf(base, Math.max(4, base.length + (base.length >> 1)));
            size = base.length;
        }

        void add(int id) {
            if (size == ids.length) {
                ids = Arrays.copyOf(ids, size * 2);
            }
            ids[size++] = id;
        }

        void remove(int id) {
            for (int i = 0; i < size; i++) {
                if (ids[i] == id) {
                    ids[i] = ids[--size];
                    return;
                }
            }
        }

        int[] toArray() {
            return size == 0 ? IntArrays.NONE : Arrays.copyOf(ids, size);
        }
    }

    private void markAll(int[] ids) {
        for (int v : ids) {
            dirty.set(v);
        }
    }

    /**
     * Recomputes ancestors of the dirty entities and of everything below them, parents first.
     * An iterative depth-first walk with memo, so deep hierarchies cannot overflow the stack;
     * reaching an entity already on the walk's path means the batch made a cycle.
     */
    private void recomputeAncestors() {
        if (dirty.isEmpty()) {
            return;
        }
        // bit sets over entity ids: compact and allocation-free, and a batch of a million
        // entities is as cheap per entity as a batch of one
        BitSet affected = new BitSet();
        int[] queue = new int[64];
        int head = 0;
        int tail = 0;
        for (int id = dirty.nextSetBit(0); id >= 0; id = dirty.nextSetBit(id + 1)) {
            if (tail == queue.length) {
                queue = Arrays.copyOf(queue, queue.length * 2);
            }
            queue[tail++] = id;
        }
        while (head < tail) {
            int id = queue[head++];
            if (entities.get(id) != null && !affected.get(id)) {
                affected.set(id);
                for (int c : childrenOf(id)) {
                    if (tail == queue.length) {
                        queue = Arrays.copyOf(queue, queue.length * 2);
                    }
                    queue[tail++] = c;
                }
            }
            if (head > 4096 && head * 2 > tail) {
                // compact the consumed prefix so long walks do not hold the whole queue
                System.arraycopy(queue, head, queue, 0, tail - head);
                tail -= head;
                head = 0;
            }
        }
        BitSet done = new BitSet();
        int[] buf = new int[64];
        int[] stackId = new int[64];
        int[] stackNext = new int[64];
        for (int root = affected.nextSetBit(0); root >= 0; root = affected.nextSetBit(root + 1)) {
            if (done.get(root)) {
                continue;
            }
            int sp = 0;
            stackId[sp] = root;
            stackNext[sp++] = 0;
            while (sp > 0) {
                int id = stackId[sp - 1];
                int[] ps = parents.get(id);
                if (stackNext[sp - 1] < ps.length) {
                    int p = ps[stackNext[sp - 1]++];
                    if (onStack(stackId, sp, p)) {
                        throw new EngineException("this change would make the entity hierarchy cyclic: `"
                                + ids.uid(p) + "` would be below itself");
                    }
                    if (affected.get(p) && !done.get(p)) {
                        if (sp == stackId.length) {
                            stackId = Arrays.copyOf(stackId, sp * 2);
                            stackNext = Arrays.copyOf(stackNext, sp * 2);
                        }
                        stackId[sp] = p;
                        stackNext[sp++] = 0;
                    }
                    continue;
                }
                sp--;
                int[] shared = ps.length == 1 ? siblingAncestors.get(ps[0]) : null;
                if (shared != null) {
                    ancestors.set(id, shared);
                    reancestored.set(id);
                    done.set(id);
                    continue;
                }
                int k = 0;
                for (int p : ps) {
                    int[] pa = entities.get(p) == null ? IntArrays.NONE : ancestors.get(p);
                    if (k + pa.length + 1 > buf.length) {
                        buf = Arrays.copyOf(buf, (k + pa.length + 1) * 2);
                    }
                    buf[k++] = p;
                    System.arraycopy(pa, 0, buf, k, pa.length);
                    k += pa.length;
                }
                int[] anc = IntArrays.sortedDistinct(buf, k);
                if (ps.length == 1) {
                    siblingAncestors.put(ps[0], anc);
                }
                ancestors.set(id, anc);
                reancestored.set(id);
                done.set(id);
            }
        }
    }

    /**
     * Something all entities whose only parent is the key share. Direct-mapped and forgetful: a
     * miss only costs a fresh copy. A shared array also helps decisions: one that reaches an
     * account finds its ancestors in an array that other requests keep in cache.
     */
    private static final class SiblingCache<T> {
        /**
         * Slots, a power of two: as many as the batch has entities, from 16 to 4,096, made on
         * the first put. Most batches (a policy, an entity moved) put little or nothing, and
         * an engine replicated a hundred times in one process applies each of them a hundred times.
         */
        private int size = 4096;
        private int[] parents;
        private Object[] values;

        void expect(int entities) {
            size = Integer.highestOneBit(Math.max(16, Math.min(4096, entities)) - 1) << 1;
        }

        @SuppressWarnings("unchecked")
        T get(int parent) {
            return parents != null && parents[parent & (size - 1)] == parent ? (T) values[parent & (size - 1)] : null;
        }

        void put(int parent, T value) {
            if (parents == null) {
                parents = new int[size];
                Arrays.fill(parents, -1);
                values = new Object[size];
            }
            int i = parent & (size - 1);
            parents[i] = parent;
            values[i] = value;
        }

        /** The value held for {@code parent}, or {@code value}, which is then held. */
        T share(int parent, T value) {
            T held = get(parent);
            if (held != null) {
                return held;
            }
            put(parent, value);
            return value;
        }
    }

    /** The walk's path is as deep as the hierarchy, a handful of levels: a scan beats a set. */
    private static boolean onStack(int[] stack, int size, int id) {
        for (int i = 0; i < size; i++) {
            if (stack[i] == id) {
                return true;
            }
        }
        return false;
    }

    // ---- policies ----

    private Map<String, CompiledPolicy> policies() {
        if (policies == null) {
            policies = new HashMap<>(base.policies);
        }
        return policies;
    }

    private void putPolicy(String id, CompiledPolicy c) {
        CompiledPolicy old = policies().put(id, c);
        if (old != null) {
            file(old, false);
        }
        file(c, true);
    }

    private void removePolicy(String id) {
        CompiledPolicy old = policies().remove(id);
        if (old != null) {
            file(old, false);
        }
    }

    private void file(CompiledPolicy c, boolean add) {
        switch (c.family) {
            case NEVER -> { }
            case UNCONSTRAINED -> {
                if (unconstrained == null) {
                    unconstrained = new ArrayList<>(Arrays.asList(base.unconstrained));
                }
                if (add) {
                    unconstrained.add(c);
                } else {
                    unconstrained.remove(c);
                }
            }
            case PRINCIPAL -> edit(principalEdits, base.byPrincipal, c, add);
            case RESOURCE -> edit(resourceEdits, base.byResource, c, add);
            case ACTION -> edit(actionEdits, base.byAction, c, add);
        }
    }

    private void edit(Map<Integer, List<CompiledPolicy>> edits, IntIndex index, CompiledPolicy c, boolean add) {
        for (EntityUid key : c.keys) {
            int id = ids.intern(key);
            List<CompiledPolicy> bucket = edits.computeIfAbsent(id, k -> {
                CompiledPolicy[] cur = index.get(k);
                return cur == null ? new ArrayList<>() : new ArrayList<>(Arrays.asList(cur));
            });
            if (add) {
                bucket.add(c);
            } else {
                bucket.remove(c);
            }
        }
    }

    Snapshot build(long revision) {
        recomputeAncestors();
        int seq = base.seq == Integer.MAX_VALUE ? Integer.MAX_VALUE : base.seq + 1;
        if (seq == Integer.MAX_VALUE) {
            // out of numbers (two billion updates): slots stop vouching for ancestors, and every
            // look-up reads the snapshot's own
            if (base.seq != Integer.MAX_VALUE) {
                ids.forgetAncestors();
            }
        } else {
            for (int id = reancestored.nextSetBit(0); id >= 0; id = reancestored.nextSetBit(id + 1)) {
                ids.setAncestors(id, seq, entities.get(id) == null ? IntArrays.NONE : ancestors.get(id));
            }
        }
        for (Map.Entry<Integer, ChildList> e : childEdits.entrySet()) {
            int[] c = e.getValue().toArray();
            children.set(e.getKey(), c.length == 0 ? null : c);
        }
        return new Snapshot(revision, seq, ids, entities.build(), parents.build(), ancestors.build(), children.build(), entityCount,
                policies == null ? base.policies : java.util.Collections.unmodifiableMap(policies),
                base.byPrincipal.with(principalEdits),
                base.byResource.with(resourceEdits),
                base.byAction.with(actionEdits),
                unconstrained == null ? base.unconstrained : unconstrained.toArray(CompiledPolicy[]::new),
                base.clock);
    }
}
