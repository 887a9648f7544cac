package dev.veto.bench.ledger;

import dev.veto.ledger.Log;
import dev.veto.ledger.SignedCheckpoint;
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
 * Time from an append to the signed checkpoint covering it (target ≤ 1 s). The log signs a
 * checkpoint after every batch, so this is the append's latency under 16 concurrent writers
 * (distribution: p50, p99, max).
 *
 * <p>Run: {@code eval "$(scripts/postgres start)"; scripts/bench 'ledger.CheckpointLatencyBenchmark' -f 1 -wi 1 -w 3s -i 3 -r 5s}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class CheckpointLatencyBenchmark {
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
    @Threads(16)
    public SignedCheckpoint appendUntilSignedCheckpoint() {
        SignedCheckpoint c = log.append(java.util.List.of(BenchLogs.entry(counter.getAndIncrement()))).checkpoint();
        if (c.note().isEmpty()) {
            throw new AssertionError("no checkpoint");
        }
        return c;
    }
}
