package dev.veto.ledger.tile;

import dev.veto.ledger.merkle.Hashes;
import dev.veto.ledger.merkle.Proofs;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Integrates leaf hashes into hash tiles, holding only the right edge of the tree: the rightmost,
 * possibly partial, tile at each level. The writer and the verifier use the same builder, so the
 * tiles they produce agree by construction.
 */
public final class TileBuilder {
    /** A tile's new content, written whole. */
    public record Tile(int level, long index, byte[] hashes) {
        public int width() {
            return hashes.length / Hashes.SIZE;
        }

        public String path() {
            return TilePath.hashTile(level, index, width());
        }
    }

    private long size;
    // edge.get(L): the hashes of the rightmost tile at level L (width edgeWidth(size, L)).
    private final List<byte[]> edge = new ArrayList<>();
    private final List<Integer> edgeWidth = new ArrayList<>();
    private final Map<Long, Tile> changed = new LinkedHashMap<>();

    /** A builder for the empty tree. */
    public TileBuilder() {}

    /** A builder continuing a tree of {@code size} leaves whose edge tiles {@code tiles} returns. */
    public static TileBuilder resume(long size, TileReader tiles) {
        TileBuilder b = new TileBuilder();
        b.size = size;
        for (int level = 0; TilePath.nodesAtLevel(size, level) > 0; level++) {
            int w = TilePath.edgeWidth(size, level);
            byte[] buf = new byte[TilePath.WIDTH * Hashes.SIZE];
            if (w > 0) {
                byte[] stored = tiles.hashes(level, TilePath.edgeTile(size, level), w);
                System.arraycopy(stored, 0, buf, 0, w * Hashes.SIZE);
            }
            b.edge.add(buf);
            b.edgeWidth.add(w);
        }
        return b;
    }

    /** Number of leaves integrated. */
    public long size() {
        return size;
    }

    /** Appends one leaf hash. */
    public void add(byte[] leafHash) {
        push(0, leafHash);
        size++;
    }

    private void push(int level, byte[] hash) {
        if (level == edge.size()) {
            edge.add(new byte[TilePath.WIDTH * Hashes.SIZE]);
            edgeWidth.add(0);
        }
        byte[] buf = edge.get(level);
        int w = edgeWidth.get(level);
        System.arraycopy(hash, 0, buf, w * Hashes.SIZE, Hashes.SIZE);
        w++;
        // Nodes at this level before this one: the leaves so far shifted down by the level's height
        // (size is incremented only after the push cascade, so it still counts the old leaves).
        long tileIndex = TilePath.nodesAtLevel(size, level) / TilePath.WIDTH;
        changed.put(key(level, tileIndex), new Tile(level, tileIndex, Arrays.copyOf(buf, w * Hashes.SIZE)));
        if (w == TilePath.WIDTH) {
            edgeWidth.set(level, 0);
            push(level + 1, Hashes.perfectRoot(buf, 0, TilePath.WIDTH));
        } else {
            edgeWidth.set(level, w);
        }
    }

    /** Tiles changed since the last call, each in its final content, lower levels first. */
    public List<Tile> drainChanged() {
        List<Tile> out = new ArrayList<>(changed.values());
        out.sort((a, b) -> a.level != b.level ? Integer.compare(a.level, b.level) : Long.compare(a.index, b.index));
        changed.clear();
        return out;
    }

    /** The root of the tree integrated so far; needs only the right edge (see {@link #edgeReader()}). */
    public byte[] root() {
        return Proofs.root(size, new TileNodeSource(edgeReader()));
    }

    /**
     * Reads the edge tiles. Every node a root needs lies in an edge tile: the perfect subtree of
     * height h at a set bit of the size starts inside the rightmost tile of level h / 8.
     */
    public TileReader edgeReader() {
        return (level, index, minWidth) -> {
            if (level >= edge.size() || index != TilePath.edgeTile(size, level)) {
                throw new MissingTileException(level, index, minWidth);
            }
            return Arrays.copyOf(edge.get(level), edgeWidth.get(level) * Hashes.SIZE);
        };
    }

    private static long key(int level, long index) {
        return ((long) level << 56) | index;
    }
}
