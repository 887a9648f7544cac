package dev.veto.ledger;

import dev.veto.ledger.entry.PrivatePart;
import dev.veto.ledger.merkle.Hashes;
import dev.veto.ledger.note.Checkpoint;
import dev.veto.ledger.note.NoteException;
import dev.veto.ledger.note.SignedNote;
import dev.veto.ledger.note.SignerKey;
import dev.veto.ledger.store.LogStore;
import dev.veto.ledger.tile.TileBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The log's single writer: a thread that takes whatever appends have queued up, assigns their
 * indices, integrates them into the hash tiles, signs the new checkpoint and commits all of it in
 * one transaction (group commit), then answers every caller of the batch.
 */
final class LogWriter {
    private static final int MAX_BATCH = 8192;

    /** Entries to append; {@code expectedSize} ≥ 0 makes the append conditional on the log's size. */
    private record Pending(List<Sealed> entries, CompletableFuture<Appended> done, long expectedSize) {}

    private static final Pending STOP = new Pending(List.of(), new CompletableFuture<>(), -1);

    private final LogStore store;
    private final TileCache tiles;
    private final String origin;
    private final SignerKey signer;
    private final Supplier<SignedCheckpoint> readLatest;
    private final Consumer<SignedCheckpoint> advanceHead;
    private final BlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
    private final Thread thread;
    private volatile boolean closed;
    private TileBuilder builder; // confined to the writer thread after construction

    /**
     * Starts the writer on a log of {@code size} entries; it reads the latest checkpoint with
     * {@code readLatest} and reports each one it commits (or finds after a failure) to {@code advanceHead}.
     */
    LogWriter(LogStore store, TileCache tiles, String origin, SignerKey signer, long size, Supplier<SignedCheckpoint> readLatest,
            Consumer<SignedCheckpoint> advanceHead) {
        this.store = store;
        this.tiles = tiles;
        this.origin = origin;
        this.signer = signer;
        this.readLatest = readLatest;
        this.advanceHead = advanceHead;
        this.builder = TileBuilder.resume(size, tiles);
        this.thread = new Thread(this::writeLoop, "ledger-writer");
        this.thread.setDaemon(true);
        this.thread.start();
    }

    /** Queues entries (already checked and copied); the future completes once they are committed, or fails. */
    CompletableFuture<Appended> submit(List<Sealed> entries, long expectedSize) {
        CompletableFuture<Appended> done = new CompletableFuture<>();
        if (closed) {
            done.completeExceptionally(new LogException("the log is closed"));
            return done;
        }
        queue.add(new Pending(entries, done, expectedSize));
        return done;
    }

    /** Stops after the queued appends. */
    void stop() {
        if (!closed) {
            closed = true;
            queue.add(STOP);
            try {
                thread.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void writeLoop() {
        List<Pending> batch = new ArrayList<>();
        boolean stop = false;
        while (!stop) {
            Pending first;
            try {
                first = queue.take();
            } catch (InterruptedException e) {
                break;
            }
            if (first == STOP) {
                break;
            }
            batch.add(first);
            int count = first.entries.size();
            // Group commit: whatever queued while the previous batch was committing goes into
            // this one, so the fsync cost is shared and throughput grows with concurrency.
            // A conditional append commits alone: its condition is about where it starts.
            while (count < MAX_BATCH && first.expectedSize < 0) {
                Pending p = queue.peek();
                if (p == null || p.expectedSize >= 0) {
                    break;
                }
                queue.poll();
                if (p == STOP) {
                    stop = true;
                    break;
                }
                batch.add(p);
                count += p.entries.size();
            }
            integrate(batch, count);
            batch.clear();
        }
        Pending p;
        while ((p = queue.poll()) != null) {
            p.done.completeExceptionally(new LogException("the log is closed"));
        }
    }

    private void integrate(List<Pending> batch, int count) {
        long[] starts = new long[batch.size()];
        var out = new Object() {
            SignedCheckpoint signed;
            List<TileBuilder.Tile> changed;
        };
        try {
            store.commit(size -> {
                long expected = batch.get(0).expectedSize;
                if (expected >= 0 && size != expected) {
                    throw new LogConflictException(expected, size);
                }
                if (size != builder.size()) {
                    // Another process appended to the same database since we last looked; its
                    // entries are committed, so continue the tree from them.
                    tiles.clear();
                    builder = TileBuilder.resume(size, tiles);
                }
                long first = builder.size();
                List<byte[]> all = new ArrayList<>(count);
                List<LogStore.PartRow> parts = new ArrayList<>();
                List<LogStore.EraseRow> erasures = new ArrayList<>();
                for (int i = 0; i < batch.size(); i++) {
                    starts[i] = builder.size();
                    for (Sealed e : batch.get(i).entries) {
                        long index = builder.size();
                        for (PrivatePart p : e.parts()) {
                            parts.add(new LogStore.PartRow(index, p.name(), p.salt(), p.data()));
                        }
                        for (Sealed.Erasure x : e.erasures()) {
                            if (x.index() >= index) {
                                throw new IllegalArgumentException("entry " + index + " cannot erase entry " + x.index() + ", which is not before it");
                            }
                            erasures.add(new LogStore.EraseRow(x.index(), x.part(), index));
                        }
                        builder.add(Hashes.leaf(e.entryUnsafe()));
                        all.add(e.entryUnsafe());
                    }
                }
                out.changed = builder.drainChanged();
                Checkpoint cp = new Checkpoint(origin, builder.size(), builder.root());
                String note = sign(cp, signer);
                out.signed = new SignedCheckpoint(cp, note);
                return new LogStore.Batch(first, all, out.changed, builder.size(), note, parts, erasures);
            });
        } catch (RuntimeException e) {
            // Recover first, so a caller woken by the failure already sees the log as it is.
            recover();
            fail(batch, e);
            return;
        }
        tiles.putAll(out.changed);
        advanceHead.accept(out.signed);
        for (int i = 0; i < batch.size(); i++) {
            batch.get(i).done.complete(new Appended(starts[i], batch.get(i).entries.size(), out.signed));
        }
    }

    private static void fail(List<Pending> batch, Throwable e) {
        for (Pending p : batch) {
            p.done.completeExceptionally(e);
        }
    }

    // After a failed commit the in-memory edge is ahead of the store; rebuild it from what the
    // store holds (another writer may have appended meanwhile).
    private void recover() {
        try {
            tiles.clear();
            SignedCheckpoint latest = readLatest.get();
            advanceHead.accept(latest);
            builder = TileBuilder.resume(latest.size(), tiles);
        } catch (RuntimeException e) {
            builder = null;
            closed = true;
            Pending p;
            while ((p = queue.poll()) != null) {
                if (p != STOP) {
                    p.done.completeExceptionally(new LogException("the log lost its database and stopped: " + e.getMessage(), e));
                }
            }
            throw e;
        }
    }

    /** Signs a checkpoint as this log's signed note. */
    static String sign(Checkpoint c, SignerKey signer) {
        try {
            return SignedNote.sign(c.text(), signer);
        } catch (NoteException e) {
            throw new IllegalStateException("a checkpoint text is always a valid note", e);
        }
    }
}
