package dev.veto.ledger.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.veto.ledger.Appended;
import dev.veto.ledger.Log;
import dev.veto.ledger.LogException;
import dev.veto.ledger.LogTamperedException;
import dev.veto.ledger.fsck.FsckReport;
import dev.veto.ledger.fsck.Problem;
import dev.veto.ledger.merkle.HashListTree;
import dev.veto.ledger.merkle.Hashes;
import dev.veto.ledger.merkle.ProofVerifier;
import dev.veto.ledger.note.Checkpoint;
import dev.veto.ledger.note.SignedNote;
import dev.veto.ledger.note.SignerKey;
import dev.veto.ledger.note.VerifierKey;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The storage suite every {@link LogStore} must pass; subclasses supply a fresh, empty database
 * per test and a raw connection to it (for tampering).
 */
public abstract class LogContract {
    protected SignerKey key;

    /** A JDBC URL or SQLite path of a fresh, empty database. */
    protected abstract String freshDb() throws Exception;

    /** A plain JDBC connection to {@code db}, for tampering behind the log's back. */
    protected abstract Connection raw(String db) throws SQLException;

    private String db;

    @BeforeEach
    void setUp() throws Exception {
        key = SignerKey.generate("test.veto.dev/log");
        db = freshDb();
    }

    private static byte[] entry(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static List<byte[]> entries(int from, int to) {
        List<byte[]> out = new ArrayList<>();
        for (int i = from; i < to; i++) {
            out.add(entry("entry " + i));
        }
        return out;
    }

    @Test
    void aConditionalAppendRefusesToFollowEntriesItsCallerHasNotSeen() throws Exception {
        try (Log a = Log.create(db, "test.veto.dev/log", key); Log b = Log.open(db, key)) {
            assertThat(a.appendIfSize(entries(0, 2), 0).firstIndex()).isZero();
            assertThat(b.size()).as("b has not looked yet").isZero();
            assertThatThrownBy(() -> b.appendIfSize(entries(2, 3), 0))
                    .isInstanceOfSatisfying(dev.veto.ledger.LogConflictException.class, e -> {
                        assertThat(e.expected()).isZero();
                        assertThat(e.actual()).isEqualTo(2);
                    });
            assertThat(b.size()).as("the failed append re-read the log").isEqualTo(2);
            assertThat(b.appendIfSize(entries(2, 3), 2).firstIndex()).isEqualTo(2);
            a.refresh();
            assertThat(a.size()).isEqualTo(3);
            assertThat(a.entry(2)).isEqualTo(entry("entry 2"));
            assertThat(a.append(entry("entry 3"))).as("a plain append follows whatever is there").isEqualTo(3);
            assertThat(b.verify(List.of(key.verifier())).ok()).isTrue();
        }
    }

    @Test
    void appendsGetConsecutiveIndicesAndASignedCheckpoint() throws Exception {
        try (Log log = Log.create(db, "test.veto.dev/log", key)) {
            assertThat(log.size()).isZero();
            assertThat(log.checkpoint().checkpoint().root()).isEqualTo(Hashes.emptyRoot());
            Appended a = log.append(entries(0, 300));
            assertThat(a.firstIndex()).isZero();
            assertThat(a.count()).isEqualTo(300);
            assertThat(a.checkpoint().size()).isEqualTo(300);
            assertThat(log.append(entry("entry 300"))).isEqualTo(300);
            assertThat(log.append(entries(301, 600)).firstIndex()).isEqualTo(301);

            HashListTree tree = HashListTree.ofEntries(entries(0, 600));
            Checkpoint cp = Checkpoint.parse(SignedNote.open(log.checkpoint().note(), List.of(key.verifier())).text());
            assertThat(cp.size()).isEqualTo(600);
            assertThat(cp.origin()).isEqualTo("test.veto.dev/log");
            assertThat(cp.root()).isEqualTo(tree.root());
            assertThat(log.entry(517)).isEqualTo(entry("entry 517"));
            assertThatThrownBy(() -> log.entry(600)).hasMessageContaining("index 600 is out of range");

            for (long size : new long[] {1, 255, 256, 257, 300, 511, 512, 600}) {
                byte[] root = log.root(size);
                assertThat(log.checkpoint(size).map(c -> c.checkpoint().size()).orElse(size)).isEqualTo(size);
                for (long i : new long[] {0, size / 2, size - 1}) {
                    assertThat(ProofVerifier.inclusion(i, size, Hashes.leaf(entry("entry " + i)), log.inclusionProof(i, size), root).holds()).isTrue();
                }
                for (long m : new long[] {0, 1, size / 3, size - 1, size}) {
                    assertThat(ProofVerifier.consistency(m, 600, log.consistencyProof(m, 600), log.root(m), cp.root()).holds()).as("%d..600", m).isTrue();
                }
            }
            assertThatThrownBy(() -> log.inclusionProof(600, 600)).hasMessageContaining("index 600 is out of range");
            assertThatThrownBy(() -> log.consistencyProof(1, 601)).hasMessageContaining("tree size 601 is out of range");

            // tiles and bundles by tlog-tiles path
            assertThat(log.tile("tile/0/000")).hasValueSatisfying(t -> assertThat(t).hasSize(256 * 32));
            assertThat(log.tile("tile/0/002.p/88")).hasValueSatisfying(t -> assertThat(t).hasSize(88 * 32));
            assertThat(log.tile("tile/0/002.p/89")).isEmpty();
            assertThat(log.tile("tile/1/000.p/2")).hasValueSatisfying(t -> assertThat(t).hasSize(64));
            assertThat(log.tile("tile/0/001")).hasValueSatisfying(t -> assertThat(java.util.Arrays.copyOfRange(t, 32, 64)).isEqualTo(Hashes.leaf(entry("entry 257"))));
            byte[] bundle = log.tile("tile/entries/002.p/2").orElseThrow();
            assertThat(bundle).isEqualTo(concat(new byte[] {0, 9}, entry("entry 512"), new byte[] {0, 9}, entry("entry 513")));
            assertThat(log.tile("tile/entries/003")).isEmpty();
            assertThat(log.verify(List.of(key.verifier())).ok()).isTrue();
        }
    }

    @Test
    void concurrentAppendsAreGroupCommittedAndAllDurable() throws Exception {
        int threads = 16;
        int each = 100;
        Set<Long> indices = new HashSet<>();
        try (Log log = Log.create(db, "test.veto.dev/log", key)) {
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            List<Future<List<Long>>> results = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                results.add(pool.submit(() -> {
                    List<Long> mine = new ArrayList<>();
                    for (int i = 0; i < each; i++) {
                        mine.add(log.append(entry("t" + thread + "-" + i)));
                    }
                    return mine;
                }));
            }
            for (Future<List<Long>> f : results) {
                indices.addAll(f.get());
            }
            pool.shutdown();
            assertThat(indices).hasSize(threads * each);
            assertThat(indices.stream().mapToLong(Long::longValue).max().orElseThrow()).isEqualTo(threads * each - 1);
            assertThat(log.size()).isEqualTo(threads * each);
        }
        try (Log log = Log.openReadOnly(db)) {
            FsckReport report = log.verify(List.of(key.verifier()));
            assertThat(report.ok()).as(report.summary()).isTrue();
            // Fewer checkpoints than appends: batches formed while commits were in flight.
            assertThat(report.checkpointsChecked()).isLessThanOrEqualTo(threads * each + 1);
        }
    }

