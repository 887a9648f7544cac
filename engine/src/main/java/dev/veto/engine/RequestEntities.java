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
 * A request's own entities laid over the stored ones, for that request only. Their ancestors
 * are computed here: their parents, and the parents' ancestors from the slice or the store.
 */
final class RequestEntities implements EntitySource {
    private final Snapshot store;
    private final Map<EntityUid, Entity> entities;
    private final Map<EntityUid, int[]> ancestorIds = new HashMap<>();
    /** Ancestors that have no id (named by no policy and not stored), per slice entity; rare. */
    private final Map<EntityUid, Set<EntityUid>> unnumbered = new HashMap<>();

    RequestEntities(Snapshot store, List<Entity> slice) {
        this.store = store;
        this.entities = new HashMap<>(slice.size() * 2);
        for (Entity e : slice) {
            entities.put(e.uid(), e);
        }
        for (Entity e : slice) {
            resolve(e.uid(), new HashSet<>());
        }
    }

    private int[] resolve(EntityUid uid, Set<EntityUid> onPath) {
        int[] done = ancestorIds.get(uid);
        if (done != null) {
            return done;
        }
        if (!onPath.add(uid)) {
            throw new IllegalArgumentException("the request's entities have a cycle through `" + uid + "`");
        }
        Entity e = entities.get(uid);
        int[] buf = new int[16];
        int n = 0;
        Set<EntityUid> extra = null;
        for (EntityUid p : e.parents()) {
            int pid = store.ids.idOf(p);
            int[] pAnc;
            Set<EntityUid> pExtra = null;
            if (entities.containsKey(p)) {
                pAnc = resolve(p, onPath);
                pExtra = unnumbered.get(p);
            } else {
                Node pn = pid < 0 ? null : store.nodes.get(pid);
                pAnc = pn == null ? Node.NONE : pn.ancestors();
            }
            if (pid < 0) {
                extra = extra == null ? new HashSet<>() : extra;
                extra.add(p);
            }
            if (pExtra != null) {
                extra = extra == null ? new HashSet<>() : extra;
                extra.addAll(pExtra);
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
        onPath.remove(uid);
        int[] anc = IntArrays.sortedDistinct(buf, n);
        ancestorIds.put(uid, anc);
        if (extra != null) {
            unnumbered.put(uid, extra);
        }
        return anc;
    }

    boolean contains(EntityUid uid) {
        return entities.containsKey(uid);
    }

    int[] ancestorIds(EntityUid uid) {
        return ancestorIds.get(uid);
    }

    @Override
    public Entity get(EntityUid uid) {
        Entity e = entities.get(uid);
        return e != null ? e : store.get(uid);
    }

    @Override
    public boolean isAncestor(EntityUid descendant, EntityUid ancestor) {
        int[] anc = ancestorIds.get(descendant);
        if (anc == null) {
            return store.isAncestor(descendant, ancestor);
        }
        int a = store.ids.idOf(ancestor);
        if (a >= 0 && IntArrays.contains(anc, a)) {
            return true;
        }
        Set<EntityUid> extra = unnumbered.get(descendant);
        return extra != null && extra.contains(ancestor);
    }
}
