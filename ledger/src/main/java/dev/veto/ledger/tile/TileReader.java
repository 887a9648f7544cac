package dev.veto.ledger.tile;

/** Reads stored hash tiles. */
@FunctionalInterface
public interface TileReader {
    /**
     * The hashes of tile {@code index} at {@code level}, at least {@code minWidth} of them
     * (concatenated, 32 bytes each). A wider version is fine: the log only appends, so a tile's
     * narrower versions are prefixes of its wider ones.
     *
     * @throws MissingTileException when no stored version is that wide
     */
    byte[] hashes(int level, long index, int minWidth);

    /**
     * Optionally, the precomputed inner nodes of a full tile at heights 4 to 7 within it (16, 8,
     * 4 and 2 hashes, concatenated in that order), or null. Readers that cache tiles provide it so
     * a proof does not re-hash up to 127 hashes per node.
     */
    default byte[] upperNodes(int level, long index) {
        return null;
    }

    /** Offset (in hashes) of height {@code r} (4..7) within {@link #upperNodes}. */
    static int upperOffset(int r) {
        return switch (r) {
            case 4 -> 0;
            case 5 -> 16;
            case 6 -> 24;
            case 7 -> 28;
            default -> throw new IllegalArgumentException("height " + r + " has no upper nodes");
        };
    }

    /** Computes {@link #upperNodes} of a full tile's 256 hashes (255 hash operations). */
    static byte[] computeUpperNodes(byte[] full) {
        byte[] upper = new byte[30 * 32];
        for (int k = 0; k < 16; k++) {
            System.arraycopy(dev.veto.ledger.merkle.Hashes.perfectRoot(full, k * 16, 16), 0, upper, k * 32, 32);
        }
        int from = 0;
        int to = 16;
        for (int count = 8; count >= 2; count /= 2) {
            for (int k = 0; k < count; k++) {
                byte[] h = dev.veto.ledger.merkle.Hashes.node(
                        java.util.Arrays.copyOfRange(upper, (from + 2 * k) * 32, (from + 2 * k + 1) * 32),
                        java.util.Arrays.copyOfRange(upper, (from + 2 * k + 1) * 32, (from + 2 * k + 2) * 32));
                System.arraycopy(h, 0, upper, (to + k) * 32, 32);
            }
            from = to;
            to += count;
        }
        return upper;
    }
}
