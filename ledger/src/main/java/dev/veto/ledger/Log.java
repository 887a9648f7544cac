package dev.veto.ledger;

import dev.veto.ledger.entry.Envelope;
import dev.veto.ledger.fsck.Fsck;
import dev.veto.ledger.fsck.FsckReport;
import dev.veto.ledger.merkle.Hashes;
import dev.veto.ledger.merkle.Proofs;
import dev.veto.ledger.note.Checkpoint;
import dev.veto.ledger.note.NoteException;
import dev.veto.ledger.note.SignedNote;
import dev.veto.ledger.note.SignerKey;
import dev.veto.ledger.note.VerifierKey;
import dev.veto.ledger.store.Database;
import dev.veto.ledger.store.JdbcLogStore;
import dev.veto.ledger.store.LogStore;
import dev.veto.ledger.tile.TileNodeSource;
import dev.veto.ledger.tile.TilePath;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * An append-only Merkle-tree log (RFC 9162) with C2SP signed checkpoints and tlog-tiles.
 *
 * <p>Appends are group-committed: callers enqueue entries, and a single writer thread takes
 * whatever has queued up, assigns indices, integrates the batch into the hash tiles, signs a new
 * checkpoint and commits all of it in one transaction (one fsync) before any caller of that
 * batch is answered. So an acknowledged entry is durable and covered by a signed checkpoint, and a
 * crash mid-batch loses only unacknowledged entries and never leaves a gap.
 *
 * <p>Opening a log checks it against its latest checkpoint (every entry re-hashed, every tile
 * compared, the root recomputed) and refuses to serve a log that fails.
 */
public final class Log implements AutoCloseable {
    /** Entries may be at most this long: entry bundles prefix each entry with a 2-byte length. */
    public static final int MAX_ENTRY_SIZE = 0xffff;
    private static final int TILE_CACHE = 8192;

    private final LogStore store;
    private final boolean ownsStore;
    private final String origin;
    private final VerifierKey verifier;
    private final TileCache tiles;
    // Only ever moves forward (advanceHead): the writer thread and refresh() both update it.
    private final java.util.concurrent.atomic.AtomicReference<SignedCheckpoint> headRef = new java.util.concurrent.atomic.AtomicReference<>();

    /** The single writer; null when read-only. */
    private final LogWriter writer;

    private Log(LogStore store, boolean ownsStore, SignerKey signer, String where) {
        this.store = store;
        this.ownsStore = ownsStore;
        if (!store.exists()) {
            throw new LogException("no log in " + where + "; create one with \"veto log init\"");
        }
        this.origin = store.meta(LogStore.ORIGIN).orElseThrow();
        try {
            this.verifier = VerifierKey.parse(store.meta(LogStore.VERIFIER_KEY).orElse(""));
        } catch (NoteException e) {
            throw new LogException("log in " + where + " has a damaged verifier key: " + e.getMessage());
        }
        if (signer != null && !signer.verifier().equals(verifier)) {
            throw new LogException("the signer key \"" + signer.verifier() + "\" is not this log's key \"" + verifier + "\"; pass the key file used with \"veto log init\"");
        }
        FsckReport report = Fsck.run(store, List.of(verifier), Fsck.Scope.LATEST_CHECKPOINT);
        if (!report.ok()) {
            throw new LogTamperedException(where, report);
        }
        this.tiles = new TileCache(store, TILE_CACHE);
        advanceHead(readLatest());
        this.writer = signer == null ? null : new LogWriter(store, tiles, origin, signer, head().size(), this::readLatest, this::advanceHead);
    }

    /** Creates a new log in {@code store} with {@code origin}, signed by {@code signer}, and opens it for appending. */
    public static Log create(LogStore store, String origin, SignerKey signer) {
        initialize(store, origin, signer);
        return new Log(store, false, signer, store.toString());
    }

    /** Creates a new log in database {@code db} (JDBC URL or SQLite path) and opens it for appending. */
    public static Log create(String db, String origin, SignerKey signer) {
        Database d = Database.parse(db);
        if (d.file().isPresent() && d.file().get().toAbsolutePath().getParent() != null) {
            try {
                Files.createDirectories(d.file().get().toAbsolutePath().getParent());
            } catch (java.io.IOException e) {
                throw new LogException("cannot create the directory of \"" + d.display() + "\": " + e.getMessage());
            }
        }
        LogStore store = JdbcLogStore.open(d);
        try {
            initialize(store, origin, signer);
            return new Log(store, true, signer, store.toString());
        } catch (RuntimeException e) {
            store.close();
            throw e;
        }
    }

