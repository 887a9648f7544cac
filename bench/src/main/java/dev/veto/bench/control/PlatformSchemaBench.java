package dev.veto.bench.control;

import dev.veto.bench.http.HttpDecisionLoad;
import dev.veto.bench.workload.PlatformWorkload;
import dev.veto.cedar.ast.Policy;
import dev.veto.cedar.schema.Schema;
import dev.veto.cedar.validation.ValidationResult;
import dev.veto.cedar.validation.Validator;
import dev.veto.control.Actor;
import dev.veto.control.ControlPlane;
import dev.veto.ledger.Log;
import dev.veto.ledger.note.SignerKey;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;

/**
 * How long validating the platform's policies against its platform schema takes, at platform
 * scale: the seeded workload (at {@code --scale 1}: 1.1 million stored entities, 200 services ×
 * 20 operations, 11,001 policies) loaded through the control plane and log as
 * {@code HttpDecisionLoad} loads it (the catalog, the entities, the workload's schema extension,
 * then each policy, validated as it is put), then:
 *
 * <ul>
 *   <li>{@code build}: {@code Validator.forSchema} on the platform schema derived from that state;
 *   <li>{@code validate}: every policy in force (parsed, as the engine holds them) validated against
 *       it, the first time in this JVM and then warm ({@code --rounds} times; median);
 *   <li>{@code put}: {@code PUT /v1/schema} with the same extension, end to end through the
 *       command (derive and build the schema, validate every policy in force, append), which is
 *       what an administrator waits for.
 * </ul>
 *
 * <p>Run from the repository root (the full scale wants about 4 GB of heap):
 * {@code VETO_JAVA_OPTS=-Xmx6g scripts/bench --main dev.veto.bench.control.PlatformSchemaBench [--scale 1] [--rounds 10]}
 */
public final class PlatformSchemaBench {
    private PlatformSchemaBench() {}

    public static void main(String[] args) throws Exception {
        double scale = 1;
        int rounds = 10;
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--scale" -> scale = Double.parseDouble(args[i + 1]);
                case "--rounds" -> rounds = Integer.parseInt(args[i + 1]);
                default -> throw new IllegalArgumentException("unknown option `" + args[i] + "`; see the class's Javadoc");
            }
        }
        Path dir = Files.createTempDirectory("veto-schema-bench");
        try {
            run(scale, rounds, dir);
        } finally {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static void run(double scale, int rounds, Path dir) throws Exception {
        long t0 = System.nanoTime();
        PlatformWorkload w = PlatformWorkload.generate(1, scale);
        Log log = Log.create(dir.resolve("veto.db").toString(), "bench.veto.dev/schema", SignerKey.generate("bench.veto.dev/schema"));
        try (ControlPlane plane = ControlPlane.open(log, Clock.systemUTC(), "Bench")) {
            HttpDecisionLoad.load(plane, w);
            System.out.printf("scale %s: loaded %d entities and %d policies through the log, each policy validated as it was put (%.1f s)%n",
                    scale, plane.decisions().snapshot().entityCount(), plane.decisions().snapshot().policyCount(), (System.nanoTime() - t0) / 1e9);

            Schema schema = plane.queries().schema(Actor.OPERATOR).schema();
            Map<String, Policy> policies = new LinkedHashMap<>();
            for (String id : plane.queries().policies(Actor.OPERATOR).keySet()) {
                policies.put(id, plane.decisions().snapshot().policy(id).policy());
            }
            System.out.printf("platform schema: %d entity types, %d actions; %d policies in force%n",
                    schema.entityTypes().size(), schema.actions().size(), policies.size());

            t0 = System.nanoTime();
            Validator v = Validator.forSchema(schema);
            double buildMs = (System.nanoTime() - t0) / 1e6;
            t0 = System.nanoTime();
            ValidationResult first = v.validate(policies);
            double firstMs = (System.nanoTime() - t0) / 1e6;
            double[] warm = new double[rounds];
            for (int i = 0; i < rounds; i++) {
                t0 = System.nanoTime();
                v.validate(policies);
                warm[i] = (System.nanoTime() - t0) / 1e6;
            }
            java.util.Arrays.sort(warm);
            t0 = System.nanoTime();
            plane.commands().putSchema(Actor.OPERATOR, PlatformWorkload.schemaExtension(), true);
            double putMs = (System.nanoTime() - t0) / 1e6;
            System.out.printf("build %.0f ms; validate %d policies: first %.0f ms, warm median %.0f ms (min %.0f, max %.0f); %d errors, %d warnings;"
                            + " PUT /v1/schema (derive, build, validate all, append) %.0f ms%n",
                    buildMs, policies.size(), firstMs, warm[rounds / 2], warm[0], warm[rounds - 1], first.errors().size(), first.warnings().size(), putMs);
            System.out.printf("{\"policies\": %d, \"build_ms\": %.1f, \"validate_first_ms\": %.1f, \"validate_warm_ms\": %.1f, \"put_schema_ms\": %.1f, \"scale\": %s}%n",
                    policies.size(), buildMs, firstMs, warm[rounds / 2], putMs, scale);
        }
    }
}
