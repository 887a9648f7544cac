package dev.veto.server.decision;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Bytes read eight at a time, as little-endian words: the arithmetic under the decision reader's
 * scanner, its field-name matcher and its symbol tables.
 */
final class Words {
    /** Eight bytes of an array at any offset as one little-endian word. */
    static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private static final long ONES = 0x0101010101010101L;
    private static final long HIGHS = 0x8080808080808080L;
    private static final long QUOTES = 0x2222222222222222L;
    private static final long BACKSLASHES = 0x5C5C5C5C5C5C5C5CL;
    private static final long SPACES = 0x2020202020202020L;

    private Words() {}

    /** The eight bytes of {@code b} from {@code at} (which must hold eight) as a word. */
    static long at(byte[] b, int at) {
        return (long) LONGS.get(b, at);
    }

    /** {@code n} (at most 8) bytes of {@code a} from {@code from} as a little-endian word, zero above them, a byte at a time. */
    static long littleEndian(byte[] a, int from, int n) {
        long w = 0;
        for (int k = n - 1; k >= 0; k--) {
            w = (w << 8) | (a[from + k] & 0xFF);
        }
        return w;
    }

    /** {@code n} (0 to 8) bytes of {@code b} from {@code at} as a little-endian word, zero above them. */
    static long word(byte[] b, int at, int n) {
        if (n <= 0) {
            return 0;
        }
        if (at + 8 <= b.length) {
            long w = at(b, at);
            return n == 8 ? w : w & ((1L << (n << 3)) - 1);
        }
        return littleEndian(b, at, n);
    }

    /** The bytes of {@code text} from {@code at}, up to eight, as a little-endian word. */
    static long word(byte[] text, int at) {
        return littleEndian(text, at, Math.max(0, Math.min(8, text.length - at)));
    }

    /** A mask of the low {@code n} bytes of a word (all of it from 8 on, none below 1). */
    static long mask(int n) {
        return n >= 8 ? -1L : n <= 0 ? 0 : (1L << (n << 3)) - 1;
    }

    /**
     * The closing quote of the string whose first character is at {@code from}, or -1 when a
     * backslash, a control character or a byte beyond ASCII comes first (or the body ends).
     * Eight bytes at a time: a word with a quote, a backslash, a control character or a byte
     * beyond ASCII marks its first such byte exactly (a borrow in the subtractions only runs
     * upwards from a byte that matched), and that byte must be the closing quote.
     */
    static int closingQuote(byte[] b, int from) {
        int j = from;
        while (j + 8 <= b.length) {
            long w = at(b, j);
            long q = w ^ QUOTES;
            long s = w ^ BACKSLASHES;
            long marks = (((q - ONES) & ~q) | ((s - ONES) & ~s) | ((w - SPACES) & ~w) | w) & HIGHS;
            if (marks != 0) {
                j += Long.numberOfTrailingZeros(marks) >>> 3;
                return b[j] == '"' ? j : -1;
            }
            j += 8;
        }
        while (j < b.length) {
            byte c = b[j];
            if (c == '"') {
                return j;
            }
            if (c == '\\' || c < 0x20) {
                // an escape, a control character, or (as a negative byte) beyond ASCII
                return -1;
            }
            j++;
        }
        return -1;
    }
}
