package dev.veto.engine;

import dev.veto.cedar.value.EntityUid;
import java.util.Arrays;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Numbers every entity uid the engine has stored or a policy names, so hierarchies and indexes
 * are int arrays rather than sets of objects.
 *
 * <p>Shared by all snapshots and append-only: an id, once given, always means the same uid. A
 * snapshot ignores ids it has no entity or index entry for, so a newer snapshot's interning is
 * harmless to older ones. One writer at a time (the engine's update lock); readers any time.
 */
final class EntityIds {
    private final ConcurrentHashMap<EntityUid, Integer> ids = new ConcurrentHashMap<>();
    private volatile EntityUid[] uids = new EntityUid[1024];
    private volatile int size;

    /** The id of {@code uid}, or -1 when it has none. */
    int idOf(EntityUid uid) {
        Integer id = ids.get(uid);
        return id == null ? -1 : id;
    }

    /** The id of {@code uid}, numbering it when new. Writer only. */
    int intern(EntityUid uid) {
        Integer id = ids.get(uid);
        if (id != null) {
            return id;
        }
        int next = size;
        EntityUid[] a = uids;
        if (next == a.length) {
            a = Arrays.copyOf(a, a.length * 2);
        }
        a[next] = uid;
        uids = a;
        size = next + 1;
        // published last, so a reader that finds the id also finds the uid
        ids.put(uid, next);
        return next;
    }

    EntityUid uid(int id) {
        return uids[id];
    }

    int size() {
        return size;
    }
}
