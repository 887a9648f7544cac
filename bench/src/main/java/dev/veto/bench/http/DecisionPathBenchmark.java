package dev.veto.bench.http;

import dev.veto.bench.workload.PlatformWorkload;
import dev.veto.bench.workload.WorkloadRequest;
import dev.veto.control.ControlPlane;
import dev.veto.server.decision.DecisionEndpoint;
import dev.veto.ledger.Log;
import dev.veto.ledger.note.SignerKey;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The batch decision endpoint's work per decision, without the HTTP exchange: a body of
 * {@value #BATCH} workload requests (as {@code HttpDecisionLoad} sends them, about 580 bytes each
 * with their principal and resource entities) read by the decision reader, and read, decided and
 * written by the server's batch path, through the seam the server publishes for this
 * ({@link DecisionEndpoint}: the endpoints' work without the HTTP exchange). Scores are
 * nanoseconds per decision. {@code requests}: whether the platform schema checks each request
 * ({@code checked}: the workload's schema extension put with request checks on, as
 * {@code HttpDecisionLoad} loads it) or not ({@code unchecked}: the same schema and policies,
 * requests decided as they come): the cost of the check is the difference.
 *
 * <p>Run from the repository root: {@code scripts/bench DecisionPathBenchmark -f 1 -wi 5 -i 10}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 10, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xmx4g"})
public class DecisionPathBenchmark {
    static final int BATCH = 1000;

    @Param({"0.01"})
    public double scale;

    @Param({"unchecked", "checked"})
    public String requests;

    private Path dir;
    private ControlPlane plane;
    private DecisionEndpoint endpoint;
    private byte[][] bodies;
    private int next;
    private final ByteArrayOutputStream answerBuffer = new ByteArrayOutputStream();

    @Setup(Level.Trial)
    public void start() throws Exception {
        dir = Files.createTempDirectory("veto-decision-path");
        PlatformWorkload w = PlatformWorkload.generate(1, scale);
        Log log = Log.create(dir.resolve("veto.db").toString(), "bench.veto.dev/decision-path", SignerKey.generate("bench.veto.dev/decision-path"));
        plane = ControlPlane.open(log, Clock.systemUTC(), "Bench");
        HttpDecisionLoad.load(plane, w, requests.equals("checked"));
        List<String> one = new ArrayList<>();
        for (WorkloadRequest r : w.requests(0, 20_000)) {
            one.add(HttpDecisionLoad.body(r, true).toString());
        }
        bodies = HttpDecisionLoad.batches(one, BATCH).stream().map(s -> s.getBytes(StandardCharsets.UTF_8)).toArray(byte[][]::new);
        endpoint = new DecisionEndpoint(plane, allowed -> {});
        if (DecisionEndpoint.readFast(bodies[0]) == null) {
            throw new IllegalStateException("the fast reader refused a workload batch");
        }
    }

    @TearDown(Level.Trial)
    public void stop() throws Exception {
        plane.close();
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    private byte[] nextBody() {
        byte[] b = bodies[next];
        next = next + 1 == bodies.length ? 0 : next + 1;
        return b;
    }

    /** The decision reader alone. */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public Object read() {
        return DecisionEndpoint.readFast(nextBody());
    }

    /**
     * Read, decided and written: all the endpoint does between receiving the body and sending
     * the answer (written here into a reused buffer, where the server writes into the response's).
     */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public Object readDecideWrite() throws InterruptedException, java.io.IOException {
        DecisionEndpoint.Batch answer = endpoint.decideBatch(nextBody());
        answerBuffer.reset();
        answer.writeTo(answerBuffer);
        return answerBuffer;
    }
}
