package dev.veto.bench.pep;

import dev.veto.bench.workload.PlatformWorkload;
import dev.veto.bench.workload.WorkloadRequest;
import dev.veto.cedar.ast.Request;
import dev.veto.control.Decisions;
import dev.veto.engine.Change;
import dev.veto.engine.Engine;
import dev.veto.engine.EngineRequest;
import dev.veto.pep.PepDecision;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * An enforcement point's decision in-process beside the engine's own, on the platform workload:
 * {@code engine} is {@code Snapshot.authorize}; {@code pep} is what {@code VetoPep.decide} does
 * on its replica (the staleness check, the decision path's guards of {@code Decisions} — the
 * action in the catalog, the principal and resource placed, the request's entities kept under
 * what is stored — the decision, and the answer as a {@code PepDecision}). Sample time, so JMH
 * prints the median (p0.50) and the tail of each.
 *
 * <p>Run: {@code scripts/bench PepDecideBenchmark -f 1 -wi 3 -i 5 -p scale=1}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xmx6g"})
public class PepDecideBenchmark {
    @Param({"0.01", "1"})
    public double scale;

    private Engine engine;
    private Decisions replica;
    private EngineRequest[] requests;
    private int next;
    private volatile long lastHeardNanos;
    private final long staleAfterNanos = TimeUnit.SECONDS.toNanos(5);

    @Setup
    public void build() {
        PlatformWorkload workload = PlatformWorkload.generate(1, scale);
        Clock clock = Clock.fixed(PlatformWorkload.NOW, ZoneOffset.UTC);
        engine = new Engine(clock);
        List<Change> changes = new ArrayList<>();
        Set<String> types = new HashSet<>();
        workload.entities().forEach(e -> {
            changes.add(new Change.PutEntity(e));
            types.add(e.uid().type());
        });
        workload.policies().forEach((id, p) -> changes.add(new Change.PutPolicy(id, p)));
        engine.apply(changes);
        replica = Decisions.replica(engine.snapshot(), types, clock);
        List<WorkloadRequest> ws = workload.requests(0, 20_000);
        requests = new EngineRequest[ws.size()];
        for (int i = 0; i < requests.length; i++) {
            Request r = ws.get(i).request();
            requests[i] = new EngineRequest(r.principal(), r.action(), r.resource(), r.context(), ws.get(i).slice());
        }
        lastHeardNanos = System.nanoTime();
    }

    private EngineRequest nextRequest() {
        EngineRequest r = requests[next];
        next = next + 1 == requests.length ? 0 : next + 1;
        return r;
    }

    /** The engine alone. */
    @Benchmark
    public Object engine() {
        return engine.authorize(nextRequest());
    }

    /** The decision path's guards and decision alone, without the answer's mapping. */
    @Benchmark
    public Object guarded() {
        return replica.decide(nextRequest());
    }

    /** The enforcement point's decision, as {@code VetoPep.decide} makes it. */
    @Benchmark
    public Object pep() {
        EngineRequest r = nextRequest();
        PepDecision.Basis basis = System.nanoTime() - lastHeardNanos > staleAfterNanos ? PepDecision.Basis.LAST_KNOWN : PepDecision.Basis.CURRENT;
        return PepDecision.of(replica.decide(r).response(), basis);
    }
}
