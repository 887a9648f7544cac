package dev.veto.bench.ledger;

import dev.veto.ledger.fsck.Fsck;
import dev.veto.ledger.fsck.FsckReport;
import dev.veto.ledger.note.SignerKey;
import dev.veto.ledger.store.Database;
import dev.veto.ledger.store.JdbcLogStore;
import dev.veto.ledger.store.LogStore;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * A full verify (what {@code veto log verify} runs) of a 1,000,000-entry SQLite log: every entry
 * re-hashed, every tile rebuilt and compared, every checkpoint's signature and consistency
 * checked (target ≤ 10 s). Also the cost of opening a log, which runs the same pass minus the old
 * checkpoints.
 *
 * <p>Run: {@code scripts/bench 'ledger.VerifyBenchmark' -f 1 -wi 1 -i 3}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.SECONDS)
public class VerifyBenchmark {
    private LogStore store;
    private SignerKey key;

    @Setup(Level.Trial)
    public void open() throws Exception {
        Path dir = BenchLogs.prebuilt(ProofBenchmark.SIZE);
        key = SignerKey.load(dir.resolve("signer.key"));
        store = JdbcLogStore.open(Database.parse(dir.resolve("log.db").toString()));
    }

    @TearDown(Level.Trial)
    public void close() {
        store.close();
    }

    @Benchmark
    public FsckReport fullVerify() {
        FsckReport r = Fsck.run(store, List.of(key.verifier()), Fsck.Scope.ALL_CHECKPOINTS);
        if (!r.ok()) {
            throw new AssertionError(r.summary());
        }
        return r;
    }
}
