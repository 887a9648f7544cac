package dev.veto.ledger.merkle;

import java.util.ArrayList;
import java.util.List;

/**
 * Roots and proofs (RFC 9162 §2.1.1, §2.1.3.1, §2.1.4.1) computed from complete-node hashes, so a
 * proof costs O(log n) node look-ups instead of a pass over all leaves.
 */
public final class Proofs {
    private Proofs() {}

    /** The root of the tree of {@code size} leaves; the empty tree's root is SHA-256 of nothing. */
    public static byte[] root(long size, NodeSource nodes) {
        if (size < 0) {
            throw new IllegalArgumentException("negative tree size " + size);
        }
        return size == 0 ? Hashes.emptyRoot() : subtree(0, size, nodes);
    }

    /**
     * The inclusion proof of leaf {@code index} in the tree of {@code size} leaves, leaf-to-root
     * order. Requires {@code 0 <= index < size}.
     */
    public static List<byte[]> inclusion(long index, long size, NodeSource nodes) {
        if (index < 0 || index >= size) {
            throw new IllegalArgumentException("index " + index + " is not below tree size " + size);
        }
        List<byte[]> path = new ArrayList<>(64);
        inclusion(index, 0, size, nodes, path);
        return path;
    }

    /**
     * The consistency proof from tree size {@code from} to {@code to}. Empty when
     * {@code from == to} or {@code from == 0} (the empty tree is a prefix of every tree).
     */
    public static List<byte[]> consistency(long from, long to, NodeSource nodes) {
        if (from < 0 || from > to) {
            throw new IllegalArgumentException("cannot prove size " + from + " consistent with size " + to);
        }
        List<byte[]> path = new ArrayList<>(64);
        if (from > 0 && from < to) {
            subproof(from, 0, to, true, nodes, path);
        }
        return path;
    }

    // PATH(m, D[lo:hi]) of RFC 9162 §2.1.3.1, appended leaf-side first.
    private static void inclusion(long m, long lo, long hi, NodeSource nodes, List<byte[]> out) {
        long n = hi - lo;
        if (n == 1) {
            return;
        }
        long k = largestPowerOfTwoBelow(n);
        if (m < k) {
            inclusion(m, lo, lo + k, nodes, out);
            out.add(subtree(lo + k, hi, nodes));
        } else {
            inclusion(m - k, lo + k, hi, nodes, out);
            out.add(subtree(lo, lo + k, nodes));
        }
    }

    // SUBPROOF(m, D[lo:hi], b) of RFC 9162 §2.1.4.1.
    private static void subproof(long m, long lo, long hi, boolean complete, NodeSource nodes, List<byte[]> out) {
        long n = hi - lo;
        if (m == n) {
            if (!complete) {
                out.add(subtree(lo, hi, nodes));
            }
            return;
        }
        long k = largestPowerOfTwoBelow(n);
        if (m <= k) {
            subproof(m, lo, lo + k, complete, nodes, out);
            out.add(subtree(lo + k, hi, nodes));
        } else {
            subproof(m - k, lo + k, hi, false, nodes, out);
            out.add(subtree(lo, lo + k, nodes));
        }
    }

    /**
     * MTH(D[lo:hi]) for a range the RFC recursion produces: {@code lo} is a multiple of the
     * largest power of two not above {@code hi - lo}, so the left part is always a complete node.
     */
    static byte[] subtree(long lo, long hi, NodeSource nodes) {
        long n = hi - lo;
        if (Long.bitCount(n) == 1) {
            int h = Long.numberOfTrailingZeros(n);
            return nodes.node(h, lo >>> h);
        }
        long k = largestPowerOfTwoBelow(n);
        int h = Long.numberOfTrailingZeros(k);
        return Hashes.node(nodes.node(h, lo >>> h), subtree(lo + k, hi, nodes));
    }

    /** The largest power of two strictly below {@code n}, for n ≥ 2. */
    static long largestPowerOfTwoBelow(long n) {
        return Long.highestOneBit(n - 1);
    }
}
