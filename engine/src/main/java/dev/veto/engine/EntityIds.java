package dev.veto.engine;

import dev.veto.cedar.value.EntityUid;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Arrays;

/**
 * Numbers every entity uid the engine has stored or a policy names, so hierarchies and indexes
 * are int arrays rather than sets of objects.
 *
 * <p>Shared by all snapshots and append-only: an id, once given, always means the same uid. A
 * snapshot ignores ids it has no entity or index entry for, so a newer snapshot's interning is
 * harmless to older ones. One writer at a time (the engine's update lock); readers any time,
 * without locks.
 *
 * <p>Why not a {@code ConcurrentHashMap}: this look-up runs several times per decision over a
 * million keys, where every pointer followed is a cache miss. Open addressing over a dense array
 * of hashes rejects most non-matching slots (and every absent uid) without touching a key
 * object, and yields the id without a boxed {@code Integer}. A slot is published by a release
 * store of its hash after its key and id are written, and read with an acquire load, so a
 * reader never sees a half-written slot.
 */
final class EntityIds {
    private static final VarHandle INTS = MethodHandles.arrayElementVarHandle(int[].class);

    /** One generation of the table; replaced whole when it grows. */
    private record Table(int[] hashes, EntityUid[] keys, int[] ids, int shift) {
        /** The home slot: the top bits of the multiplicative hash, which are its best-mixed. */
        int home(int h) {
            return h >>> shift;
        }
    }

    private volatile Table table = newTable(1 << 12);
    /**
     * Every entity type with at least one id. Requests mostly come with principals and resources
     * that no policy names and the store does not hold (a {@code User} or an {@code Object} in
     * an account); checking this small, cache-resident set first spares those look-ups a cache
     * miss in the big table.
     */
    private volatile String[] types = new String[0];
    private volatile EntityUid[] uids = new EntityUid[1024];
    private int size;

    private static Table newTable(int capacity) {
        return new Table(new int[capacity], new EntityUid[capacity], new int[capacity],
                32 - Integer.numberOfTrailingZeros(capacity));
    }

    /** 0 marks an empty slot, so stored hashes are never 0. */
    private static int stored(EntityUid uid) {
        int h = uid.hashCode() * 0x9E3779B9;
        return h == 0 ? 1 : h;
    }

    /** The id of {@code uid}, or -1 when it has none. */
    int idOf(EntityUid uid) {
        if (!hasType(uid.type())) {
            return -1;
        }
        Table t = table;
        int h = stored(uid);
        int mask = t.hashes.length - 1;
        int i = t.home(h);
        while (true) {
            int x = (int) INTS.getAcquire(t.hashes, i);
            if (x == 0) {
                return -1;
            }
            if (x == h && uid.equals(t.keys[i])) {
                return t.ids[i];
            }
            i = (i + 1) & mask;
        }
    }

    /**
     * Whether any uid of this type has an id. Type names are interned (see {@link EntityUid}),
     * so this compares references: a platform has a handful of entity types, and a scan over
     * them beats hashing the name (a set look-up re-hashed the string on every call).
     */
    private boolean hasType(String type) {
        for (String t : types) {
            if (t == type) {
                return true;
            }
        }
        return false;
    }

    /** The id of {@code uid}, numbering it when new. Writer only. */
    int intern(EntityUid uid) {
        int id = idOf(uid);
        if (id >= 0) {
            return id;
        }
        id = size;
        EntityUid[] a = uids;
        if (id == a.length) {
            a = Arrays.copyOf(a, a.length * 2);
        }
        a[id] = uid;
        uids = a;
        if (!hasType(uid.type())) {
            String[] more = Arrays.copyOf(types, types.length + 1);
            more[types.length] = uid.type();
            types = more;
        }
        Table t = table;
        if ((size + 1) * 2 > t.hashes.length) {
            t = grow(t);
        }
        insert(t, uid, id, true);
        size = id + 1;
        return id;
    }

    private static void insert(Table t, EntityUid uid, int id, boolean publish) {
        int h = stored(uid);
        int mask = t.hashes.length - 1;
        int i = t.home(h);
        while (t.hashes[i] != 0) {
            i = (i + 1) & mask;
        }
        t.keys[i] = uid;
        t.ids[i] = id;
        if (publish) {
            INTS.setRelease(t.hashes, i, h);
        } else {
            t.hashes[i] = h;
        }
    }

    /** A table twice the size with every entry, published with one volatile write. */
    private Table grow(Table old) {
        Table t = newTable(old.hashes.length * 2);
        for (int i = 0; i < old.hashes.length; i++) {
            if (old.hashes[i] != 0) {
                insert(t, old.keys[i], old.ids[i], false);
            }
        }
        table = t;
        return t;
    }

    EntityUid uid(int id) {
        return uids[id];
    }

    int size() {
        return size;
    }
}
