package dev.veto.ledger.merkle;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The right edge of an append-only Merkle tree: the roots of the perfect subtrees its leaves
 * decompose into, left to right, largest first (a "compact range" from 0). It is all a follower
 * needs to keep to compute the tree's root after appending leaves, and so to check a signed
 * checkpoint against the entries it received. Immutable; {@link #append} returns a new one.
 */
public final class Frontier {
    private final long size;
    /** One hash per set bit of {@code size}, from the highest bit down. */
    private final byte[][] hashes;

    private Frontier(long size, byte[][] hashes) {
        this.size = size;
        this.hashes = hashes;
    }

    /** The frontier of the empty tree. */
    public static Frontier empty() {
        return new Frontier(0, new byte[0][]);
    }

    /**
     * A frontier from its size and its hashes (one per set bit of {@code size}, from the highest
     * bit down), as {@link #hashes()} gives them.
     *
     * @throws IllegalArgumentException when the count of hashes or a hash's length is wrong
     */
    public static Frontier of(long size, List<byte[]> hashes) {
        if (size < 0) {
            throw new IllegalArgumentException("a tree size is not negative, got " + size);
        }
        if (hashes.size() != Long.bitCount(size)) {
            throw new IllegalArgumentException("a tree of " + size + " leaves has a frontier of " + Long.bitCount(size)
                    + " hashes, got " + hashes.size());
        }
        byte[][] h = new byte[hashes.size()][];
        for (int i = 0; i < h.length; i++) {
            if (hashes.get(i).length != Hashes.SIZE) {
                throw new IllegalArgumentException("frontier hash " + i + " is " + hashes.get(i).length + " bytes, not " + Hashes.SIZE);
            }
            h[i] = hashes.get(i).clone();
        }
        return new Frontier(size, h);
    }

    /** The frontier of a tree of {@code size} leaves, read from its nodes. */
    public static Frontier of(long size, NodeSource nodes) {
        List<byte[]> out = new ArrayList<>(Long.bitCount(size));
        long offset = 0;
        for (int height = 63; height >= 0; height--) {
            if ((size & (1L << height)) != 0) {
                out.add(nodes.node(height, offset >>> height));
                offset += 1L << height;
            }
        }
        return of(size, out);
    }

    public long size() {
        return size;
    }

    /** The hashes, from the largest subtree (leftmost) to the smallest. */
    public List<byte[]> hashes() {
        List<byte[]> out = new ArrayList<>(hashes.length);
        for (byte[] h : hashes) {
            out.add(h.clone());
        }
        return out;
    }

    /** The frontier after appending the leaf whose hash is {@code leafHash}. */
    public Frontier append(byte[] leafHash) {
        if (leafHash.length != Hashes.SIZE) {
            throw new IllegalArgumentException("a leaf hash is " + Hashes.SIZE + " bytes, got " + leafHash.length);
        }
        // Merging works like binary addition: each trailing 1 bit of size is a subtree as large
        // as the carry, merged into one twice as large.
        int merges = Long.numberOfTrailingZeros(~size);
        byte[] carry = leafHash;
        int keep = hashes.length - merges;
        for (int i = hashes.length - 1; i >= keep; i--) {
            carry = Hashes.node(hashes[i], carry);
        }
        byte[][] next = Arrays.copyOf(hashes, keep + 1);
        next[keep] = carry;
        return new Frontier(size + 1, next);
    }

    /** The root of the tree, RFC 9162 (the empty tree's root when it has no leaves). */
    public byte[] root() {
        if (hashes.length == 0) {
            return Hashes.emptyRoot();
        }
        byte[] r = hashes[hashes.length - 1];
        for (int i = hashes.length - 2; i >= 0; i--) {
            r = Hashes.node(hashes[i], r);
        }
        return r;
    }
}
