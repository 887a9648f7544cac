package dev.veto.bench.ledger;

import dev.veto.ledger.SignedCheckpoint;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
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
public class CheckpointLatencyBenchmark extends FreshLog {
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
