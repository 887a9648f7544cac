package dev.veto.server.decision;

import dev.veto.cedar.value.EntityUid;
import dev.veto.cedar.value.StringValue;
import java.nio.charset.StandardCharsets;

/**
 * The decision reader's symbol tables: short texts (up to {@value #KEY_BYTES} bytes, which
 * covers field names, type names, ids and most values a PEP sends) are looked up by their bytes
 * in what was read before, so a name, type, id or value seen again costs neither a new object nor
 * a hash of its characters.
 *
 * <p>Record field names and type names, a handful repeated thousands of times, are remembered in
 * small caches shared by all threads (an entry is immutable and replaced whole, so a thread that
 * reads an old one only misses). Ids and string values are remembered only within one body, in a
 * table of its own, where they repeat (each request names its principal, resource and their
 * parents twice, and a batch often repeats a principal); sharing them would mean a write to
 * shared memory for almost every one read. One instance per body, like its scanner.
 */
final class Symbols {
    /** Longest text the caches hold: three words. */
    static final int KEY_BYTES = 24;
    /** Longer field names are left to the tree reader (its parser refuses names over 50,000 characters). */
    static final int MAX_NAME = 1000;

    /** A cached text: its length and bytes as three little-endian words (zero past the end), and what it reads as. */
    private record Known(int len, long w0, long w1, long w2, Object value) {}

    /** Record field names and extension function names, as strings. */
    private static final Known[] NAMES = new Known[1 << 8];
    /** Entity type names, as canonical strings. */
    private static final Known[] TYPES = new Known[1 << 6];
    /** Kinds of text this body's own table holds, apart. */
    private static final int UID = 1;
    private static final int STRING = 2;

    private final byte[] b;
    /** The key {@link #key} made of the text it was given. */
    private int kLen;
    private long k0;
    private long k1;
    private long k2;
    /**
     * This body's own table of ids and string values read: per slot four words of key (length,
     * kind and salt; the three words of text) in {@code memoKeys}, and what the text read as in
     * {@code memoValues}. Made at the first use, sized to the body.
     */
    private long[] memoKeys;
    private Object[] memoValues;
    private int memoBits;
    private int memoSlot;

    Symbols(byte[] body) {
        this.b = body;
    }

    /** A string value: the text from {@code from} to {@code end} (its closing quote). */
    StringValue stringValue(int from, int end) {
        if (end - from > KEY_BYTES) {
            return new StringValue(text(from, end));
        }
        key(from, end);
        if (memo(STRING, 0) instanceof StringValue v) {
            return v;
        }
        StringValue v = new StringValue(text(from, end));
        memoize(STRING, 0, v);
        return v;
    }

    /** A record's field name or an extension function's name. */
    String name(int from, int end) {
        if (end - from > KEY_BYTES) {
            if (end - from > MAX_NAME) {
                throw GiveUp.INSTANCE;
            }
            return text(from, end);
        }
        key(from, end);
        int slot = slot(0, 8);
        if (known(NAMES, slot) instanceof String s) {
            return s;
        }
        String s = text(from, end);
        remember(NAMES, slot, s);
        return s;
    }

    /** The type name from {@code from} to {@code end}, as its canonical instance. */
    String type(int from, int end) {
        if (end - from > KEY_BYTES) {
            return canonical(text(from, end));
        }
        key(from, end);
        int slot = slot(0, 6);
        if (known(TYPES, slot) instanceof String s) {
            return s;
        }
        String s = canonical(text(from, end));
        remember(TYPES, slot, s);
        return s;
    }

    private static String canonical(String type) {
        return EntityUid.of(type, "").type();
    }

    /** The uid of canonical type {@code type} whose id is the text from {@code from} to {@code end}. */
    EntityUid uid(String type, int from, int end) {
        if (end - from > KEY_BYTES) {
            return EntityUid.of(type, text(from, end));
        }
        key(from, end);
        int salt = type.hashCode();
        if (memo(UID, salt) instanceof EntityUid u && u.type() == type) {
            return u;
        }
        EntityUid u = EntityUid.of(type, text(from, end));
        memoize(UID, salt, u);
        return u;
    }

    private String text(int from, int end) {
        return new String(b, from, end - from, StandardCharsets.ISO_8859_1);
    }

    /** Makes the key of the text from {@code from} to {@code end}, at most {@link #KEY_BYTES} long. */
    private void key(int from, int end) {
        int len = end - from;
        kLen = len;
        k0 = Words.word(b, from, Math.min(len, 8));
        k1 = Words.word(b, from + 8, Math.min(len - 8, 8));
        k2 = Words.word(b, from + 16, len - 16);
    }

    /** The key's slot in a cache of {@code 1 << bits} entries; {@code salt} mixes in what else the entry depends on. */
    private int slot(int salt, int bits) {
        long h = (k0 ^ Long.rotateLeft(k1, 21) ^ Long.rotateLeft(k2, 42)) + kLen + salt;
        h *= 0x9E3779B97F4A7C15L;
        return (int) (h >>> (64 - bits));
    }

    /**
     * What {@code cache} holds for the key, else null. The key may sit in {@code slot} or its
     * neighbour, so two texts whose slots collide (as {@code mfa} and {@code region} do) do not
     * push each other out.
     */
    private Object known(Known[] cache, int slot) {
        Object v = known(cache[slot]);
        return v != null ? v : known(cache[slot ^ 1]);
    }

    private Object known(Known k) {
        return k != null && k.len == kLen && k.w0 == k0 && k.w1 == k1 && k.w2 == k2 ? k.value : null;
    }

    /** Stores the key's {@code value} in {@code slot} or its neighbour, whichever is free, else in one picked by the key. */
    private void remember(Known[] cache, int slot, Object value) {
        int at = cache[slot] == null ? slot : cache[slot ^ 1] == null ? slot ^ 1 : slot ^ ((int) k0 & 1);
        cache[at] = new Known(kLen, k0, k1, k2, value);
    }

    /** What this body read before as text of the key's bytes, of {@code kind} and {@code salt}; else null, the slot kept for {@link #memoize}. */
    private Object memo(int kind, int salt) {
        if (memoKeys == null) {
            // about one slot per 32 bytes of body, from 16 to 1024
            memoBits = Math.max(4, Math.min(10, 32 - Integer.numberOfLeadingZeros(b.length >>> 5)));
            memoKeys = new long[4 << memoBits];
            memoValues = new Object[1 << memoBits];
        }
        int slot = slot(salt * 31 + kind, memoBits);
        memoSlot = slot;
        int at = slot << 2;
        long head = ((long) salt << 32) | ((long) kind << 16) | kLen;
        if (memoKeys[at] == head && memoKeys[at + 1] == k0 && memoKeys[at + 2] == k1 && memoKeys[at + 3] == k2) {
            return memoValues[slot];
        }
        return null;
    }

    private void memoize(int kind, int salt, Object value) {
        int at = memoSlot << 2;
        memoKeys[at] = ((long) salt << 32) | ((long) kind << 16) | kLen;
        memoKeys[at + 1] = k0;
        memoKeys[at + 2] = k1;
        memoKeys[at + 3] = k2;
        memoValues[memoSlot] = value;
    }
}
