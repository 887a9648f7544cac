package dev.veto.bench.cedarjava;

import com.cedarpolicy.model.AuthorizationRequest;
import dev.veto.bench.workload.Verdict;
import dev.veto.cedar.conformance.ConformanceRunner;
import dev.veto.cedar.json.CedarJson;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Cedar's hand-written sample apps (the conformance suite's {@code tests/}: 22 policy files, 74
 * requests, the set {@code CedarBenchmark} times our Cedar on) decided by cedar-java, so a
 * report can print cedar-java's time per request beside ours.
 *
 * <p>Each test file's policy file is parsed by cedar-java itself (policies named
 * {@code policy0}, … as Cedar names them) and preparsed; entities and requests are read by our
 * JSON reader, with the test's schema, and converted, as cedar-java reads no schema-typed JSON.
 */
public final class CedarJavaSampleApps {
    public static final int REQUESTS = 74;

    /** One sample-app request, converted for cedar-java, with the answer the test file expects. */
    public record Case(Path file, String description, CedarJavaAuthorizer authorizer, AuthorizationRequest request,
            Set<com.cedarpolicy.model.entity.Entity> entities, String expected) {
        public Verdict decide() {
            return authorizer.decide(request, entities);
        }
    }

    private final List<Case> cases;

    private CedarJavaSampleApps(List<Case> cases) {
        this.cases = List.copyOf(cases);
    }

    /** Loads the sample apps from {@code cedarRoot} (the conformance folder's {@code cedar/}). */
    public static CedarJavaSampleApps load(Path cedarRoot) throws IOException {
        ConformanceRunner runner = new ConformanceRunner(cedarRoot);
        Path tests = cedarRoot.resolve("tests");
        Map<Path, CedarJavaAuthorizer> byPolicyFile = new HashMap<>();
        List<Case> cases = new ArrayList<>();
        for (Path f : runner.discover()) {
            if (!f.startsWith(tests)) {
                continue;
            }
            ConformanceRunner.TestFile t = runner.load(f);
            if (t == null) {
                continue;
            }
            Path policyFile = cedarRoot.resolve(CedarJson.readTree(Files.readString(f), f.toString())
                    .get("policies").asString()).normalize();
            CedarJavaAuthorizer authorizer = byPolicyFile.get(policyFile);
            if (authorizer == null) {
                authorizer = CedarJavaAuthorizer.parse(Files.readString(policyFile));
                byPolicyFile.put(policyFile, authorizer);
            }
            Set<com.cedarpolicy.model.entity.Entity> entities = CedarJavaAuthorizer.toEntities(t.entities().all());
            for (ConformanceRunner.Case c : t.cases()) {
                cases.add(new Case(f, c.description(), authorizer, CedarJavaAuthorizer.toRequest(c.request()),
                        entities, c.expected()));
            }
        }
        if (cases.size() != REQUESTS) {
            throw new IllegalStateException("expected " + REQUESTS + " sample-app requests under " + tests + ", found " + cases.size());
        }
        return new CedarJavaSampleApps(cases);
    }

    public List<Case> cases() {
        return cases;
    }

    /** The cases where cedar-java does not give the answer the test file expects (none, if all is well). */
    public List<String> mismatches() {
        List<String> out = new ArrayList<>();
        for (Case c : cases) {
            String got = c.decide().toString();
            if (!got.equals(c.expected())) {
                out.add(c.file() + ": " + c.description() + "\n    expected: " + c.expected() + "\n    cedar-java: " + got);
            }
        }
        return out;
    }

    /**
     * cedar-java's mean time per request over all {@value #REQUESTS} requests, in nanoseconds:
     * {@code warmupRounds} untimed rounds, then {@code measuredRounds} timed ones.
     */
    public double nanosPerRequest(int warmupRounds, int measuredRounds) {
        long sink = 0;
        for (int i = 0; i < warmupRounds; i++) {
            for (Case c : cases) {
                sink += c.decide().reasons().size();
            }
        }
        long t0 = System.nanoTime();
        for (int i = 0; i < measuredRounds; i++) {
            for (Case c : cases) {
                sink += c.decide().reasons().size();
            }
        }
        long elapsed = System.nanoTime() - t0;
        if (sink == Long.MIN_VALUE) {
            System.out.print("");
        }
        return (double) elapsed / ((long) measuredRounds * cases.size());
    }
}