    private static void initialize(LogStore store, String origin, SignerKey signer) {
        if (store.exists()) {
            throw new LogException("a log exists already in " + store + " with origin \"" + store.meta(LogStore.ORIGIN).orElse("") + "\"");
        }
        if (origin.isBlank() || origin.contains("\n")) {
            throw new LogException("origin \"" + origin + "\" must be one non-blank line");
        }
        Checkpoint empty = new Checkpoint(origin, 0, Hashes.emptyRoot());
        store.create(origin, signer.verifier().toString(), LogWriter.sign(empty, signer));
    }

    /** Opens the log in {@code store} for appending with {@code signer}, which must be the log's key. */
    public static Log open(LogStore store, SignerKey signer) {
        return new Log(store, false, signer, store.toString());
    }

    /** Opens the log in {@code store} for reading only. */
    public static Log openReadOnly(LogStore store) {
        return new Log(store, false, null, store.toString());
    }

    /** Opens the log in database {@code db} for appending. */
    public static Log open(String db, SignerKey signer) {
        return openDb(db, signer);
    }

    /** Opens the log in database {@code db} for reading only. */
    public static Log openReadOnly(String db) {
        return openDb(db, null);
    }

    private static Log openDb(String db, SignerKey signer) {
        Database d = Database.parse(db);
        if (d.file().isPresent() && !Files.exists(d.file().get())) {
            throw new LogException("no log at \"" + d.display() + "\": the file does not exist; create one with \"veto log init\"");
        }
        LogStore store = JdbcLogStore.open(d);
        try {
            return new Log(store, true, signer, store.toString());
        } catch (RuntimeException e) {
            store.close();
            throw e;
        }
    }

    /** The log's origin line. */
    public String origin() {
        return origin;
    }

    /** The key that verifies this log's checkpoints. */
    public VerifierKey verifierKey() {
        return verifier;
    }

    /** The latest signed checkpoint, exactly as served. */
    public SignedCheckpoint checkpoint() {
        return head();
    }

    /** The signed checkpoint stored for {@code size}, if a batch ended there. */
    public Optional<SignedCheckpoint> checkpoint(long size) {
        return store.checkpoint(size).map(note -> new SignedCheckpoint(parse(note), note));
    }

    /** The number of entries the latest checkpoint covers. */
    public long size() {
        return head().size();
    }

    /**
     * Re-reads the latest checkpoint, to see entries other processes appended to the same
     * database (a read-only instance beside a writer, or two writers sharing one database).
     */
    public void refresh() {
        advanceHead(readLatest());
    }

    private SignedCheckpoint head() {
        return headRef.get();
    }

    private void advanceHead(SignedCheckpoint next) {
        headRef.accumulateAndGet(next, (a, b) -> a == null || b.size() > a.size() ? b : a);
    }

    /** Appends entries and waits until they are durable and covered by a signed checkpoint. */
    public Appended append(List<byte[]> entries) {
        return await(appendAsync(entries));
    }

    private static Appended await(CompletableFuture<Appended> append) {
        try {
            return append.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LogException("interrupted while waiting for an append; it may or may not have been committed");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new LogException("append failed: " + e.getCause(), e.getCause());
        }
    }

    /** Appends one entry, waits until it is durable, and returns its index. */
    public long append(byte[] entry) {
        return append(List.of(entry)).firstIndex();
    }

    /** Appends a record in its canonical encoding and returns its index. */
    public long append(LogRecord record) {
        return append(record.encode());
    }

    /**
     * Enqueues entries; the future completes once they are durable and covered by a signed
     * checkpoint (or fails, and then none of them was committed).
     */
    public CompletableFuture<Appended> appendAsync(List<byte[]> entries) {
        return appendAsync(entries, -1);
    }

    /**
     * Appends entries only if the log then holds exactly {@code expectedSize} entries, so a
     * caller that decided what to append from the first {@code expectedSize} entries never
     * appends after entries it has not seen. Otherwise nothing is written and the append fails
     * with {@link LogConflictException}; the caller refreshes, catches up and decides again.
     */
    public Appended appendIfSize(List<byte[]> entries, long expectedSize) {
        if (expectedSize < 0) {
            throw new IllegalArgumentException("expected size " + expectedSize + " is negative");
        }
        return await(appendAsync(entries, expectedSize));
    }

