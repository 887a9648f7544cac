package dev.veto.engine;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * An immutable map from entity id to the policies filed under it: open addressing over two
 * parallel arrays.
 *
 * <p>Why not a paged array indexed by id, like the entities: a request looks up every id on its
 * principal's, resource's and action's chains (some twenty look-ups), and almost all of them
 * find nothing. Over a million entities a paged array spreads those misses across megabytes,
 * each a cache miss; this table holds only the keyed ids (tens of thousands of scope entities)
 * and stays in cache. It is rebuilt whole when a batch changes policies, which costs
 * microseconds per thousand keys.
 */
final class IntIndex {
    static final IntIndex EMPTY = new IntIndex(new int[] {-1}, new CompiledPolicy[1][], 0);

    private final int[] keys;
    private final CompiledPolicy[][] values;
    private final int size;
    private final int mask;
    /**
     * One bit per key (16 bits of filter per key, so about one absent id in 16 gets past it):
     * most ids on a request's chains (its accounts, most units) key nothing, and this filter,
     * a few kilobytes that stay in cache, turns them away without touching {@link #keys}, whose
     * slots are spread over a hundred kilobytes and more.
     */
    private final long[] filter;
    private final int filterMask;

    private IntIndex(int[] keys, CompiledPolicy[][] values, int size) {
        this.keys = keys;
        this.values = values;
        this.size = size;
        this.mask = keys.length - 1;
        int bits = Integer.highestOneBit(Math.max(size * 16, 64) - 1) << 1;
        this.filter = new long[bits >>> 6];
        this.filterMask = bits - 1;
        for (int k : keys) {
            if (k != -1) {
                int b = bit(k, filterMask);
                filter[b >>> 6] |= 1L << b;
            }
        }
    }

    private static int slot(int key, int mask) {
        return (key * 0x9E3779B9 >>> 7) & mask;
    }

    /** The key's filter bit: a different mix from {@link #slot}, so the two do not collide together. */
    private static int bit(int key, int mask) {
        int h = key * 0x85EBCA6B;
        return (h ^ (h >>> 15)) & mask;
    }

    CompiledPolicy[] get(int key) {
        int b = bit(key, filterMask);
        if ((filter[b >>> 6] & (1L << b)) == 0) {
            return null;
        }
        int i = slot(key, mask);
        while (true) {
            int k = keys[i];
            if (k == key) {
                return values[i];
            }
            if (k == -1) {
                return null;
            }
            i = (i + 1) & mask;
        }
    }

    int size() {
        return size;
    }

    /** This index with {@code edits} (id → its new, possibly empty, bucket) applied. */
    IntIndex with(Map<Integer, List<CompiledPolicy>> edits) {
        if (edits.isEmpty()) {
            return this;
        }
        int upper = size + edits.size();
        int cap = Integer.highestOneBit(Math.max(upper * 2, 2) - 1) << 1;
        int[] k = new int[cap];
        Arrays.fill(k, -1);
        CompiledPolicy[][] v = new CompiledPolicy[cap][];
        int n = 0;
        for (int i = 0; i < keys.length; i++) {
            if (keys[i] != -1 && !edits.containsKey(keys[i])) {
                n += put(k, v, keys[i], values[i]);
            }
        }
        for (Map.Entry<Integer, List<CompiledPolicy>> e : edits.entrySet()) {
            if (!e.getValue().isEmpty()) {
                n += put(k, v, e.getKey(), e.getValue().toArray(CompiledPolicy[]::new));
            }
        }
        return new IntIndex(k, v, n);
    }

    private static int put(int[] k, CompiledPolicy[][] v, int key, CompiledPolicy[] bucket) {
        int mask = k.length - 1;
        int i = slot(key, mask);
        while (k[i] != -1) {
            i = (i + 1) & mask;
        }
        k[i] = key;
        v[i] = bucket;
        return 1;
    }
}
