package dev.veto.engine;

import dev.veto.cedar.entity.Entity;
import dev.veto.cedar.value.EntityUid;
import java.util.AbstractSet;
import java.util.BitSet;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Applies a batch of changes to a snapshot, producing the next one. Only what the changes touch
 * is copied: the pages of the entity and index arrays they write, the ancestors of moved
 * entities and everything below them. Nothing is visible until {@link #build} returns, so a
 * refused batch leaves no trace.
 */
final class SnapshotBuilder {
    private final Snapshot base;
    private final EntityIds ids;
    private final PagedArray.Builder<Node> nodes;
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

    private Map<String, CompiledPolicy> policies;
    private final Map<Integer, List<CompiledPolicy>> principalEdits = new HashMap<>();
    private final Map<Integer, List<CompiledPolicy>> resourceEdits = new HashMap<>();
    private final Map<Integer, List<CompiledPolicy>> actionEdits = new HashMap<>();
    private List<CompiledPolicy> unconstrained;

    SnapshotBuilder(Snapshot base) {
        this.base = base;
        this.ids = base.ids;
        this.nodes = base.nodes.toBuilder();
        this.ancestors = base.ancestors.toBuilder();
        this.children = base.children.toBuilder();
        this.entityCount = base.entityCount;
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
        Node old = nodes.get(id);
        int[] parents = new int[e.parents().size()];
        int i = 0;
        for (EntityUid p : e.parents()) {
            parents[i++] = ids.intern(p);
        }
        Arrays.sort(parents);
        int[] oldParents = old == null ? Node.NONE : old.parents();
        if (old == null) {
            entityCount++;
        }
        if (old == null || !Arrays.equals(parents, oldParents)) {
            for (int p : oldParents) {
                childEdit(p).remove(id);
            }
            for (int p : parents) {
                childEdit(p).add(id);
            }
            dirty.set(id);
        }
        if (dirty.get(id)) {
            // ancestors (and the entity's view of them) are set when the batch is built
            setNode(id, new Node(id, e, parents, Node.NONE));
        } else {
            setNode(id, withAncestors(new Node(id, e, parents, old.ancestors()), old.ancestors()));
        }
        if (old == null) {
            // entities that named this one as a parent before it existed gain its ancestors now
            markAll(childrenOf(id));
        }
    }

    private void removeEntity(EntityUid uid) {
        int id = ids.idOf(uid);
        Node old = id < 0 ? null : nodes.get(id);
        if (old == null) {
            return;
        }
        for (int p : old.parents()) {
            childEdit(p).remove(id);
        }
        setNode(id, null);
        reancestored.set(id);
        entityCount--;
        dirty.clear(id);
        // children keep it as a parent (as Cedar allows), but lose the ancestors they had through it
        markAll(childrenOf(id));
    }

    /** Stores (or, with null, removes) a node, keeping the separate ancestor array in step. */
    private void setNode(int id, Node n) {
        nodes.set(id, n);
        ancestors.set(id, n == null ? null : n.ancestors());
    }

    private int[] childrenOf(int id) {
        ChildList edited = childEdits.get(id);
        if (edited != null) {
            return edited.toArray();
        }
        int[] c = children.get(id);
        return c == null ? Node.NONE : c;
    }

    private ChildList childEdit(int parent) {
        return childEdits.computeIfAbsent(parent, p -> {
            int[] c = children.get(p);
            return new ChildList(c == null ? Node.NONE : c);
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
            return size == 0 ? Node.NONE : Arrays.copyOf(ids, size);
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
            if (nodes.get(id) != null && !affected.get(id)) {
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
        SharedAncestors siblings = new SharedAncestors();
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
                Node n = nodes.get(id);
                if (stackNext[sp - 1] < n.parents().length) {
                    int p = n.parents()[stackNext[sp - 1]++];
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
                int[] shared = n.parents().length == 1 ? siblings.get(n.parents()[0]) : null;
                if (shared != null) {
                    setNode(id, withAncestors(n, shared));
                    reancestored.set(id);
                    done.set(id);
                    continue;
                }
                int k = 0;
                for (int p : n.parents()) {
                    Node pn = nodes.get(p);
                    int[] pa = pn == null ? Node.NONE : pn.ancestors();
                    if (k + pa.length + 1 > buf.length) {
                        buf = Arrays.copyOf(buf, (k + pa.length + 1) * 2);
                    }
                    buf[k++] = p;
                    System.arraycopy(pa, 0, buf, k, pa.length);
                    k += pa.length;
                }
                int[] anc = IntArrays.sortedDistinct(buf, k);
                if (n.parents().length == 1) {
                    siblings.put(n.parents()[0], anc);
                }
                setNode(id, withAncestors(n, anc));
                reancestored.set(id);
                done.set(id);
            }
        }
    }

    /**
     * Ancestor arrays for entities whose only parent is the key, so that siblings (the accounts
     * of one unit, say) share one array: less heap, and a decision that reaches an account finds
     * its ancestors in an array that other requests keep in cache. Direct-mapped and forgetful:
     * a miss only costs a fresh array. Arrays are never written after they are built, so sharing
     * them between entities and snapshots is safe.
     */
    private static final class SharedAncestors {
        private final int[] parents = new int[4096];
        private final int[][] arrays = new int[4096][];

        SharedAncestors() {
            Arrays.fill(parents, -1);
        }

        int[] get(int parent) {
            int i = parent & (parents.length - 1);
            return parents[i] == parent ? arrays[i] : null;
        }

        void put(int parent, int[] ancestors) {
            int i = parent & (parents.length - 1);
            parents[i] = parent;
            arrays[i] = ancestors;
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

    private Node withAncestors(Node n, int[] anc) {
        Entity e = n.entity().withAncestors(new IdSet(ids, anc));
        return new Node(n.id(), e, n.parents(), anc);
    }

    /** An entity's ancestors as a set of uids, viewed over its sorted id array. */
    private static final class IdSet extends AbstractSet<EntityUid> {
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
        public Iterator<EntityUid> iterator() {
            return Arrays.stream(sorted).mapToObj(ids::uid).iterator();
        }

        @Override
        public int size() {
            return sorted.length;
        }
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
                Node n = nodes.get(id);
                ids.setAncestors(id, seq, n == null ? Node.NONE : n.ancestors());
            }
        }
        for (Map.Entry<Integer, ChildList> e : childEdits.entrySet()) {
            int[] c = e.getValue().toArray();
            children.set(e.getKey(), c.length == 0 ? null : c);
        }
        return new Snapshot(revision, seq, ids, nodes.build(), ancestors.build(), children.build(), entityCount,
                policies == null ? base.policies : java.util.Collections.unmodifiableMap(policies),
                base.byPrincipal.with(principalEdits),
                base.byResource.with(resourceEdits),
                base.byAction.with(actionEdits),
                unconstrained == null ? base.unconstrained : unconstrained.toArray(CompiledPolicy[]::new),
                base.clock);
    }
}
