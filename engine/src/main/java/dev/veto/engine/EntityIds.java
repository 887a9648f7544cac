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
 * <p>Why this shape: the look-up runs on every decision over a million keys, and every pointer
 * it follows is a cache miss (300 ns and more on a virtual machine, where a miss is often a
 * TLB miss too). A map entry leads to a key object, then its id string, then the string's bytes:
 * four misses in a row; the entity's ancestors are two more. Here one 96-byte slot holds
 * everything a decision needs about a uid:
 * <ul>
 *   <li>word 0: the stored hash (never 0; 0 marks an empty slot) and the id;
 *   <li>word 1: the version of the ancestors in words 8–11: the number of the snapshot that
 *       wrote them and how many there are (see {@link #ancestorsAt});
 *   <li>word 2: how the key's text is held: inline (type index and length), in the arena, or
 *       only in the uid object;
 *   <li>words 3–7: the key's text when it is at most {@link #INLINE_CHARS} Latin-1 characters;
 *   <li>words 8–11: the entity's ancestor ids when it has at most {@link #INLINE_ANCESTORS},
 *       as a platform's accounts and actions do.
 * </ul>
 * Longer texts live in a character arena (one more miss), and the longest, or any type past the
 * 65,535th, are compared through the uid object; longer ancestries are read from the snapshot.
 *
 * <p>Publication: a writer fills a slot's other words, then stores word 0 with release
 * semantics; a reader loads word 0 with acquire semantics, so it never sees a half-written slot.
 * Ancestors change after that, under a sequence lock (see {@link #setAncestors}).
 */
final class EntityIds {
    private static final VarHandle LONGS = MethodHandles.arrayElementVarHandle(long[].class);
    static final int INLINE_CHARS = 40;
    static final int INLINE_ANCESTORS = 8;
    /** Longest key text held in the arena; longer ones are compared through the uid object. */
    static final int ARENA_LIMIT = 4096;
    private static final int WORDS = 12;
    private static final int ANCESTORS_AT = 8;
    private static final int PAGE_SHIFT = 16;
    private static final int PAGE_CHARS = 1 << PAGE_SHIFT;
    /** Word 2 tags, in its top two bits. */
    private static final long ARENA = 0;
    private static final long INLINE = 1L << 62;
    private static final long OBJECT = 2L << 62;
    private static final long TAG = 3L << 62;
    /** Word 1's count when the ancestors are not in the slot: "look in the snapshot". */
    private static final int NOT_HELD = 0xFF;

    /** One generation of the table; replaced whole when it grows. */
    record Table(long[] slots, int capacity, int shift) {
        /** The home slot: the top bits of the multiplicative hash, which are its best-mixed. */
        int home(int h) {
            return h >>> shift;
        }
    }

    private volatile Table table = newTable(1 << 10);
    /**
     * Every entity type with at least one id, indexed as word 2 records them. Requests mostly
     * come with principals and resources that no policy names and the store does not hold (a
     * {@code User} or an {@code Object} in an account); checking this small, cache-resident list
     * first spares those look-ups the table altogether.
     */
    private volatile String[] types = new String[0];
    private volatile EntityUid[] uids = new EntityUid[1024];
    /** Key texts too long to inline: pages of chars, each entry {@code [type, length, chars…]}. */
    private volatile char[][] text = new char[][] {new char[PAGE_CHARS]};
    private int textPage;
    private int textOffset;
    private int size;

    private static Table newTable(int capacity) {
        return new Table(new long[capacity * WORDS], capacity, 32 - Integer.numberOfTrailingZeros(capacity));
    }

    private static int stored(EntityUid uid) {
        int h = uid.hashCode() * 0x9E3779B9;
        return h == 0 ? 1 : h;
    }

    /** The id of {@code uid}, or -1 when it has none. */
    int idOf(EntityUid uid) {
        Table t = table;
        int at = find(t, uid);
        return at < 0 ? -1 : idAt(t, at);
    }

    /** The current table, for {@link #find}, {@link #idAt} and {@link #ancestorsAt} (all on the same one). */
    Table table() {
        return table;
    }

    /** Where {@code uid}'s slot starts in {@code t}, or -1 when it has no id. */
    int find(Table t, EntityUid uid) {
        int type = typeIndex(uid.type());
        return type < 0 ? -1 : find(t, uid, type);
    }

    /**
     * Loads the first word of {@code uid}'s home slot and returns it, so that a caller can start
     * the cache miss of a look-up it will make shortly while it does other work (the value itself
     * means nothing to it). Costs a type check and a hash when the type has no ids at all.
     */
    long peek(Table t, EntityUid uid) {
        if (typeIndex(uid.type()) < 0) {
            return 0;
        }
        return t.slots[t.home(stored(uid)) * WORDS];
    }

    static int idAt(Table t, int at) {
        return (int) t.slots[at];
    }

    /**
     * The ancestor ids (sorted) of the entity whose slot starts at {@code at}, as of snapshot
     * {@code seq}, when the slot holds them for it; else null, and the snapshot's own arrays hold.
     *
     * <p>Why this is right without a lock: a builder writes a slot's ancestors, tagged with the
     * number of the snapshot it is building, before publishing that snapshot, and numbers only
     * grow. A reader holding snapshot {@code seq} that sees a tag at or below {@code seq} sees
     * the last write made for any snapshot up to its own (all of which happened before it
     * obtained its snapshot), so the ancestors are its snapshot's; a later tag sends it to the
     * snapshot. The version word is read again after the ids: if a writer began meanwhile, it
     * changed (see {@link #setAncestors}), and the reader goes to the snapshot too.
     */
    static int[] ancestorsAt(Table t, int at, int seq) {
        long[] slots = t.slots;
        long v = (long) LONGS.getAcquire(slots, at + 1);
        int since = (int) (v >>> 32);
        int n = (int) v & 0xFF;
        if (since <= 0 || since > seq || n > INLINE_ANCESTORS) {
            return null;
        }
        if (n == 0) {
            return IntArrays.NONE;
        }
        int[] out = new int[n];
        for (int k = 0; k < n; k++) {
            out[k] = (int) (slots[at + ANCESTORS_AT + (k >>> 1)] >>> ((k & 1) << 5));
        }
        VarHandle.loadLoadFence();
        return (long) LONGS.getOpaque(slots, at + 1) == v ? out : null;
    }

    /** The index of the slot of {@code uid} (whose type has index {@code type}) in {@code t}, or -1. */
    private int find(Table t, EntityUid uid, int type) {
        long[] slots = t.slots;
        int h = stored(uid);
        int mask = t.capacity - 1;
        int i = t.home(h);
        while (true) {
            int at = i * WORDS;
            long word = (long) LONGS.getAcquire(slots, at);
            if (word == 0) {
                return -1;
            }
            if ((int) (word >>> 32) == h && sameKey(slots, at, type, uid)) {
                return at;
            }
            i = (i + 1) & mask;
        }
    }

    /** Whether the slot at {@code at} holds {@code uid}, whose type has index {@code type}. */
    private boolean sameKey(long[] slots, int at, int type, EntityUid uid) {
        long how = slots[at + 2];
        String s = uid.id();
        int n = s.length();
        long tag = how & TAG;
        if (tag == INLINE) {
            if ((int) (how >>> 16 & 0xFFFF) != type || (int) (how & 0xFFFF) != n) {
                return false;
            }
            for (int k = 0; k < n; k++) {
                long w = slots[at + 3 + (k >>> 3)];
                if ((char) (w >>> ((k & 7) << 3) & 0xFF) != s.charAt(k)) {
                    return false;
                }
            }
            return true;
        }
        if (tag == OBJECT) {
            return uid.equals(uids[(int) slots[at]]);
        }
        char[] page = text[(int) (how >>> PAGE_SHIFT)];
        int off = (int) how & (PAGE_CHARS - 1);
        if (page[off] != type || page[off + 1] != n) {
            return false;
        }
        off += 2;
        for (int k = 0; k < n; k++) {
            if (page[off + k] != s.charAt(k)) {
                return false;
            }
        }
        return true;
    }

    /**
     * The index of a type with at least one id, or -1. Type names are interned (see
     * {@link EntityUid}), so this compares references: a platform has a handful of entity types,
     * and a scan over them beats hashing the name.
     */
    private int typeIndex(String type) {
        String[] ts = types;
        for (int i = 0; i < ts.length; i++) {
            if (ts[i] == type) {
                return i;
            }
        }
        return -1;
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
        int type = typeIndex(uid.type());
        if (type < 0) {
            String[] more = Arrays.copyOf(types, types.length + 1);
            type = types.length;
            more[type] = uid.type();
            types = more;
        }
        Table t = table;
        if ((size + 1) * 4 > t.capacity * 3) {
            t = grow(t);
        }
        int at = emptySlot(t, stored(uid));
        long[] slots = t.slots;
        slots[at + 1] = NOT_HELD;
        describe(slots, at, type, uid.id());
        LONGS.setRelease(slots, at, ((long) stored(uid) << 32) | (id & 0xFFFF_FFFFL));
        size = id + 1;
        return id;
    }

    /** Writes words 2–7 of a new slot: the key's text inline, or where else it is. */
    private void describe(long[] slots, int at, int type, String id) {
        int n = id.length();
        if (type > Character.MAX_VALUE) {
            slots[at + 2] = OBJECT;
            return;
        }
        if (n <= INLINE_CHARS && latin1(id)) {
            for (int k = 0; k < n; k++) {
                slots[at + 3 + (k >>> 3)] |= (long) id.charAt(k) << ((k & 7) << 3);
            }
            slots[at + 2] = INLINE | (long) type << 16 | n;
            return;
        }
        slots[at + 2] = n > ARENA_LIMIT ? OBJECT : ARENA | store(type, id);
    }

    private static boolean latin1(String s) {
        for (int k = 0; k < s.length(); k++) {
            if (s.charAt(k) > 0xFF) {
                return false;
            }
        }
        return true;
    }

    /** Writes a key's text to the arena and returns where. */
    private long store(int type, String id) {
        int n = id.length();
        char[][] pages = text;
        if (textOffset + n + 2 > PAGE_CHARS) {
            pages = Arrays.copyOf(pages, pages.length + 1);
            pages[pages.length - 1] = new char[PAGE_CHARS];
            textPage = pages.length - 1;
            textOffset = 0;
        }
        char[] page = pages[textPage];
        page[textOffset] = (char) type;
        page[textOffset + 1] = (char) n;
        id.getChars(0, n, page, textOffset + 2);
        long ref = ((long) textPage << PAGE_SHIFT) | textOffset;
        textOffset += n + 2;
        // a reader reaches the new page only through a slot published after this write
        text = pages;
        return ref;
    }

    /**
     * Records that from snapshot {@code seq} on, entity {@code id}'s ancestors are
     * {@code ancestors} (sorted; none for an entity not stored). Writer only, before the snapshot
     * is published; {@code seq} must be above every number set before.
     *
     * <p>A sequence lock: the version word first says "not held" (with a volatile write, so no
     * id below can be seen before it), then the ids are written, then the version that vouches
     * for them. A reader that read the old version and then some new ids reads the version again
     * and finds it changed.
     */
    void setAncestors(int id, int seq, int[] ancestors) {
        Table t = table;
        long[] slots = t.slots;
        int at = slotOfId(t, id);
        LONGS.setVolatile(slots, at + 1, (long) seq << 32 | NOT_HELD);
        if (ancestors.length > INLINE_ANCESTORS) {
            return;
        }
        for (int k = 0; k < INLINE_ANCESTORS; k += 2) {
            long lo = k < ancestors.length ? ancestors[k] & 0xFFFF_FFFFL : 0;
            long hi = k + 1 < ancestors.length ? (long) ancestors[k + 1] << 32 : 0;
            LONGS.setOpaque(slots, at + ANCESTORS_AT + (k >>> 1), hi | lo);
        }
        LONGS.setRelease(slots, at + 1, (long) seq << 32 | ancestors.length);
    }

    private int slotOfId(Table t, int id) {
        long[] slots = t.slots;
        int mask = t.capacity - 1;
        int i = t.home(stored(uids[id]));
        while (true) {
            int at = i * WORDS;
            long word = slots[at];
            if (word == 0) {
                throw new IllegalStateException("id " + id + " has no slot");
            }
            if ((int) word == id) {
                return at;
            }
            i = (i + 1) & mask;
        }
    }

    /** Makes every slot's ancestors unknown, for good: {@link #setAncestors} must not be called after. */
    void forgetAncestors() {
        Table t = table;
        for (int i = 0; i < t.capacity; i++) {
            LONGS.setVolatile(t.slots, i * WORDS + 1, (long) NOT_HELD);
        }
    }

    private static int emptySlot(Table t, int h) {
        long[] slots = t.slots;
        int mask = t.capacity - 1;
        int i = t.home(h);
        while (slots[i * WORDS] != 0) {
            i = (i + 1) & mask;
        }
        return i * WORDS;
    }

    /** A table twice the size with every entry, published with one volatile write. */
    private Table grow(Table old) {
        Table t = newTable(old.capacity * 2);
        long[] s = old.slots;
        for (int i = 0; i < old.capacity; i++) {
            int from = i * WORDS;
            long word = s[from];
            if (word != 0) {
                int to = emptySlot(t, (int) (word >>> 32));
                System.arraycopy(s, from, t.slots, to, WORDS);
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
