package dev.veto.ledger.tile;

/** A tile the tree needs is absent or shorter than it must be: the store is damaged. */
public final class MissingTileException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final int level;
    private final long index;

    public MissingTileException(int level, long index, int width) {
        super("tile " + TilePath.hashTile(level, index, width) + " is missing or shorter than " + width + " hashes", null, false, false);
        this.level = level;
        this.index = index;
    }

    public int level() {
        return level;
    }

    public long index() {
        return index;
    }
}
