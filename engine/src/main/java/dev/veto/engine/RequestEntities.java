package dev.veto.engine;

import dev.veto.cedar.entity.Entity;
import dev.veto.cedar.entity.EntitySource;
import dev.veto.cedar.value.EntityUid;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A request's own entities laid over the stored ones, for that request only: the slice wins
 * where both have an entity, and the hierarchy is what it would be if the slice were stored.
 *
 * <p>This runs on every request, so it is shaped for the usual slice: a principal and a
 * resource that nothing stored descends from, each with one stored parent (its account). Such an
 * entity's chain is its parent's id plus the parent's stored ancestor array, shared, not copied.
 * Only when a slice entity is also somewhere in a stored entity's ancestry (the slice replaces a
 * stored entity, or gives parents to one that stored entities name as a parent) are ancestors
 * walked afresh, for the entities below it. A slice is a handful of entities, kept in an array
 * searched linearly: cheaper than hashing at this size.
 */
final class RequestEntities implements EntitySource {
    private final Snapshot store;
    private final Entity[] entities;
    private final Snapshot.Chain[] chains;
    /** Ids of the slice entities that have one: the only ones stored ancestries can run through. */
    private final int[] sliceIds;
    /** Ancestors that have no id (named by no policy and not stored), per uid; absent when none. */
    private final Map<EntityUid, Set<EntityUid>> unnumbered = new HashMap<>(2);
    /** Chains walked afresh for stored entities below a slice entity. */
    private Map<EntityUid, Snapshot.Chain> merged;

    RequestEntities(Snapshot store, List<Entity> slice) {
        this.store = store;
        this.entities = slice.toArray(Entity[]::new);
        this.chains = new Snapshot.Chain[entities.length];
        int[] idsBuf = new int[entities.length];
        int n = 0;
        for (int i = 0; i < entities.length; i++) {
            for (int j = 0; j < i; j++) {
                if (entities[j].uid().equals(entities[i].uid())) {
                    throw new IllegalArgumentException("the request's entities give `" + entities[i].uid()
                            + "` twice; send each entity once");
                }
            }
            int id = store.ids.idOf(entities[i].uid());
            if (id >= 0) {
                idsBuf[n++] = id;
            }
        }
        this.sliceIds = java.util.Arrays.copyOf(idsBuf, n);
        for (int i = 0; i < entities.length; i++) {
            chains[i] = resolve(entities[i].uid(), new HashSet<>(4));
        }
    }

    private int indexOf(EntityUid uid) {
        for (int i = 0; i < entities.length; i++) {
            if (entities[i].uid().equals(uid)) {
                return i;
            }
        }
        return -1;
    }

