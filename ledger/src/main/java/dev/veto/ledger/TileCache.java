package dev.veto.ledger;

import dev.veto.ledger.merkle.Hashes;
import dev.veto.ledger.store.LogStore;
import dev.veto.ledger.tile.MissingTileException;
import dev.veto.ledger.tile.TileBuilder;
import dev.veto.ledger.tile.TilePath;
import dev.veto.ledger.tile.TileReader;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Hash tiles in front of the store. Proofs read a handful of tiles each; keeping recent ones in
 * memory turns most proofs into pure hashing. A wider version of a tile replaces a narrower one
 * (the log only appends, so the narrower one is its prefix).
 */
final class TileCache implements TileReader {
    private final LogStore store;
    private final Map<Long, byte[]> tiles;
    // Upper inner nodes of full tiles (960 bytes each); full tiles never change, so neither do these.
    private final Map<Long, byte[]> upper;

    TileCache(LogStore store, int capacity) {
        this.store = store;
        this.upper = new LinkedHashMap<>(1024, 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<Long, byte[]> e) {
                return size() > capacity;
            }
        };
        this.tiles = new LinkedHashMap<>(1024, 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<Long, byte[]> e) {
                return size() > capacity;
            }
        };
    }

    @Override
    public byte[] hashes(int level, long index, int minWidth) {
        long key = key(level, index);
        byte[] t;
        synchronized (tiles) {
            t = tiles.get(key);
        }
        if (t != null && t.length >= minWidth * Hashes.SIZE) {
            return t;
        }
        t = store.tile(level, index).orElseThrow(() -> new MissingTileException(level, index, minWidth));
        if (t.length < minWidth * Hashes.SIZE) {
            throw new MissingTileException(level, index, minWidth);
        }
        offer(key, t);
        return t;
    }

    @Override
    public byte[] upperNodes(int level, long index) {
        long key = key(level, index);
        byte[] u;
        synchronized (upper) {
            u = upper.get(key);
        }
        if (u != null) {
            return u;
        }
        byte[] t;
        synchronized (tiles) {
            t = tiles.get(key);
        }
        if (t == null || t.length < TilePath.WIDTH * Hashes.SIZE) {
            return null; // not full (or not cached yet): the caller hashes from the tile itself
        }
        u = TileReader.computeUpperNodes(t);
        synchronized (upper) {
            upper.put(key, u);
        }
        return u;
    }

    /** Records tiles the writer just committed. */
    void putAll(List<TileBuilder.Tile> written) {
        for (TileBuilder.Tile t : written) {
            offer(key(t.level(), t.index()), t.hashes());
        }
    }

    void clear() {
        synchronized (tiles) {
            tiles.clear();
        }
        synchronized (upper) {
            upper.clear();
        }
    }

    private void offer(long key, byte[] t) {
        synchronized (tiles) {
            byte[] old = tiles.get(key);
            if (old == null || old.length < t.length) {
                tiles.put(key, t);
            }
        }
    }

    private static long key(int level, long index) {
        return ((long) level << 56) | index;
    }
}
