package dev.veto.ledger.merkle;

/**
 * Hashes of complete nodes of one append-only tree. Node {@code (height, index)} covers leaves
 * {@code [index·2^height, (index+1)·2^height)}; callers ask only for nodes that are complete in
 * the tree size they work with.
 */
@FunctionalInterface
public interface NodeSource {
    /** The hash of the complete node at {@code height} and {@code index}. */
    byte[] node(int height, long index);
}
