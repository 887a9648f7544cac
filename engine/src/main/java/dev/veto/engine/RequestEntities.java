package dev.veto.engine;

import dev.veto.cedar.entity.Entity;
import dev.veto.cedar.entity.EntitySource;
import dev.veto.cedar.value.EntityUid;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A request's own entities laid over the stored ones, for that request only, each with its
 * {@link Snapshot.Chain}: its id (if any policy or the store knows it) and its ancestors.
 *
 * <p>This runs on every request, so it is shaped for the usual slice: a principal and a resource,
 * each with one stored parent (its account). Such an entity's chain is its parent's id plus the
 * parent's stored ancestor array, shared, not copied. Other shapes (several parents, parents in
 * the slice) merge into a new sorted array. A slice is a handful of entities, kept in an array
 * searched linearly: cheaper than hashing at this size.
 */
final class RequestEntities implements EntitySource {
    private final Snapshot store;
    private final Entity[] entities;
    private final Snapshot.Chain[] chains;
    /** Ancestors that have no id (named by no policy and not stored); null when none, as usual. */
    private final Set<EntityUid>[] unnumbered;

    @SuppressWarnings("unchecked")
    RequestEntities(Snapshot store, List<Entity> slice) {
        this.store = store;
        this.entities = slice.toArray(Entity[]::new);
        this.chains = new Snapshot.Chain[entities.length];
        this.unnumbered = new Set[entities.length];
        for (int i = 0; i < entities.length; i++) {
            resolve(i, 0);
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

    private Snapshot.Chain resolve(int i, int depth) {
        if (chains[i] != null) {
            return chains[i];
        }
        if (depth > entities.length) {
            throw new IllegalArgumentException("the request's entities have a cycle through `" + entities[i].uid() + "`");
        }
        Entity e = entities[i];
        int self = store.ids.idOf(e.uid());
        Set<EntityUid> parents = e.parents();
        if (parents.size() == 1) {
            EntityUid p = parents.iterator().next();
            if (indexOf(p) < 0) {
                int pid = store.ids.idOf(p);
                if (pid < 0) {
                    unnumbered[i] = Set.of(p);
                }
                return chains[i] = new Snapshot.Chain(e.uid(), self, pid, store.ancestorsOf(pid));
            }
        }
        int[] buf = new int[8];
        int n = 0;
        Set<EntityUid> extra = null;
        for (EntityUid p : parents) {
            int pid = store.ids.idOf(p);
            int j = indexOf(p);
            int[] pAnc;
            if (j >= 0) {
                Snapshot.Chain pc = resolve(j, depth + 1);
                pAnc = pc.ancestorsWithParent();
                if (unnumbered[j] != null) {
                    extra = extra == null ? new HashSet<>() : extra;
                    extra.addAll(unnumbered[j]);
                }
            } else {
                pAnc = store.ancestorsOf(pid);
            }
            if (pid < 0) {
                extra = extra == null ? new HashSet<>() : extra;
                extra.add(p);
            }
            if (n + pAnc.length + 1 > buf.length) {
                buf = java.util.Arrays.copyOf(buf, (n + pAnc.length + 1) * 2);
            }
            if (pid >= 0) {
                buf[n++] = pid;
            }
            System.arraycopy(pAnc, 0, buf, n, pAnc.length);
            n += pAnc.length;
        }
        unnumbered[i] = extra;
        return chains[i] = new Snapshot.Chain(e.uid(), self, -1, IntArrays.sortedDistinct(buf, n));
    }

    /** The chain of {@code uid} when the slice holds it, else null. */
    Snapshot.Chain chainOf(EntityUid uid) {
        int i = indexOf(uid);
        return i < 0 ? null : chains[i];
    }

    @Override
    public Entity get(EntityUid uid) {
        int i = indexOf(uid);
        return i >= 0 ? entities[i] : store.get(uid);
    }

    @Override
    public boolean isAncestor(EntityUid descendant, EntityUid ancestor) {
        int i = indexOf(descendant);
        if (i < 0) {
            return store.isAncestor(descendant, ancestor);
        }
        int a = store.ids.idOf(ancestor);
        Snapshot.Chain c = chains[i];
        if (a >= 0 && a != c.self && c.isIn(a)) {
            return true;
        }
        return unnumbered[i] != null && unnumbered[i].contains(ancestor);
    }
}
