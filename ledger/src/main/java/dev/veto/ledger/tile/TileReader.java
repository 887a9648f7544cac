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
}