    @Test
    void readersOpeningWhileAWriterAppendsSeeNoTampering() throws Exception {
        try (Log writer = Log.create(db, "test.veto.dev/log", key)) {
            writer.append(entries(0, 300));
            CompletableFuture<Void> appending = CompletableFuture.runAsync(() -> {
                for (int i = 0; i < 60; i++) {
                    writer.append(entries(300 + 10 * i, 310 + 10 * i));
                }
            });
            int opened = 0;
            while (!appending.isDone() || opened < 3) {
                try (Log reader = Log.openReadOnly(db)) {
                    FsckReport r = reader.verify(List.of(key.verifier()));
                    assertThat(r.ok()).as(r.summary()).isTrue();
                    opened++;
                }
            }
            appending.get();
        }
    }

    @Test
    void twoWritersOnOneDatabaseInterleaveWithoutLoss() throws Exception {
        try (Log a = Log.create(db, "test.veto.dev/log", key); Log b = Log.open(db, key)) {
            CompletableFuture<List<Long>> fa = CompletableFuture.supplyAsync(() -> appendEach(a, "a"));
            CompletableFuture<List<Long>> fb = CompletableFuture.supplyAsync(() -> appendEach(b, "b"));
            Set<Long> all = new HashSet<>(fa.get());
            all.addAll(fb.get());
            assertThat(all).hasSize(80);
        }
        try (Log log = Log.openReadOnly(db)) {
            assertThat(log.size()).isEqualTo(80);
            FsckReport r = log.verify(List.of(key.verifier()));
            assertThat(r.ok()).as(r.summary()).isTrue();
        }
    }

