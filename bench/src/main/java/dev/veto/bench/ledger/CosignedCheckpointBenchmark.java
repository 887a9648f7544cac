package dev.veto.bench.ledger;

import dev.veto.ledger.Log;
import dev.veto.ledger.note.CosignerKey;
import dev.veto.ledger.witness.KnownLogs;
import dev.veto.ledger.witness.Witness;
import dev.veto.ledger.witness.WitnessStore;
import dev.veto.server.AccessLog;
import dev.veto.server.Cosigning;
import dev.veto.server.witness.WitnessServer;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
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
 * Time from an append to the first checkpoint covering it that all the log's witnesses have
 * cosigned (target p99 ≤ 1 s), with 1 and 3 witnesses running locally (each its own HTTP server
 * and SQLite state), under 16 concurrent writers of format 2 events on SQLite. Each operation
 * appends one event and waits for the cosigned checkpoint; the score's distribution is the
 * latency (p50, p99, max). {@code appendWhileWitnessed} is the append rate of 64 writers that do
 * not wait, while the witnesses cosign.
 *
 * <p>Run: {@code scripts/bench 'ledger.CosignedCheckpointBenchmark' -f 1 -wi 1 -w 3s -i 3 -r 5s}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class CosignedCheckpointBenchmark {
    @Param({"1", "3"})
    public int witnesses;

    private Path dir;
    private Log log;
    private Cosigning cosigning;
    private final List<WitnessServer> servers = new ArrayList<>();
    private final List<WitnessStore> stores = new ArrayList<>();
    private final AtomicLong counter = new AtomicLong();

    @Setup(Level.Trial)
    public void start() throws Exception {
        dir = Files.createTempDirectory("veto-bench-cosign");
        var key = BenchLogs.key();
        log = Log.create(dir.resolve("log.db").toString(), BenchLogs.ORIGIN, key);
        List<Cosigning.Witness> specs = new ArrayList<>();
        for (int i = 0; i < witnesses; i++) {
            CosignerKey k = CosignerKey.generate("witness" + i + ".bench.veto.dev/w");
            WitnessStore store = WitnessStore.open(dir.resolve("witness" + i + ".db").toString());
            WitnessServer server = WitnessServer.start(new Witness(k, KnownLogs.of(List.of(key.verifier())), store, Clock.systemUTC()),
                    "127.0.0.1", 0, AccessLog.discard());
            stores.add(store);
            servers.add(server);
            specs.add(new Cosigning.Witness(k.verifier(), URI.create("http://127.0.0.1:" + server.port() + "/")));
        }
        cosigning = new Cosigning(log, specs);
    }

    @TearDown(Level.Trial)
    public void stop() throws Exception {
        cosigning.close();
        servers.forEach(WitnessServer::close);
        stores.forEach(WitnessStore::close);
        log.close();
        BenchLogs.discard(dir.resolve("log.db").toString());
    }

    /** Appends per second by 64 writers while the witnesses cosign each new checkpoint (target: still ≥ 10,000/s). */
    @Benchmark
    @Threads(64)
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    public long appendWhileWitnessed() {
        long index = log.appendSealed(List.of(BenchLogs.sealed(counter.getAndIncrement()))).firstIndex();
        cosigning.logGrew();
        return index;
    }

    @Benchmark
    @Threads(16)
    public long appendUntilCosigned() throws InterruptedException {
        long index = log.appendSealed(List.of(BenchLogs.sealed(counter.getAndIncrement()))).firstIndex();
        cosigning.logGrew();
        Cosigning.Published p = cosigning.awaitPublished(index + 1, Duration.ofSeconds(30));
        if (p == null || p.note().chars().filter(c -> c == '\u2014').count() < 1 + witnesses) {
            throw new AssertionError("no checkpoint of size " + (index + 1) + " cosigned by all " + witnesses + " witnesses: " + (p == null ? null : p.note()));
        }
        return p.size();
    }
}
