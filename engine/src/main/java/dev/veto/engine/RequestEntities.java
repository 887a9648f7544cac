package dev.veto.engine;

import dev.veto.cedar.entity.Entity;
import dev.veto.cedar.entity.EntitySource;
import dev.veto.cedar.value.EntityUid;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A request's own entities laid over the stored ones, for that request only. Their ancestors
 * are computed here: their parents, and the parents' ancestors from the slice or the store.
 *
 * <p>A slice is a handful of entities (the principal, the resource, perhaps their accounts), so
 * it is kept in arrays searched linearly: cheaper than hashing at this size, and this runs on
 * every request.
 */
final class RequestEntities implements EntitySource {
    private final Snapshot store;
    private final Entity[] entities;
    private final int[][] ancestorIds;
    /** Ancestors that have no id (named by no policy and not stored); null when none, as usual. */
    private final Set<EntityUid>[] unnumbered;

    @SuppressWarnings("unchecked")
    RequestEntities(Snapshot store, List<Entity> slice) {
        this.store = store;
        this.entities = slice.toArray(Entity[]::new);
        this.ancestorIds = new int[entities.length][];
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

    private int[] resolve(int i, int depth) {
        if (ancestorIds[i] != null) {
            return ancestorIds[i];
        }
        if (depth > entities.length) {
            throw new IllegalArgumentException("the request's entities have a cycle through `" + entities[i].uid() + "`");
        }
        int[] buf = new int[8];
        int n = 0;
        Set<EntityUid> extra = null;
        for (EntityUid p : entities[i].parents()) {
            int pid = store.ids.idOf(p);
            int j = indexOf(p);
            int[] pAnc;
            if (j >= 0) {
                pAnc = resolve(j, depth + 1);
                if (unnumbered[j] != null) {
                    extra = extra == null ? new HashSet<>() : extra;
                    extra.addAll(unnumbered[j]);
                }
            } else {
                Node pn = pid < 0 ? null : store.nodes.get(pid);
                pAnc = pn == null ? Node.NONE : pn.ancestors();
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
        int[] anc = IntArrays.sortedDistinct(buf, n);
        ancestorIds[i] = anc;
        unnumbered[i] = extra;
        return anc;
    }

    boolean contains(EntityUid uid) {
        return indexOf(uid) >= 0;
    }

    int[] ancestorIds(EntityUid uid) {
        int i = indexOf(uid);
        return i < 0 ? null : ancestorIds[i];
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
        if (a >= 0 && IntArrays.contains(ancestorIds[i], a)) {
            return true;
        }
        return unnumbered[i] != null && unnumbered[i].contains(ancestor);
    }
}
