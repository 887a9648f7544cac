package dev.veto.bench.ledger;

import dev.veto.ledger.Log;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
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
 * Inclusion-proof generation for a random entry of a 1,000,000-entry SQLite log (target ≤ 50
 * µs), read through the log's tile cache as a server would serve it. The log is built once into
 * the temp dir ({@code veto-bench-ledger-1000000}) and reused.
 *
 * <p>Run: {@code scripts/bench 'ledger.ProofBenchmark' -f 1 -wi 2 -w 3s -i 3 -r 5s}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class ProofBenchmark {
    static final long SIZE = 1_000_000;

    private Log log;
    private final SplittableRandom random = new SplittableRandom(42);

    @Setup(Level.Trial)
    public void open() throws Exception {
        Path dir = BenchLogs.prebuilt(SIZE);
        log = Log.openReadOnly(dir.resolve("log.db").toString());
    }

    @TearDown(Level.Trial)
    public void close() {
        log.close();
    }

    @Benchmark
    public List<byte[]> inclusionProof() {
        return log.inclusionProof(random.nextLong(SIZE), SIZE);
    }

    @Benchmark
    public List<byte[]> consistencyProof() {
        return log.consistencyProof(1 + random.nextLong(SIZE - 1), SIZE);
    }
}