    /**
     * Appends entries with their private parts (and erasures) only if the log then holds exactly
     * {@code expectedSize} entries, as {@link #appendIfSize(List, long)} does; the entries, their
     * parts and the erasures commit in one transaction.
     */
    public Appended appendSealedIfSize(List<Sealed> entries, long expectedSize) {
        if (expectedSize < 0) {
            throw new IllegalArgumentException("expected size " + expectedSize + " is negative");
        }
        return await(submit(entries, expectedSize));
    }

    /** Appends entries with their private parts and waits until they are durable. */
    public Appended appendSealed(List<Sealed> entries) {
        return await(submit(entries, -1));
    }

    private CompletableFuture<Appended> appendAsync(List<byte[]> entries, long expectedSize) {
        List<Sealed> sealed = new ArrayList<>(entries.size());
        for (byte[] e : entries) {
            checkSize(e.length);
            sealed.add(Sealed.plain(e));
        }
        return submit(sealed, expectedSize);
    }

    private CompletableFuture<Appended> submit(List<Sealed> entries, long expectedSize) {
        if (writer == null) {
            throw new LogException("the log is open read-only; open it with its signer key to append");
        }
        for (Sealed e : entries) {
            checkSize(e.size());
        }
        if (entries.isEmpty()) {
            return CompletableFuture.completedFuture(new Appended(head().size(), 0, head()));
        }
        return writer.submit(List.copyOf(entries), expectedSize);
    }

    private static void checkSize(int length) {
        if (length > MAX_ENTRY_SIZE) {
            throw new IllegalArgumentException("entry of " + length + " bytes exceeds the limit of " + MAX_ENTRY_SIZE + " bytes");
        }
    }

    /**
     * The private parts of entry {@code index} (below the latest checkpoint's size), by name;
     * erased parts have no salt or data and name the entry that erased them.
     */
    public List<LogStore.StoredPart> privateParts(long index) {
        entry(index); // the same bounds check
        return store.privateParts(index, index + 1);
    }

    /** The private parts of entries {@code [from, to)}, by index then name. */
    public List<LogStore.StoredPart> privateParts(long from, long to) {
        return store.privateParts(from, Math.min(to, head().size()));
    }

    /**
     * Stores witnesses' cosignature lines ({@code — name base64…}, C2SP tlog-cosignature) on the
     * checkpoint of {@code size}; they are not checked here (the caller verified them).
     */
    public void addCosignatures(long size, List<String> lines) {
        if (checkpoint(size).isEmpty()) {
            throw new IllegalArgumentException("no checkpoint of size " + size + " is stored");
        }
        store.addCosignatures(size, lines);
    }

    /** The checkpoint of {@code size} as a note with its log signature and the witnesses' cosignature lines stored on it. */
    public Optional<String> cosignedNote(long size) {
        return checkpoint(size).map(cp -> {
            StringBuilder note = new StringBuilder(cp.note());
            for (String line : store.cosignatures(size)) {
                note.append(line).append('\n');
            }
            return note.toString();
        });
    }

    /** The largest checkpoint size that has cosignatures stored, or -1. */
    public long latestCosignedSize() {
        return store.latestCosignedSize();
    }

    /**
     * The index of the first format 2 entry ({@link Envelope}): entries before it are format 1
     * records that hold their whole event in the leaf. The log's size when it has none yet.
     */
    public long envelopesFrom() {
        return store.meta(LogStore.ENVELOPES_FROM).map(Long::parseLong).orElse(head().size());
    }

    /** Entries {@code [from, to)} (below the latest checkpoint's size), read in one go. */
    public List<byte[]> entries(long from, long to) {
        long n = head().size();
        if (from < 0 || to > n || from > to) {
            throw new IllegalArgumentException("entries " + from + " to " + to + " are not within the log's " + n);
        }
        List<byte[]> out = new ArrayList<>((int) (to - from));
        for (LogStore.Entry e : store.entries(from, to)) {
            out.add(e.data());
        }
        if (out.size() != to - from) {
            throw new LogException("entries " + from + " to " + to + " are not all stored; run \"veto log verify\"");
        }
        return out;
    }

    /** Entry {@code index} (below the latest checkpoint's size). */
    public byte[] entry(long index) {
        long n = head().size();
        if (index < 0 || index >= n) {
            throw new IllegalArgumentException("index " + index + " is out of range: the log has " + n + " entries");
        }
        return store.entry(index).orElseThrow(() -> new LogException("entry " + index + " is missing from the store"));
    }

