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
 * four misses in a row; the entity's ancestors are two more. Here one 64-byte slot, one cache
 * line, holds everything a decision needs about a uid:
 * <ul>
 *   <li>word 0: the stored hash (never 0; 0 marks an empty slot) and the id;
 *   <li>word 1: the version of the ancestors in words 5–7: the number of the snapshot that
 *       wrote them and how many there are (see {@link #ancestorsAt});
 *   <li>word 2: how the key's text is held (its two low bits): inline (then its length and
 *       type index, and the first characters), in the arena, or only in the uid object;
 *   <li>words 2–4: the key's text, in the 21 bytes after word 2's three of header, when it is
 *       at most {@link #INLINE_CHARS} Latin-1 characters;
 *   <li>words 5–7: the entity's ancestor ids when it has at most {@link #INLINE_ANCESTORS} and
 *       each is below 2<sup>24</sup> (as a platform's accounts and actions do), 24 bits each.
 * </ul>
 * Longer texts live in a character arena (one more miss), and the longest, or any type past the
 * 65,535th, are compared through the uid object; longer ancestries are read from the snapshot.
 *
 * <p>Why 64 bytes and any capacity: every enforcement point's replica holds one such table, and
 * it was the largest part of a replica's memory (96-byte slots in a power-of-two table, half
 * empty at a million entities: 200 MB). The capacity is any number of slots, mapped to by multiplying
 * the hash (Lemire's "fastrange", as cheap as a mask), and grows by half, so the table is
 * between half and three quarters full; a bulk load (a replica joining) sizes it once at 70%.
 * Slot {@code i} starts at word {@code 6 + 8i}: where the collector places a large array at the
 * start of a region (G1 does with every array of half a region or more: a few megabytes), the
 * array's 16-byte header and these 6 words put every slot on a cache line of its own.
 *
 * <p>Publication: a writer fills a slot's other words, then stores word 0 with release
 * semantics; a reader loads word 0 with acquire semantics, so it never sees a half-written slot.
 * Ancestors change after that, under a sequence lock (see {@link #setAncestors}).
 */
final class EntityIds {
    private static final VarHandle LONGS = MethodHandles.arrayElementVarHandle(long[].class);
    static final int INLINE_CHARS = 21;
    static final int INLINE_ANCESTORS = 8;
    /** Ancestor ids at or above this are not held in slots (they take 24 bits there). */
    static final int INLINE_ID_LIMIT = 1 << 24;
    /** Longest key text held in the arena; longer ones are compared through the uid object. */
    static final int ARENA_LIMIT = 4096;
    private static final int WORDS = 8;
    /** Where slot 0 starts: see the class comment on cache lines. */
    private static final int BASE = 6;
    private static final int ANCESTORS_AT = 5;
    /** Bytes of word 2 before an inline text: the tag and length (one byte), the type index (two). */
    private static final int TEXT_AT = 3;
    private static final int PAGE_SHIFT = 16;
    private static final int PAGE_CHARS = 1 << PAGE_SHIFT;
    /** Word 2 tags, in its two low bits. */
    private static final long ARENA = 0;
    private static final long INLINE = 1;
    private static final long OBJECT = 2;
    private static final long TAG = 3;
    /** Word 1's count when the ancestors are not in the slot: "look in the snapshot". */
    private static final int NOT_HELD = 0xFF;
    /** Grow when more than this share of the slots is taken; a bulk load sizes the table at {@link #RESERVED_LOAD}. */
    private static final double MAX_LOAD = 0.75;
    private static final double RESERVED_LOAD = 0.70;
    private static final int MIN_CAPACITY = 1 << 10;

    /** One generation of the table; replaced whole when it grows. */
    record Table(long[] slots, int capacity) {
        /** Where the home slot of stored hash {@code h} starts: the hash scaled to the capacity ("fastrange"). */
        int home(int h) {
            return start((int) (((h & 0xFFFF_FFFFL) * capacity) >>> 32));
        }

        /** Where the slot after the one starting at {@code at} starts, wrapping around. */
        int next(int at) {
            at += WORDS;
            return at == BASE + capacity * WORDS ? BASE : at;
        }
    }

    private static int start(int slot) {
        return BASE + slot * WORDS;
    }

    private volatile Table table = newTable(MIN_CAPACITY);
    /**
     * Every entity type with at least one id, indexed as word 2 records them. Requests mostly
     * come with principals and resources that no policy names and the store does not hold (a
     * {@code User} or an {@code Object} in an account); checking this small, cache-resident list
     * first spares those look-ups the table altogether.
     */
    private volatile String[] types = new String[0];
    private volatile EntityUid[] uids = new EntityUid[MIN_CAPACITY];
    /** Key texts too long to inline: pages of chars, each entry {@code [type, length, chars…]}. */
    private volatile char[][] text = new char[][] {new char[PAGE_CHARS]};
    private int textPage;
    private int textOffset;
    private int size;

    private static Table newTable(int capacity) {
        return new Table(new long[BASE + capacity * WORDS], capacity);
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
        return t.slots[t.home(stored(uid))];
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
        long low = slots[at + ANCESTORS_AT];
        long high = slots[at + ANCESTORS_AT + 1];
        long top = slots[at + ANCESTORS_AT + 2];
        for (int k = 0; k < n; k++) {
            // see setAncestors: the low 16 bits of ids 0-3 in word 5, of ids 4-7 in word 6, the top 8 of all in word 7
            long lo16 = (k < 4 ? low >>> (k << 4) : high >>> ((k - 4) << 4)) & 0xFFFF;
            out[k] = (int) (lo16 | (top >>> (k << 3) & 0xFF) << 16);
        }
        VarHandle.loadLoadFence();
        return (long) LONGS.getOpaque(slots, at + 1) == v ? out : null;
    }

    /** The index of the slot of {@code uid} (whose type has index {@code type}) in {@code t}, or -1. */
    private int find(Table t, EntityUid uid, int type) {
        long[] slots = t.slots;
        int h = stored(uid);
        int at = t.home(h);
        while (true) {
            long word = (long) LONGS.getAcquire(slots, at);
            if (word == 0) {
                return -1;
            }
            if ((int) (word >>> 32) == h && sameKey(slots, at, type, uid)) {
                return at;
            }
            at = t.next(at);
        }
    }

    /** Whether the slot at {@code at} holds {@code uid}, whose type has index {@code type}. */
    private boolean sameKey(long[] slots, int at, int type, EntityUid uid) {
        long how = slots[at + 2];
        String s = uid.id();
        int n = s.length();
        long tag = how & TAG;
        if (tag == INLINE) {
            // tag, length and type in one comparison (a length past INLINE_CHARS would spill into the type)
            if (n > INLINE_CHARS || (how & 0xFF_FFFF) != inlineHeader(type, n)) {
                return false;
            }
            for (int k = 0, b = TEXT_AT; k < n; k++, b++) {
                long w = slots[at + 2 + (b >>> 3)];
                if ((char) (w >>> ((b & 7) << 3) & 0xFF) != s.charAt(k)) {
                    return false;
                }
            }
            return true;
        }
        if (tag == OBJECT) {
            return uid.equals(uids[(int) slots[at]]);
        }
        long ref = how >>> 2;
        char[] page = text[(int) (ref >>> PAGE_SHIFT)];
        int off = (int) ref & (PAGE_CHARS - 1);
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
            a = Arrays.copyOf(a, a.length + (a.length >> 1));
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
        if (size + 1 > t.capacity * MAX_LOAD) {
            t = grow(t, (int) Math.min(Integer.MAX_VALUE / WORDS - BASE, t.capacity + (long) (t.capacity >> 1)));
        }
        int at = emptySlot(t, stored(uid));
        long[] slots = t.slots;
        slots[at + 1] = NOT_HELD;
        describe(slots, at, type, uid.id());
        LONGS.setRelease(slots, at, ((long) stored(uid) << 32) | (id & 0xFFFF_FFFFL));
        size = id + 1;
        return id;
    }

    /** Writes words 2–4 of a new slot: the key's text inline, or where else it is. */
    private void describe(long[] slots, int at, int type, String id) {
        int n = id.length();
        if (type > Character.MAX_VALUE) {
            slots[at + 2] = OBJECT;
            return;
        }
        if (n <= INLINE_CHARS && latin1(id)) {
            slots[at + 2] = inlineHeader(type, n);
            for (int k = 0, b = TEXT_AT; k < n; k++, b++) {
                slots[at + 2 + (b >>> 3)] |= (long) id.charAt(k) << ((b & 7) << 3);
            }
            return;
        }
        slots[at + 2] = n > ARENA_LIMIT ? OBJECT : ARENA | store(type, id) << 2;
    }

    /** Word 2's first three bytes for an inline text: the tag, the length (six bits), the type index (two bytes). */
    private static long inlineHeader(int type, int length) {
        return INLINE | (long) length << 2 | (long) type << 8;
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
        int n = ancestors.length;
        // sorted: the last is the largest
        if (n > INLINE_ANCESTORS || n > 0 && ancestors[n - 1] >= INLINE_ID_LIMIT) {
            return;
        }
        long low = 0;
        long high = 0;
        long top = 0;
        for (int k = 0; k < n; k++) {
            long a = ancestors[k];
            if (k < 4) {
                low |= (a & 0xFFFF) << (k << 4);
            } else {
                high |= (a & 0xFFFF) << ((k - 4) << 4);
            }
            top |= (a >>> 16) << (k << 3);
        }
        LONGS.setOpaque(slots, at + ANCESTORS_AT, low);
        LONGS.setOpaque(slots, at + ANCESTORS_AT + 1, high);
        LONGS.setOpaque(slots, at + ANCESTORS_AT + 2, top);
        LONGS.setRelease(slots, at + 1, (long) seq << 32 | n);
    }

    private int slotOfId(Table t, int id) {
        long[] slots = t.slots;
        int at = t.home(stored(uids[id]));
        while (true) {
            long word = slots[at];
            if (word == 0) {
                throw new IllegalStateException("id " + id + " has no slot");
            }
            if ((int) word == id) {
                return at;
            }
            at = t.next(at);
        }
    }

    /** Makes every slot's ancestors unknown, for good: {@link #setAncestors} must not be called after. */
    void forgetAncestors() {
        Table t = table;
        for (int i = 0; i < t.capacity; i++) {
            LONGS.setVolatile(t.slots, start(i) + 1, (long) NOT_HELD);
        }
    }

    /**
     * Makes room for {@code more} ids beyond those given, sizing the table once for a bulk load
     * (a replica joining from a state snapshot) rather than growing it step by step, which
     * would leave it as little as half full. Writer only.
     */
    void reserve(int more) {
        long needed = (long) size + more;
        Table t = table;
        if (needed > t.capacity * MAX_LOAD) {
            grow(t, (int) Math.min(Integer.MAX_VALUE / WORDS - BASE, (long) Math.ceil(needed / RESERVED_LOAD)));
        }
        if (needed > uids.length) {
            // the same room as the table's for ids beyond the entities (parents not stored, policy keys)
            uids = Arrays.copyOf(uids, (int) Math.min(Integer.MAX_VALUE - 8, needed + (needed >> 4)));
        }
    }

    private static int emptySlot(Table t, int h) {
        long[] slots = t.slots;
        int at = t.home(h);
        while (slots[at] != 0) {
            at = t.next(at);
        }
        return at;
    }

    /** A table of {@code capacity} slots with every entry, published with one volatile write. */
    private Table grow(Table old, int capacity) {
        Table t = newTable(capacity);
        long[] s = old.slots;
        for (int i = 0; i < old.capacity; i++) {
            int from = start(i);
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
