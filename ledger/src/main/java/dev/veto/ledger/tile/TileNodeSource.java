package dev.veto.ledger.tile;

import dev.veto.ledger.merkle.Hashes;
import dev.veto.ledger.merkle.NodeSource;
import java.util.HashMap;
import java.util.Map;

/**
 * Complete-node hashes read from hash tiles: node {@code (h, i)} is the perfect subtree over
 * {@code 2^(h mod 8)} hashes of one tile at level {@code h / 8}. One instance serves one request;
 * it remembers the tiles it read so a proof reads each tile once.
 */
public final class TileNodeSource implements NodeSource {
    private final TileReader tiles;
    private final Map<Long, byte[]> seen = new HashMap<>();

    public TileNodeSource(TileReader tiles) {
        this.tiles = tiles;
    }

    @Override
    public byte[] node(int height, long index) {
        int level = height / TilePath.HEIGHT;
        int r = height % TilePath.HEIGHT;
        int span = 1 << r;
        long first = index << r;
        long tile = first / TilePath.WIDTH;
        int offset = (int) (first % TilePath.WIDTH);
        if (r >= 4) {
            // Nodes 16 to 128 hashes wide cost up to 127 hash operations each; a caching reader
            // keeps them per full tile, which is what brings a proof down to tens of microseconds.
            byte[] upper = tiles.upperNodes(level, tile);
            if (upper != null) {
                int at = (TileReader.upperOffset(r) + (offset >> r)) * Hashes.SIZE;
                return java.util.Arrays.copyOfRange(upper, at, at + Hashes.SIZE);
            }
        }
        int need = offset + span;
        // Keyed by level and tile index; level < 64 and tile < 2^56 fit one long.
        long key = ((long) level << 56) | tile;
        byte[] hashes = seen.get(key);
        if (hashes == null || hashes.length < need * Hashes.SIZE) {
            hashes = tiles.hashes(level, tile, need);
            if (hashes.length < need * Hashes.SIZE) {
                throw new MissingTileException(level, tile, need);
            }
            seen.put(key, hashes);
        }
        return Hashes.perfectRoot(hashes, offset, span);
    }
}
