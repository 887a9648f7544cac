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
    /** The slice as the request holds it (an immutable list: read, never copied). */
    private final List<Entity> entities;
    private final Snapshot.Chain[] chains;
    /** The stored id of each slice entity, or -1. */
    private final int[] selfIds;
    /** Ids of the slice entities that have one: the only ones stored ancestries can run through. */
    private final int[] sliceIds;
    /** Ancestors that have no id (named by no policy and not stored), per uid; null while there are none. */
    private Map<EntityUid, Set<EntityUid>> unnumbered;
    /** The stored chain of the last parent read by {@link #storedParentChain}. */
    private Snapshot.Chain lastParent;
    /** Chains walked afresh for stored entities below a slice entity. */
    private Map<EntityUid, Snapshot.Chain> merged;

    /** Whether a slice entity that is also stored keeps its stored parents ({@link SliceRule#EXTENDS}). */
    private final boolean keepStoredParents;

    RequestEntities(Snapshot store, List<Entity> slice, SliceRule rule) {
        this.store = store;
        this.keepStoredParents = rule == SliceRule.EXTENDS;
        int n = slice.size();
        this.entities = slice;
        this.selfIds = new int[n];
        this.chains = new Snapshot.Chain[n];
        int[] stored = null;
        int storedCount = 0;
        for (int i = 0; i < n; i++) {
            EntityUid uid = slice.get(i).uid();
            for (int j = 0; j < i; j++) {
                if (slice.get(j).uid().equals(uid)) {
                    throw new IllegalArgumentException("the request's entities give `" + uid
                            + "` twice; send each entity once");
                }
            }
            int id = store.ids.idOf(uid);
            selfIds[i] = id;
            if (id >= 0) {
                if (stored == null) {
                    stored = new int[n];
                }
                stored[storedCount++] = id;
            }
        }
        this.sliceIds = stored == null ? IntArrays.NONE : java.util.Arrays.copyOf(stored, storedCount);
        for (int i = 0; i < n; i++) {
            chains[i] = resolve(slice.get(i).uid(), null);
        }
    }

    private int indexOf(EntityUid uid) {
        for (int i = 0; i < entities.size(); i++) {
            if (entities.get(i).uid().equals(uid)) {
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
     * to refuse a cycle the slice makes; it is null until a resolution recurses, which the usual
     * slice (each entity with one parent outside the slice) never does.
     */
    private Snapshot.Chain resolve(EntityUid uid, Set<EntityUid> onPath) {
        int i = indexOf(uid);
        if (i >= 0 && chains[i] != null) {
            return chains[i];
        }
        int self;
        if (i < 0) {
            self = store.ids.idOf(uid);
            int[] stored = store.ancestorsOf(self);
            if (sliceIds.length == 0 || !touchesSlice(stored)) {
                return new Snapshot.Chain(uid, self, -1, stored);
            }
            Snapshot.Chain m = merged == null ? null : merged.get(uid);
            if (m != null) {
                return m;
            }
        } else {
            self = selfIds[i];
        }
        if (onPath != null && onPath.contains(uid)) {
            throw new IllegalArgumentException("the request's entities make a cycle through `" + uid + "`");
        }
        Set<EntityUid> parents = i >= 0 ? sliceParents(i, self) : storedParents(self);
        EntityUid only = parents.size() == 1 ? parents.iterator().next() : null;
        if (only != null && indexOf(only) < 0) {
            // the usual case: one parent outside the slice
            int pid;
            int[] pAnc;
            if (sliceIds.length == 0) {
                Snapshot.Chain pc = storedParentChain(only);
                pid = pc.self;
                pAnc = pc.ancestors;
            } else {
                pid = store.ids.idOf(only);
                pAnc = store.ancestorsOf(pid);
            }
            if (pid < 0) {
                unnumbered().put(uid, Set.of(only));
            } else if (sliceIds.length > 0 && touchesSlice(pAnc)) {
                return remember(i, uid, merge(uid, self, parents, onPath));
            }
            if (self >= 0 && (pid == self || IntArrays.contains(pAnc, self))) {
                throw new IllegalArgumentException("the request's entities make a cycle through `" + uid + "`");
            }
            return remember(i, uid, new Snapshot.Chain(uid, self, pid, pAnc));
        }
        return remember(i, uid, merge(uid, self, parents, onPath));
    }

    /**
     * The stored chain of a slice entity's parent. Principal and resource usually sit in the
     * same account, so the last one read is kept: the second look-up is then free.
     */
    private Snapshot.Chain storedParentChain(EntityUid parent) {
        Snapshot.Chain last = lastParent;
        if (last != null && last.uid.equals(parent)) {
            return last;
        }
        return lastParent = store.storedChain(parent);
    }

    private Map<EntityUid, Set<EntityUid>> unnumbered() {
        if (unnumbered == null) {
            unnumbered = new HashMap<>(4);
        }
        return unnumbered;
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

    /** The chain of {@code uid} from all its parents' chains, each resolved with {@code uid} on the path. */
    private Snapshot.Chain merge(EntityUid uid, int self, Set<EntityUid> parents, Set<EntityUid> path) {
        Set<EntityUid> onPath = path == null ? new HashSet<>(4) : path;
        onPath.add(uid);
        int[] buf = new int[8];
        int n = 0;
        Set<EntityUid> extra = null;
        for (EntityUid p : parents) {
            Snapshot.Chain pc = resolve(p, onPath);
            int[] pAnc = pc.ancestorsWithParent();
            Set<EntityUid> pExtra = unnumbered == null ? null : unnumbered.get(p);
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
        onPath.remove(uid);
        if (extra != null) {
            unnumbered().put(uid, extra);
        }
        int[] anc = IntArrays.sortedDistinct(buf, n);
        if (self >= 0 && IntArrays.contains(anc, self)) {
            throw new IllegalArgumentException("the request's entities make a cycle through `" + uid + "`");
        }
        return new Snapshot.Chain(uid, self, -1, anc);
    }

    /** The parents slice entity {@code i} has in this request: its own, and under {@link SliceRule#EXTENDS} its stored ones too. */
    private Set<EntityUid> sliceParents(int i, int self) {
        Set<EntityUid> own = entities.get(i).parents();
        if (!keepStoredParents || self < 0) {
            return own;
        }
        Set<EntityUid> stored = storedParents(self);
        if (own.containsAll(stored)) {
            return own;
        }
        Set<EntityUid> both = new java.util.LinkedHashSet<>(own);
        both.addAll(stored);
        return both;
    }

    private Set<EntityUid> storedParents(int id) {
        Entity e = id < 0 ? null : store.entities.get(id);
        return e == null ? Set.of() : e.parents();
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
        Snapshot.Chain c = resolve(uid, null);
        return c.parent < 0 && c.ancestors == store.ancestorsOf(c.self) ? null : c;
    }

    @Override
    public Entity get(EntityUid uid) {
        int i = indexOf(uid);
        return i >= 0 ? entities.get(i) : store.stored(uid);
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
        Set<EntityUid> extra = unnumbered == null ? null : unnumbered.get(descendant);
        return extra != null && extra.contains(ancestor);
    }
}
