package dev.veto.bench.ledger;

import dev.veto.ledger.Log;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;

/**
 * Durable appends per second: each operation is one 100-byte entry that is committed (fsync) and
 * covered by a signed checkpoint when the call returns. With 64 writers the single integrating
 * writer group-commits whatever queued during the previous commit.
 *
 * <p>Run: {@code eval "$(scripts/postgres start)"; scripts/bench 'ledger.AppendBenchmark' -f 1 -wi 1 -w 3s -i 3 -r 5s}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class AppendBenchmark {
    @Param({"sqlite", "postgres"})
    public String store;

    private Log log;
    private String db;
    private final AtomicLong counter = new AtomicLong();

    @Setup(Level.Trial)
    public void open() throws Exception {
        db = BenchLogs.freshDb(store);
        log = Log.create(db, BenchLogs.ORIGIN, BenchLogs.key());
    }

    @TearDown(Level.Trial)
    public void close() throws java.io.IOException {
        log.close();
        BenchLogs.discard(db);
    }

    @Benchmark
    @Threads(1)
    public long oneWriter() {
        return log.append(BenchLogs.entry(counter.getAndIncrement()));
    }

    @Benchmark
    @Threads(64)
    public long sixtyFourWriters() {
        return log.append(BenchLogs.entry(counter.getAndIncrement()));
    }
}
