package dev.veto.engine;

import java.util.Arrays;

/** Small helpers over sorted int arrays, the engine's compact form of sets of entity ids. */
final class IntArrays {
    /** The empty set of ids, shared. */
    static final int[] NONE = new int[0];

    private IntArrays() {}

    /**
     * Membership in a sorted array. Ancestor lists are short (a platform tree is a few levels
     * deep), where a linear scan beats a binary search; long ones use the binary search.
     */
    static boolean contains(int[] sorted, int value) {
        if (sorted.length <= 16) {
            for (int v : sorted) {
                if (v == value) {
                    return true;
                }
                if (v > value) {
                    return false;
                }
            }
            return false;
        }
        return Arrays.binarySearch(sorted, value) >= 0;
    }

    /** Sorts {@code buf[0..n)} and returns its distinct values as a new array. */
    static int[] sortedDistinct(int[] buf, int n) {
        if (n == 0) {
            return NONE;
        }
        Arrays.sort(buf, 0, n);
        int w = 1;
        for (int i = 1; i < n; i++) {
            if (buf[i] != buf[w - 1]) {
                buf[w++] = buf[i];
            }
        }
        return Arrays.copyOf(buf, w);
    }
}