    /** Whether a stored ancestry runs through a slice entity, so the stored ancestors are not the request's. */
    private boolean touchesSlice(int[] storedAncestors) {
        for (int id : sliceIds) {
            if (IntArrays.contains(storedAncestors, id)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The chain of any uid as this request sees it. {@code onPath} holds the uids being resolved,
     * to refuse a cycle the slice makes.
     */
    private Snapshot.Chain resolve(EntityUid uid, Set<EntityUid> onPath) {
        int i = indexOf(uid);
        if (i >= 0 && chains[i] != null) {
            return chains[i];
        }
        if (i < 0) {
            int id = store.ids.idOf(uid);
            int[] stored = store.ancestorsOf(id);
            if (sliceIds.length == 0 || !touchesSlice(stored)) {
                return new Snapshot.Chain(uid, id, -1, stored);
            }
            Snapshot.Chain m = merged == null ? null : merged.get(uid);
            if (m != null) {
                return m;
            }
        }
        if (!onPath.add(uid)) {
            throw new IllegalArgumentException("the request's entities make a cycle through `" + uid + "`");
        }
        int self = store.ids.idOf(uid);
        Set<EntityUid> parents = i >= 0 ? entities[i].parents() : storedParents(self);
        Snapshot.Chain result;
        EntityUid only = parents.size() == 1 ? parents.iterator().next() : null;
        if (only != null && indexOf(only) < 0) {
            // the usual case: one parent outside the slice
            int pid = store.ids.idOf(only);
            int[] pAnc = store.ancestorsOf(pid);
            if (pid < 0) {
                unnumbered.put(uid, Set.of(only));
            } else if (sliceIds.length > 0 && touchesSlice(pAnc)) {
                result = merge(uid, self, parents, onPath);
                onPath.remove(uid);
                return remember(i, uid, result);
            }
            if (self >= 0 && (pid == self || IntArrays.contains(pAnc, self))) {
                throw new IllegalArgumentException("the request's entities make a cycle through `" + uid + "`");
            }
            result = new Snapshot.Chain(uid, self, pid, pAnc);
        } else {
            result = merge(uid, self, parents, onPath);
        }
        onPath.remove(uid);
        return remember(i, uid, result);
    }

    private Snapshot.Chain remember(int i, EntityUid uid, Snapshot.Chain c) {
        if (i >= 0) {
            chains[i] = c;
        } else {
            if (merged == null) {
                merged = new HashMap<>(4);
            }
            merged.put(uid, c);
        }
        return c;
    }

    private Snapshot.Chain merge(EntityUid uid, int self, Set<EntityUid> parents, Set<EntityUid> onPath) {
        int[] buf = new int[8];
        int n = 0;
        Set<EntityUid> extra = null;
        for (EntityUid p : parents) {
            Snapshot.Chain pc = resolve(p, onPath);
            int[] pAnc = pc.ancestorsWithParent();
            Set<EntityUid> pExtra = unnumbered.get(p);
            if (pExtra != null) {
                extra = extra == null ? new HashSet<>() : extra;
                extra.addAll(pExtra);
            }
            if (pc.self < 0) {
                extra = extra == null ? new HashSet<>() : extra;
                extra.add(p);
            }
            if (n + pAnc.length + 1 > buf.length) {
                buf = java.util.Arrays.copyOf(buf, (n + pAnc.length + 1) * 2);
            }
            if (pc.self >= 0) {
                buf[n++] = pc.self;
            }
            System.arraycopy(pAnc, 0, buf, n, pAnc.length);
            n += pAnc.length;
        }
        if (extra != null) {
            unnumbered.put(uid, extra);
        }
        int[] anc = IntArrays.sortedDistinct(buf, n);
        if (self >= 0 && IntArrays.contains(anc, self)) {
            throw new IllegalArgumentException("the request's entities make a cycle through `" + uid + "`");
        }
        return new Snapshot.Chain(uid, self, -1, anc);
    }

    private Set<EntityUid> storedParents(int id) {
        Node n = id < 0 ? null : store.nodes.get(id);
        if (n == null) {
            return Set.of();
        }
        Set<EntityUid> out = new HashSet<>();
        for (int p : n.parents()) {
            out.add(store.ids.uid(p));
        }
        return out;
    }

    /**
     * The chain of {@code uid} when the slice changes it (it is in the slice, or below a slice
     * entity), else null: then the stored chain stands.
     */
    Snapshot.Chain chainOf(EntityUid uid) {
        int i = indexOf(uid);
        if (i >= 0) {
            return chains[i];
        }
        if (sliceIds.length == 0) {
            return null;
        }
        Snapshot.Chain c = resolve(uid, new HashSet<>(4));
        return c.parent < 0 && c.ancestors == store.ancestorsOf(c.self) ? null : c;
    }

    @Override
    public Entity get(EntityUid uid) {
        int i = indexOf(uid);
        return i >= 0 ? entities[i] : store.get(uid);
    }

    @Override
    public boolean isAncestor(EntityUid descendant, EntityUid ancestor) {
        Snapshot.Chain c = chainOf(descendant);
        if (c == null) {
            return store.isAncestor(descendant, ancestor);
        }
        int a = store.ids.idOf(ancestor);
        if (a >= 0 && a != c.self && c.isIn(a)) {
            return true;
        }
        Set<EntityUid> extra = unnumbered.get(descendant);
        return extra != null && extra.contains(ancestor);
    }
}
