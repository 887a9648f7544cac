package dev.veto.ledger.store;

import dev.veto.ledger.tile.TileBuilder;
import java.util.List;
import java.util.Optional;

/**
 * Durable storage of one log: entries by index, hash tiles, every signed checkpoint, and a few
 * metadata values. Reads may run on any thread; {@link #commit} is called by one writer at a time.
 * Implementations throw {@link StoreException} when the database fails.
 */
public interface LogStore extends AutoCloseable {
    /** Metadata keys. */
    String ORIGIN = "origin";
    String VERIFIER_KEY = "verifier_key";
    String SIZE = "size";
    /** The index of the first format 2 (envelope) entry, set when one is first committed. */
    String ENVELOPES_FROM = "envelopes_from";

    /** True when a log has been created in this store. */
    boolean exists();

    /** Creates the log: metadata, size 0 and its checkpoint, in one transaction. */
    void create(String origin, String verifierKey, String emptyCheckpoint);

    /** A metadata value. */
    Optional<String> meta(String key);

    /** The committed size, as the last commit recorded it. */
    long size();

    /** Entry {@code index}, if stored. */
    Optional<byte[]> entry(long index);

    /** The stored entries with indices in {@code [from, to)}, in index order (gaps skipped). */
    List<Entry> entries(long from, long to);

    /** Streams every stored entry with index {@code >= from}, in index order. */
    void scanEntries(long from, EntryVisitor visitor);

    /**
     * The private parts of entries with indices in {@code [from, to)}, by index then name, erased
     * ones included (with no salt or data).
     */
    List<StoredPart> privateParts(long from, long to);

    /** Stores witnesses' cosignature lines on the checkpoint of {@code size} (lines already stored are kept once). */
    void addCosignatures(long size, List<String> lines);

    /** The cosignature lines stored on the checkpoint of {@code size}, in the order first stored. */
    List<String> cosignatures(long size);

    /** The largest checkpoint size with cosignatures stored, or -1. */
    long latestCosignedSize();

    /** Stored hash tile {@code index} at {@code level}, if any (its stored width may exceed what a caller needs). */
    Optional<byte[]> tile(int level, long index);

    /** Streams every stored hash tile as (level, index, hashes), in level then index order. */
    void scanTiles(TileVisitor visitor);

    /** The checkpoint note stored for {@code size}. */
    Optional<String> checkpoint(long size);

    /** The checkpoint note of the largest size. */
    Optional<String> latestCheckpoint();

    /** Streams every stored checkpoint in increasing size. */
    void scanCheckpoints(CheckpointVisitor visitor);

    /**
     * Commits one batch in one transaction and returns only once it is durable. Inside the
     * transaction, holding the log's write lock, the store reads its current size and asks
     * {@code batch} for what to write at that size; another process may have appended since this
     * writer last looked, and building the batch under the lock is what keeps both writers
     * correct and making progress.
     */
    Batch commit(BatchSource batch);

    /** Builds a batch for the store's current size; called with the write lock held. */
    @FunctionalInterface
    interface BatchSource {
        Batch build(long currentSize);
    }

    /**
     * One batch: entries {@code firstIndex …}, the tiles they change, the new size and the
     * checkpoint signed for it.
     */
    record Batch(long firstIndex, List<byte[]> entries, List<TileBuilder.Tile> tiles, long newSize, String checkpointNote,
                 List<PartRow> parts, List<EraseRow> erasures) {
        public Batch {
            if (newSize != firstIndex + entries.size()) {
                throw new IllegalArgumentException("batch of " + entries.size() + " entries from " + firstIndex + " cannot end at size " + newSize);
            }
        }

        public Batch(long firstIndex, List<byte[]> entries, List<TileBuilder.Tile> tiles, long newSize, String checkpointNote) {
            this(firstIndex, entries, tiles, newSize, checkpointNote, List.of(), List.of());
        }
    }

    /** A private part to store beside entry {@code index}. */
    record PartRow(long index, String name, byte[] salt, byte[] data) {}

    /** Erases part {@code name} of entry {@code index}, as entry {@code erasedBy} records. */
    record EraseRow(long index, String name, long erasedBy) {}

    /**
     * A stored private part of entry {@code index}: its salt and data, or, when it was erased,
     * null for both and the index of the entry that erased it in {@code erasedBy} (else -1).
     */
    record StoredPart(long index, String name, byte[] salt, byte[] data, long erasedBy) {
        public boolean erased() {
            return erasedBy >= 0;
        }
    }

    @Override
    void close();

    /** A stored entry. */
    record Entry(long index, byte[] data) {}

    @FunctionalInterface
    interface EntryVisitor {
        /** Returns false to stop. */
        boolean visit(long index, byte[] data);
    }

    @FunctionalInterface
    interface TileVisitor {
        boolean visit(int level, long index, byte[] hashes);
    }

    @FunctionalInterface
    interface CheckpointVisitor {
        boolean visit(long size, String note);
    }
}
