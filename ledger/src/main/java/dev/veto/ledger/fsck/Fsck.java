package dev.veto.ledger.fsck;

import dev.veto.ledger.merkle.Hashes;
import dev.veto.ledger.merkle.Proofs;
import dev.veto.ledger.merkle.ProofVerifier;
import dev.veto.ledger.merkle.Verdict;
import dev.veto.ledger.note.Checkpoint;
import dev.veto.ledger.note.NoteException;
import dev.veto.ledger.note.SignedNote;
import dev.veto.ledger.note.VerifierKey;
import dev.veto.ledger.store.LogStore;
import dev.veto.ledger.tile.MissingTileException;
import dev.veto.ledger.tile.TileBuilder;
import dev.veto.ledger.tile.TileNodeSource;
import dev.veto.ledger.tile.TilePath;
import dev.veto.ledger.tile.TileReader;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Checks a stored log from its entries up: re-hashes every entry, rebuilds every hash tile and
 * compares it with the stored one, recomputes the root and compares it with the signed
 * checkpoint, checks every private part stored beside an envelope against its commitment, and
 * (for {@link Scope#ALL_CHECKPOINTS}) checks every stored checkpoint's signature
 * and root and the consistency of each with the next. A library, so the CLI and the log's own
 * open-time check share it.
 */
public final class Fsck {
    /** How much to check. */
    public enum Scope {
        /** Entries, tiles and the latest checkpoint: what the log checks when it opens. */
        LATEST_CHECKPOINT,
        /** Also every older checkpoint and the consistency between consecutive ones. */
        ALL_CHECKPOINTS
    }

    private static final int MAX_PROBLEMS = 100;

    private final LogStore store;
    private final Collection<VerifierKey> keys;
    private final List<Problem> problems = new ArrayList<>();

    private Fsck(LogStore store, Collection<VerifierKey> keys) {
        this.store = store;
        this.keys = keys;
    }

    /** Checks {@code store}; checkpoints must be signed by one of {@code keys}. */
    public static FsckReport run(LogStore store, Collection<VerifierKey> keys, Scope scope) {
        return new Fsck(store, keys).run(scope);
    }

    private FsckReport run(Scope scope) {
        Optional<String> origin = store.meta(LogStore.ORIGIN);
        if (origin.isEmpty()) {
            problems.add(new Problem.BadMetadata("the store holds no log (no origin)"));
            return new FsckReport(-1, 0, 0, problems);
        }
        Optional<String> note = store.latestCheckpoint();
        if (note.isEmpty()) {
            problems.add(new Problem.BadCheckpoint(0, "no checkpoint is stored"));
            return new FsckReport(-1, 0, 0, problems);
        }
        Checkpoint latest = readCheckpoint(note.get(), -1, origin.get());
        if (latest == null) {
            return new FsckReport(-1, 0, 0, problems);
        }
        long n = latest.size();
        long metaSize = store.size();
        // A writer in another process may commit while we check; a larger size is only a problem
        // when no newer checkpoint explains it.
        if (metaSize != n && !newerCheckpointExists(n)) {
            problems.add(new Problem.BadMetadata("size " + metaSize + " differs from the latest checkpoint's size " + n));
        }

        Rebuild rebuilt = rebuild(n);
        byte[] tilesRoot = null;
        try {
            tilesRoot = Proofs.root(n, new TileNodeSource(storedTiles()));
        } catch (MissingTileException e) {
            problems.add(new Problem.BadTile(e.level(), e.index(), 0, "is missing"));
        }
        boolean entriesMatch = rebuilt.complete && MessageDigest.isEqual(rebuilt.root, latest.root());
        boolean tilesMatch = tilesRoot != null && MessageDigest.isEqual(tilesRoot, latest.root());
        if (rebuilt.complete && !entriesMatch) {
            if (rebuilt.firstBadLeaf >= 0) {
                problems.add(new Problem.BadEntry(rebuilt.firstBadLeaf, tilesMatch
                        ? "was changed: its hash differs from the signed tree"
                        : "does not match its stored leaf hash, and the stored tree does not match the checkpoint either"));
            } else if (!rebuilt.tileProblems.isEmpty() && rebuilt.tileProblems.get(0) instanceof Problem.BadTile t) {
                // Leaf hashes match the entries but a higher tile does not: an entry was changed
                // together with its stored leaf hash. The higher hash narrows it to its subtree.
                long span = 1L << (TilePath.HEIGHT * t.level());
                long from = (t.index() * TilePath.WIDTH + t.position()) * span;
                problems.add(new Problem.BadEntry(from, "or one of the " + (span - 1) + " entries after it was changed along with its stored leaf hash ("
                        + t.message() + ")"));
            } else {
                problems.add(new Problem.BadCheckpoint(n, "root does not match the root of the stored entries"));
            }
        }
        if (entriesMatch) {
            problems.addAll(rebuilt.tileProblems);
            if (!tilesMatch && rebuilt.tileProblems.isEmpty() && tilesRoot != null) {
                problems.add(new Problem.BadCheckpoint(n, "root does not match the root of the stored tiles"));
            }
        }

        PayloadCheck.Counts parts = new PayloadCheck.Counts(0, 0);
        if (problems.isEmpty()) {
            parts = PayloadCheck.run(store, n, problems);
        }
        long checked = 1;
        if (scope == Scope.ALL_CHECKPOINTS && problems.isEmpty()) {
            checked = checkAllCheckpoints(origin.get(), n, latest);
        }
        return new FsckReport(n, rebuilt.entries, checked, parts.checked(), parts.erased(),
                problems.size() > MAX_PROBLEMS ? problems.subList(0, MAX_PROBLEMS) : problems);
    }

    /** Verifies a checkpoint note and parses it; records a problem and returns null when it fails. */
    private Checkpoint readCheckpoint(String note, long expectedSize, String origin) {
        long size = expectedSize;
        try {
            SignedNote signed = SignedNote.open(note, keys);
            Checkpoint c = Checkpoint.parse(signed.text());
            size = c.size();
            if (!c.origin().equals(origin)) {
                problems.add(new Problem.BadCheckpoint(size, "origin \"" + c.origin() + "\" is not the log's origin \"" + origin + "\""));
                return null;
            }
            if (expectedSize >= 0 && c.size() != expectedSize) {
                problems.add(new Problem.BadCheckpoint(expectedSize, "is stored under size " + expectedSize + " but says size " + c.size()));
                return null;
            }
            return c;
        } catch (NoteException e) {
            problems.add(new Problem.BadCheckpoint(size, e.getMessage()));
            return null;
        }
    }

    private record Rebuild(boolean complete, long entries, byte[] root, long firstBadLeaf, List<Problem> tileProblems) {}

    /** Re-hashes every entry into fresh tiles, comparing each finished tile with the stored one. */
    private Rebuild rebuild(long n) {
        TileBuilder builder = new TileBuilder();
        long[] expected = {0};
        long[] firstBadLeaf = {-1};
        boolean[] gap = {false};
        long[] beyond = {-1};
        List<Problem> tileProblems = new ArrayList<>();
        store.scanEntries(0, (index, data) -> {
            if (index != expected[0]) {
                problems.add(new Problem.MissingEntry(expected[0]));
                gap[0] = true;
                return false;
            }
            if (index >= n) {
                beyond[0] = index;
                return false;
            }
            builder.add(Hashes.leaf(data));
            expected[0]++;
            // Compare only tiles that just became full; partial ones are compared once at the end,
            // so each stored tile is read once.
            if (expected[0] % TilePath.WIDTH == 0) {
                compare(builder.drainChanged(), true, firstBadLeaf, tileProblems);
            }
            return true;
        });
        if (!gap[0] && expected[0] < n) {
            problems.add(new Problem.MissingEntry(expected[0]));
            gap[0] = true;
        }
        if (beyond[0] >= 0 && !newerCheckpointExists(n)) {
            problems.add(new Problem.ExtraEntry(beyond[0]));
        }
        compare(builder.drainChanged(), false, firstBadLeaf, tileProblems);
        boolean complete = !gap[0] && builder.size() == n;
        return new Rebuild(complete, builder.size(), complete ? builder.root() : null, firstBadLeaf[0], tileProblems);
    }

    // Partial tiles seen during the scan, by level and index; compared once, in their final form, at the end.
    private final Map<Long, TileBuilder.Tile> partial = new LinkedHashMap<>();

    private void compare(List<TileBuilder.Tile> built, boolean fullOnly, long[] firstBadLeaf, List<Problem> tileProblems) {
        List<TileBuilder.Tile> todo = new ArrayList<>();
        for (TileBuilder.Tile t : built) {
            long key = ((long) t.level() << 56) | t.index();
            if (t.width() < TilePath.WIDTH) {
                partial.put(key, t);
            } else {
                partial.remove(key);
                todo.add(t);
            }
        }
        if (!fullOnly) {
            todo.addAll(partial.values());
            partial.clear();
            todo.sort((a, b) -> a.level() != b.level() ? Integer.compare(a.level(), b.level()) : Long.compare(a.index(), b.index()));
        }
        for (TileBuilder.Tile t : todo) {
            byte[] stored = store.tile(t.level(), t.index()).orElse(new byte[0]);
            byte[] want = t.hashes();
            if (stored.length < want.length) {
                tileProblems.add(new Problem.BadTile(t.level(), t.index(), stored.length / Hashes.SIZE, "is missing (tile shorter than " + t.width() + " hashes)"));
                if (t.level() == 0 && firstBadLeaf[0] < 0) {
                    firstBadLeaf[0] = t.index() * TilePath.WIDTH + stored.length / Hashes.SIZE;
                }
                continue;
            }
            for (int i = 0; i < t.width(); i++) {
                if (!java.util.Arrays.equals(stored, i * Hashes.SIZE, (i + 1) * Hashes.SIZE, want, i * Hashes.SIZE, (i + 1) * Hashes.SIZE)) {
                    tileProblems.add(new Problem.BadTile(t.level(), t.index(), i, "differs from the hash recomputed from the entries"));
                    if (t.level() == 0 && firstBadLeaf[0] < 0) {
                        firstBadLeaf[0] = t.index() * TilePath.WIDTH + i;
                    }
                    break;
                }
            }
        }
    }

    /** Checks every stored checkpoint against the (now verified) tiles, and each with the next. */
    private long checkAllCheckpoints(String origin, long n, Checkpoint latest) {
        TileReader tiles = cached(storedTiles());
        long[] count = {0};
        Checkpoint[] previous = {null};
        store.scanCheckpoints((size, note) -> {
            if (size > n) {
                return false; // committed by a writer after this check began
            }
            Checkpoint c = readCheckpoint(note, size, origin);
            if (c == null) {
                return problems.size() < MAX_PROBLEMS;
            }
            count[0]++;
            byte[] root = Proofs.root(size, new TileNodeSource(tiles));
            if (!MessageDigest.isEqual(root, c.root())) {
                problems.add(new Problem.BadCheckpoint(size, "root does not match the root of the first " + size + " entries"));
            }
            if (previous[0] != null) {
                Checkpoint p = previous[0];
                Verdict v = ProofVerifier.consistency(p.size(), c.size(), Proofs.consistency(p.size(), c.size(), new TileNodeSource(tiles)), p.root(), c.root());
                if (v instanceof Verdict.Fails f) {
                    problems.add(new Problem.Inconsistent(p.size(), c.size(), f.reason()));
                }
            }
            previous[0] = c;
            return problems.size() < MAX_PROBLEMS;
        });
        if (previous[0] != null && previous[0].size() != latest.size()) {
            problems.add(new Problem.BadCheckpoint(latest.size(), "is not the last checkpoint in size order"));
        }
        return count[0];
    }

    private boolean newerCheckpointExists(long n) {
        return store.latestCheckpoint().map(note -> {
            try {
                return Checkpoint.parse(SignedNote.open(note, keys).text()).size() > n;
            } catch (NoteException e) {
                return false;
            }
        }).orElse(false);
    }

    private TileReader storedTiles() {
        return (level, index, minWidth) -> {
            byte[] t = store.tile(level, index).orElseThrow(() -> new MissingTileException(level, index, minWidth));
            if (t.length < minWidth * Hashes.SIZE) {
                throw new MissingTileException(level, index, minWidth);
            }
            return t;
        };
    }

    /**
     * A bounded memo in front of a tile reader: consecutive checkpoints share most tiles, and
     * keeping the inner nodes of full tiles makes each checkpoint's root cost tens of hashes
     * rather than hundreds.
     */
    private static TileReader cached(TileReader inner) {
        Map<Long, byte[]> lru = lru();
        Map<Long, byte[]> upper = lru();
        return new TileReader() {
            @Override
            public byte[] hashes(int level, long index, int minWidth) {
                long key = ((long) level << 56) | index;
                byte[] t = lru.get(key);
                if (t == null || t.length < minWidth * Hashes.SIZE) {
                    t = inner.hashes(level, index, minWidth);
                    lru.put(key, t);
                }
                return t;
            }

            @Override
            public byte[] upperNodes(int level, long index) {
                long key = ((long) level << 56) | index;
                byte[] u = upper.get(key);
                if (u == null) {
                    byte[] t = lru.get(key);
                    if (t == null || t.length < TilePath.WIDTH * Hashes.SIZE) {
                        return null;
                    }
                    u = TileReader.computeUpperNodes(t);
                    upper.put(key, u);
                }
                return u;
            }
        };
    }

    private static Map<Long, byte[]> lru() {
        return new LinkedHashMap<>(256, 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<Long, byte[]> e) {
                return size() > 1024;
            }
        };
    }
}
