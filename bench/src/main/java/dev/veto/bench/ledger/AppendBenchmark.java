package dev.veto.bench.ledger;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;

/**
 * Durable appends per second: each operation is one 100-byte entry that is committed (fsync) and
 * covered by a signed checkpoint when the call returns. With 64 writers the single integrating
 * writer group-commits whatever queued during the previous commit. The sealed case appends
 * format 2 events (envelope and private parts), to compare with plain entries in the same run.
 *
 * <p>Run: {@code eval "$(scripts/postgres start)"; scripts/bench 'ledger.AppendBenchmark' -f 1 -wi 1 -w 3s -i 3 -r 5s}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class AppendBenchmark extends FreshLog {
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

    /** As {@link #sixtyFourWriters}, each append a format 2 event: an envelope and its two private parts, salted, in one transaction. */
    @Benchmark
    @Threads(64)
    public long sixtyFourWritersSealed() {
        return log.appendSealed(java.util.List.of(BenchLogs.sealed(counter.getAndIncrement()))).firstIndex();
    }
}