    /** The root hash of the tree of the first {@code size} entries. */
    public byte[] root(long size) {
        checkSize(size);
        return Proofs.root(size, new TileNodeSource(tiles));
    }

    /** The frontier (the right edge's subtree roots) of the tree of the first {@code size} entries. */
    public dev.veto.ledger.merkle.Frontier frontier(long size) {
        checkSize(size);
        return dev.veto.ledger.merkle.Frontier.of(size, new TileNodeSource(tiles));
    }

    /** The inclusion proof of entry {@code index} in the tree of {@code size}, RFC 9162 order. */
    public List<byte[]> inclusionProof(long index, long size) {
        checkSize(size);
        if (index < 0 || index >= size) {
            throw new IllegalArgumentException("index " + index + " is out of range for tree size " + size + " (must be 0 to " + (size - 1) + ")");
        }
        return Proofs.inclusion(index, size, new TileNodeSource(tiles));
    }

    /** The consistency proof from tree size {@code from} to {@code to}, RFC 9162 order. */
    public List<byte[]> consistencyProof(long from, long to) {
        checkSize(to);
        if (from < 0 || from > to) {
            throw new IllegalArgumentException("size " + from + " is out of range: it must be 0 to " + to);
        }
        return Proofs.consistency(from, to, new TileNodeSource(tiles));
    }

    /** The hash tile at {@code level}/{@code index} of {@code width} hashes, when the log is that large. */
    public Optional<byte[]> hashTile(int level, long index, int width) {
        if (level < 0 || index < 0 || width < 1 || width > TilePath.WIDTH || TilePath.widthAt(head().size(), level, index) < width) {
            return Optional.empty();
        }
        byte[] t = tiles.hashes(level, index, width);
        return Optional.of(java.util.Arrays.copyOf(t, width * Hashes.SIZE));
    }

    /** Entry bundle {@code index} of {@code width} entries, each prefixed with its 2-byte big-endian length. */
    public Optional<byte[]> entryBundle(long index, int width) {
        if (index < 0 || width < 1 || width > TilePath.WIDTH || TilePath.bundleWidth(head().size(), index) < width) {
            return Optional.empty();
        }
        long from = index * TilePath.WIDTH;
        List<LogStore.Entry> entries = store.entries(from, from + width);
        if (entries.size() != width) {
            throw new LogException("entry bundle " + TilePath.entryBundle(index, width) + " lacks entries in the store");
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (LogStore.Entry e : entries) {
            out.write(e.data().length >>> 8);
            out.write(e.data().length & 0xff);
            out.writeBytes(e.data());
        }
        return Optional.of(out.toByteArray());
    }

    /** A hash tile or entry bundle by its tlog-tiles path ({@code tile/…}); empty when there is no such tile (yet). */
    public Optional<byte[]> tile(String path) {
        return TilePath.parse(path).flatMap(ref -> switch (ref) {
            case TilePath.HashTile h -> hashTile(h.level(), h.index(), h.width());
            case TilePath.EntryBundle b -> entryBundle(b.index(), b.width());
        });
    }

    /**
     * Checks everything: every entry, tile and stored checkpoint against {@code keys}, and the
     * consistency of each checkpoint with the next.
     */
    public FsckReport verify(Collection<VerifierKey> keys) {
        return Fsck.run(store, keys, Fsck.Scope.ALL_CHECKPOINTS);
    }

    /** Stops the writer after the queued appends and closes the store when this log opened it. */
    @Override
    public void close() {
        if (writer != null) {
            writer.stop();
        }
        if (ownsStore) {
            store.close();
        }
    }

    private void checkSize(long size) {
        long n = head().size();
        if (size < 0 || size > n) {
            throw new IllegalArgumentException("tree size " + size + " is out of range: the log has " + n + " entries");
        }
    }

    private SignedCheckpoint readLatest() {
        String note = store.latestCheckpoint().orElseThrow(() -> new LogException("the log has no checkpoint"));
        return new SignedCheckpoint(parse(note), note);
    }

    private Checkpoint parse(String note) {
        try {
            return Checkpoint.parse(SignedNote.open(note, List.of(verifier)).text());
        } catch (NoteException e) {
            throw new LogException("stored checkpoint does not verify: " + e.getMessage());
        }
    }

}
