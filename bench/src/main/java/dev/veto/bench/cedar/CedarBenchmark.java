package dev.veto.bench.cedar;

import dev.veto.cedar.ast.Request;
import dev.veto.cedar.authz.Authorizer;
import dev.veto.cedar.authz.PolicySet;
import dev.veto.cedar.authz.Response;
import dev.veto.cedar.conformance.ConformanceData;
import dev.veto.cedar.conformance.ConformanceRunner;
import dev.veto.cedar.entity.Entities;
import dev.veto.cedar.parser.PolicyParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Parsing and authorizing Cedar's hand-written sample apps (the 22 policy files and 74 requests
 * of the conformance suite's {@code tests/}): few policies and few entities, so what shows is raw
 * parser and evaluator speed. Scores are per policy file and per request.
 *
 * <p>Run from the repository root: {@code scripts/bench CedarBenchmark -f 1 -wi 3 -i 5}
 * (reads {@code ../shared/conformance}, or {@code $VETO_CONFORMANCE_DIR}).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class CedarBenchmark {
    static final int POLICY_FILES = 22;
    static final int REQUESTS = 74;

    private String[] policyTexts;
    private Request[] requests;
    private PolicySet[] policySets;
    private Entities[] entities;

    @Setup
    public void load() throws IOException {
        Path root = ConformanceData.cedar();
        ConformanceRunner runner = new ConformanceRunner(root);
        List<Path> files = runner.discover().stream().filter(p -> p.startsWith(root.resolve("tests"))).toList();
        Set<Path> policyFiles = new LinkedHashSet<>();
        List<Request> rs = new ArrayList<>();
        List<PolicySet> ps = new ArrayList<>();
        List<Entities> es = new ArrayList<>();
        for (Path f : files) {
            ConformanceRunner.TestFile t = runner.load(f);
            for (ConformanceRunner.Case c : t.cases()) {
                rs.add(c.request());
                ps.add(t.policies());
                es.add(t.entities());
            }
        }
        try (var s = Files.walk(root.resolve("tests"))) {
            s.filter(p -> p.toString().endsWith(".cedar")).sorted().forEach(policyFiles::add);
        }
        List<String> texts = new ArrayList<>();
        for (Path p : policyFiles) {
            texts.add(Files.readString(p));
        }
        if (texts.size() != POLICY_FILES || rs.size() != REQUESTS) {
            throw new IllegalStateException("expected " + POLICY_FILES + " policy files and " + REQUESTS
                    + " requests, found " + texts.size() + " and " + rs.size());
        }
        policyTexts = texts.toArray(String[]::new);
        requests = rs.toArray(Request[]::new);
        policySets = ps.toArray(PolicySet[]::new);
        entities = es.toArray(Entities[]::new);
    }

    /** Average time to parse one sample-app policy file. */
    @Benchmark
    @OperationsPerInvocation(POLICY_FILES)
    public void parsePolicyFile(Blackhole bh) {
        for (String text : policyTexts) {
            bh.consume(PolicyParser.parsePolicies(text, "bench"));
        }
    }

    /** Average time to decide one sample-app request with the plain (evaluate every policy) authorizer. */
    @Benchmark
    @OperationsPerInvocation(REQUESTS)
    public void authorizeRequest(Blackhole bh) {
        for (int i = 0; i < requests.length; i++) {
            Response r = Authorizer.isAuthorized(requests[i], policySets[i], entities[i]);
            bh.consume(r);
        }
    }
}