    private static List<Long> appendEach(Log log, String prefix) {
        List<Long> out = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            long index = log.append(entry(prefix + i));
            out.add(index);
        }
        return out;
    }

    @Test
    void asyncAppendsCompleteInOrderOfIndices() throws Exception {
        try (Log log = Log.create(db, "test.veto.dev/log", key)) {
            List<CompletableFuture<Appended>> fs = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                fs.add(log.appendAsync(List.of(entry("a" + i), entry("b" + i))));
            }
            for (int i = 0; i < 50; i++) {
                Appended a = fs.get(i).get();
                assertThat(a.firstIndex()).isEqualTo(2L * i);
                assertThat(a.checkpoint().size()).isGreaterThanOrEqualTo(2L * i + 2);
            }
        }
    }

    @Test
    void reopeningResumesTheTree() throws Exception {
        try (Log log = Log.create(db, "test.veto.dev/log", key)) {
            log.append(entries(0, 257));
        }
        try (Log log = Log.open(db, key)) {
            assertThat(log.size()).isEqualTo(257);
            log.append(entries(257, 520));
            assertThat(log.checkpoint().checkpoint().root()).isEqualTo(HashListTree.ofEntries(entries(0, 520)).root());
        }
        try (Log log = Log.openReadOnly(db)) {
            assertThat(log.size()).isEqualTo(520);
            assertThatThrownBy(() -> log.append(entry("x"))).isInstanceOf(LogException.class).hasMessageContaining("read-only");
            FsckReport r = log.verify(List.of(key.verifier()));
            assertThat(r.ok()).as(r.summary()).isTrue();
            assertThat(r.checkpointsChecked()).isEqualTo(3);
        }
    }

    @Test
    void wrongKeysAndDoubleCreationAreRefused() throws Exception {
        try (Log log = Log.create(db, "test.veto.dev/log", key)) {
            log.append(entry("one"));
        }
        SignerKey other = SignerKey.generate("test.veto.dev/log");
        assertThatThrownBy(() -> Log.open(db, other)).isInstanceOf(LogException.class).hasMessageContaining("is not this log's key");
        assertThatThrownBy(() -> Log.create(db, "again", key)).isInstanceOf(LogException.class).hasMessageContaining("exists already");
        try (Log log = Log.openReadOnly(db)) {
            FsckReport r = log.verify(List.of(other.verifier()));
            assertThat(r.ok()).isFalse();
            assertThat(r.summary()).contains("no signature by a known key");
        }
    }

    @Test
    void aChangedEntryByteIsFoundOnOpenAndByVerify() throws Exception {
        build(600);
        exec("UPDATE ledger_entries SET data = ? WHERE idx = 417", entry("entry 41X"));
        assertTampered("entry 417 was changed");
    }

    @Test
    void anEntryChangedTogetherWithItsLeafHashIsNarrowedToItsSubtree() throws Exception {
        build(600);
        exec("UPDATE ledger_entries SET data = ? WHERE idx = 417", entry("entry 41X"));
        byte[] tile = readTile(0, 1);
        System.arraycopy(Hashes.leaf(entry("entry 41X")), 0, tile, (417 - 256) * 32, 32);
        exec("UPDATE ledger_tiles SET data = ? WHERE lvl = 0 AND idx = 1", tile);
        assertTampered("entry 256 or one of the 255 entries after it was changed");
    }

    @Test
    void aChangedHashInAHigherTileIsFound() throws Exception {
        build(600);
        byte[] tile = readTile(1, 0);
        tile[3] ^= 4;
        exec("UPDATE ledger_tiles SET data = ? WHERE lvl = 1 AND idx = 0", tile);
        assertTampered("tile tile/1/000 hash 0 differs");
    }

    @Test
    void aDeletedEntryIsFound() throws Exception {
        build(600);
        exec("DELETE FROM ledger_entries WHERE idx = 333");
        assertTampered("entry 333 is missing");
    }

    @Test
    void aDeletedLastEntryIsFound() throws Exception {
        build(600);
        exec("DELETE FROM ledger_entries WHERE idx = 599");
        assertTampered("entry 599 is missing");
    }

    @Test
    void aChangedHashInAFullTileIsFound() throws Exception {
        build(600);
        byte[] tile = readTile(0, 1);
        tile[40] ^= 1;
        exec("UPDATE ledger_tiles SET data = ? WHERE lvl = 0 AND idx = 1", tile);
        assertTampered("tile tile/0/001 hash 1 differs");
    }

    @Test
    void aChangedHashInThePartialTileIsFound() throws Exception {
        build(600);
        byte[] tile = readTile(0, 2);
        tile[0] ^= (byte) 0x80;
        exec("UPDATE ledger_tiles SET data = ? WHERE lvl = 0 AND idx = 2", tile);
        assertTampered("tile tile/0/002 hash 0 differs");
    }

    @Test
    void aChangedCheckpointIsFound() throws Exception {
        build(600);
        exec("UPDATE ledger_checkpoints SET note = REPLACE(note, '600', '599') WHERE size = 600");
        assertTampered("checkpoint");
    }

    private void build(int n) {
        try (Log log = Log.create(db, "test.veto.dev/log", key)) {
            log.append(entries(0, n / 2));
            log.append(entries(n / 2, n));
        }
    }

    private void assertTampered(String expected) {
        assertThatThrownBy(() -> Log.openReadOnly(db)).isInstanceOf(LogTamperedException.class).hasMessageContaining(expected);
        assertThatThrownBy(() -> Log.open(db, key)).isInstanceOf(LogTamperedException.class).hasMessageContaining(expected);
        try (LogStore store = JdbcLogStore.open(Database.parse(db))) {
            FsckReport r = dev.veto.ledger.fsck.Fsck.run(store, List.<VerifierKey>of(key.verifier()), dev.veto.ledger.fsck.Fsck.Scope.ALL_CHECKPOINTS);
            assertThat(r.ok()).isFalse();
            assertThat(r.summary()).contains(expected);
            assertThat(r.problems()).isNotEmpty().allSatisfy(p -> assertThat(p).isInstanceOf(Problem.class));
        }
    }

    private byte[] readTile(int level, long index) throws SQLException {
        try (Connection c = raw(db); PreparedStatement s = c.prepareStatement("SELECT data FROM ledger_tiles WHERE lvl = ? AND idx = ?")) {
            s.setInt(1, level);
            s.setLong(2, index);
            try (var r = s.executeQuery()) {
                assertThat(r.next()).isTrue();
                return r.getBytes(1);
            }
        }
    }

    private void exec(String sql, byte[]... params) throws SQLException {
        try (Connection c = raw(db); PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                s.setBytes(i + 1, params[i]);
            }
            assertThat(s.executeUpdate()).isEqualTo(1);
        }
    }

    private static byte[] concat(byte[]... parts) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }
}
