package dev.veto.ledger.merkle;

import java.util.ArrayList;
import java.util.List;

/**
 * A tree held in memory as every complete node at every height, built from leaf hashes. Meant for
 * tests, tools and verification passes that already hold all leaf hashes.
 */
public final class HashListTree implements NodeSource {
    private final List<byte[][]> levels = new ArrayList<>();

    private HashListTree(byte[][] leafHashes) {
        byte[][] level = leafHashes;
        levels.add(level);
        while (level.length > 1) {
            byte[][] up = new byte[level.length / 2][];
            for (int i = 0; i < up.length; i++) {
                up[i] = Hashes.node(level[2 * i], level[2 * i + 1]);
            }
            levels.add(up);
            level = up;
        }
    }

    /** The tree over the given leaf hashes. */
    public static HashListTree ofLeafHashes(List<byte[]> leafHashes) {
        return new HashListTree(leafHashes.toArray(byte[][]::new));
    }

    /** The tree over the given entries (hashed as leaves). */
    public static HashListTree ofEntries(List<byte[]> entries) {
        return new HashListTree(entries.stream().map(Hashes::leaf).toArray(byte[][]::new));
    }

    /** Number of leaves. */
    public long size() {
        return levels.get(0).length;
    }

    /** This tree's root. */
    public byte[] root() {
        return Proofs.root(size(), this);
    }

    @Override
    public byte[] node(int height, long index) {
        if (height >= levels.size() || index >= levels.get(height).length) {
            throw new IllegalArgumentException("no complete node at height " + height + " index " + index);
        }
        return levels.get(height)[(int) index];
    }
}
