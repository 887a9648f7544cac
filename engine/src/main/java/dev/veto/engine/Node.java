package dev.veto.engine;

import dev.veto.cedar.entity.Entity;

/**
 * A stored entity with its hierarchy as ids: direct parents, and all ancestors sorted ascending
 * so {@code in} is a binary search over a handful of ints.
 */
record Node(int id, Entity entity, int[] parents, int[] ancestors) {
    static final int[] NONE = new int[0];
}
