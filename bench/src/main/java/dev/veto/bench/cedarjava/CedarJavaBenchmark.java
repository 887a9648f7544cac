package dev.veto.bench.cedarjava;

import com.cedarpolicy.model.AuthorizationRequest;
import dev.veto.bench.workload.PlatformWorkload;
import dev.veto.bench.workload.SliceOverlay;
import dev.veto.bench.workload.WorkloadRequest;
import dev.veto.cedar.ast.Request;
import dev.veto.cedar.authz.Authorizer;
import dev.veto.cedar.authz.PolicySet;
import dev.veto.cedar.authz.Response;
import dev.veto.cedar.entity.Entities;
import dev.veto.cedar.entity.EntitySource;
import dev.veto.cedar.conformance.ConformanceData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
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
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Deciding platform-workload requests with cedar-java (the Cedar reference implementation) and,
 * for reference, with our plain {@link Authorizer} (every policy
 * evaluated) over the generated entity store (the indexed engine has its own, {@code EngineBenchmark}). Scores are per decision. Also cedar-java on Cedar's
 * sample apps, per request, to set beside {@code CedarBenchmark.authorizeRequest}.
 *
 * <p>Run from the repository root:
 * {@code scripts/bench CedarJavaBenchmark -f 1 -wi 3 -i 5 -p scale=0.01}
 * (the sample-app benchmark reads {@code ../shared/conformance}, or {@code $VETO_CONFORMANCE_DIR}).
 *
 * <p>Why these sizes: {@code scale} multiplies the full platform (10,000 orgs, 1,000,000 accounts,
 * 11,001 policies). cedar-java has no policy index and pays a JSON round trip per call (about
 * 70 µs with one policy and no entities), so its time grows with the policy count: about 0.5 ms
 * per decision at 0.01 (111 policies), 5 ms at 0.1 and 160 ms at 1 on a shared 2-core machine.
 * Scale 1 also builds our entity store of 1.1 million entities and our policy set of 11,001
 * policies : for patient runs with a large heap.
 *
 * <p>Requests, their slices and cedar-java's converted copies are prepared in setup, so only the
 * decision is timed: for cedar-java that includes its JSON round trip through JNI, which is how
 * cedar-java is used; for ours, evaluation over the store with the slice laid over it.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
public class CedarJavaBenchmark {
    /** How many distinct requests each benchmark cycles through; a power of two. */
    static final int REQUESTS = 512;

    @Param({"0.01"})
    public double scale;

    @Param({"1"})
    public long seed;

    private CedarJavaAuthorizer cedarJava;
    private AuthorizationRequest[] cjRequests;
    private List<Set<com.cedarpolicy.model.entity.Entity>> cjEntities;

    private PolicySet policies;
    private Request[] requests;
    private EntitySource[] sources;

    private CedarJavaSampleApps sampleApps;
    private int next;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        PlatformWorkload w = PlatformWorkload.generate(seed, scale);
        List<WorkloadRequest> rs = w.requests(0, REQUESTS);

        cedarJava = CedarJavaAuthorizer.of(w.policyTexts());
        cjRequests = new AuthorizationRequest[REQUESTS];
        cjEntities = new java.util.ArrayList<>(REQUESTS);
        for (int i = 0; i < REQUESTS; i++) {
            cjRequests[i] = CedarJavaAuthorizer.toRequest(rs.get(i).request());
            cjEntities.add(CedarJavaAuthorizer.toEntities(w.fullSlice(rs.get(i))));
        }

        policies = w.policySet();
        Entities store = w.entityStore();
        requests = new Request[REQUESTS];
        sources = new EntitySource[REQUESTS];
        for (int i = 0; i < REQUESTS; i++) {
            requests[i] = rs.get(i).request();
            sources[i] = SliceOverlay.of(store, rs.get(i).slice());
        }

        Path conformance = ConformanceData.root();
        sampleApps = conformance == null ? null : CedarJavaSampleApps.load(conformance.resolve("cedar"));
    }

    /** One workload decision by cedar-java over the request's full slice (policies preparsed). */
    @Benchmark
    public Object cedarJava() {
        int i = next++ & (REQUESTS - 1);
        return cedarJava.decide(cjRequests[i], cjEntities.get(i));
    }

    /** One workload decision by our plain authorizer over the entity store plus the request's slice. */
    @Benchmark
    public Response plainAuthorizer() {
        int i = next++ & (REQUESTS - 1);
        return Authorizer.isAuthorized(requests[i], policies, sources[i]);
    }

    /** cedar-java's average time per sample-app request (each file's policies and entities). */
    @Benchmark
    @OperationsPerInvocation(CedarJavaSampleApps.REQUESTS)
    public void cedarJavaSampleAppRequest(Blackhole bh) {
        if (sampleApps == null) {
            throw new IllegalStateException("conformance data not found; run from the repository root or set VETO_CONFORMANCE_DIR");
        }
        for (CedarJavaSampleApps.Case c : sampleApps.cases()) {
            bh.consume(c.decide());
        }
    }
}
