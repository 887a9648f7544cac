package dev.veto.bench.engine;

import dev.veto.bench.workload.PlatformWorkload;
import dev.veto.bench.workload.WorkloadRequest;
import dev.veto.cedar.ast.Request;
import dev.veto.cedar.parser.PolicyParser;
import dev.veto.engine.Change;
import dev.veto.engine.Engine;
import dev.veto.engine.EngineRequest;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
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
 * The indexed engine on the platform workload: one decision (requests cycle through 20,000
 * distinct workload requests, each with its entity slice), and one update published as a new
 * snapshot. {@code EngineBench} reports the same figures beside cedar-java's.
 *
 * <p>Run from the repository root:
 * {@code scripts/bench EngineBenchmark -f 1 -wi 3 -i 5 -p scale=0.1}
 * (scale 1 is the full platform: 1.1 million stored entities and 11,001 policies; about 3 GB of heap).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xmx6g"})
public class EngineBenchmark {
    @Param({"0.01", "0.1", "1"})
    public double scale;

    private Engine engine;
    private EngineRequest[] requests;
    private int next;
    private int units;
    private PlatformWorkload workload;
    private long update;

    @Setup
    public void build() {
        workload = PlatformWorkload.generate(1, scale);
        engine = new Engine(Clock.fixed(PlatformWorkload.NOW, ZoneOffset.UTC));
        List<Change> changes = new ArrayList<>();
        workload.entities().forEach(e -> changes.add(new Change.PutEntity(e)));
        workload.policies().forEach((id, p) -> changes.add(new Change.PutPolicy(id, p)));
        engine.apply(changes);
        List<WorkloadRequest> ws = workload.requests(0, 20_000);
        requests = new EngineRequest[ws.size()];
        for (int i = 0; i < requests.length; i++) {
            Request r = ws.get(i).request();
            requests[i] = new EngineRequest(r.principal(), r.action(), r.resource(), r.context(), ws.get(i).slice());
        }
        units = workload.counts().units();
    }

    /** One decision. */
    @Benchmark
    public Object authorize() {
        EngineRequest r = requests[next];
        next = next + 1 == requests.length ? 0 : next + 1;
        return engine.authorize(r);
    }

    /** One added enforcement policy, published as the next snapshot. */
    @Benchmark
    public Object addEnforcementPolicy() {
        long n = update++;
        String id = "bench-" + n;
        String unit = workload.unitUid((int) (n * 7919 % units)).toString();
        return engine.apply(List.of(new Change.PutPolicy(id, PolicyParser.parsePolicy(
                "forbid (principal in " + unit + ", action in [" + workload.catalog().serviceGroup(0) + "], resource);", id))));
    }
}
