package dev.veto.server.decision;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The field names an object may have, each at most 16 ASCII bytes: as two little-endian words,
 * and as written in compact JSON ({@code "name":}) in three words with the masks that cover its
 * bytes, so the scanner matches a field a word at a time ({@link ByteScanner#field}).
 */
final class FieldNames {
    final List<String> names;
    final int[] len;
    final long[] w0;
    final long[] w1;
    final long[] q0;
    final long[] m0;
    private final long[] q1;
    private final long[] m1;
    private final long[] q2;
    private final long[] m2;

    FieldNames(String... names) {
        this.names = List.of(names);
        int n = names.length;
        len = new int[n];
        w0 = new long[n];
        w1 = new long[n];
        q0 = new long[n];
        m0 = new long[n];
        q1 = new long[n];
        m1 = new long[n];
        q2 = new long[n];
        m2 = new long[n];
        for (int k = 0; k < n; k++) {
            byte[] name = names[k].getBytes(StandardCharsets.US_ASCII);
            if (name.length > 16) {
                throw new IllegalArgumentException(names[k]);
            }
            len[k] = name.length;
            w0[k] = Words.word(name, 0);
            w1[k] = Words.word(name, 8);
            byte[] quoted = ("\"" + names[k] + "\":").getBytes(StandardCharsets.US_ASCII);
            q0[k] = Words.word(quoted, 0);
            q1[k] = Words.word(quoted, 8);
            q2[k] = Words.word(quoted, 16);
            m0[k] = Words.mask(quoted.length);
            m1[k] = Words.mask(quoted.length - 8);
            m2[k] = Words.mask(quoted.length - 16);
        }
    }

    /** Whether the second and third words of name {@code k}'s compact form match at {@code at} (24 bytes readable). */
    boolean matchesRest(int k, byte[] b, int at) {
        return m1[k] == 0 || ((Words.at(b, at + 8) & m1[k]) == q1[k]
                && (m2[k] == 0 || (Words.at(b, at + 16) & m2[k]) == q2[k]));
    }

    boolean contains(String name) {
        return names.contains(name);
    }
}
