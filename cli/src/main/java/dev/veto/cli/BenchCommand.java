package dev.veto.cli;

import dev.veto.bench.engine.EngineBench;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code veto bench}: measurements that compare Veto with the Cedar reference, in one process. */
@Command(
        name = "bench",
        mixinStandardHelpOptions = true,
        description = "Benchmarks.",
        subcommands = {BenchCommand.EngineCommand.class})
final class BenchCommand {

    @Command(
            name = "engine",
            mixinStandardHelpOptions = true,
            description = {
                "Builds the platform workload (10,000 orgs, 100,000 units, 1,000,000 accounts, 11,001 policies at --scale 1)",
                "into the engine and measures decisions, memory, build and update times against cedar-java on the same",
                "requests and on Cedar's sample apps. Run from the repository root (the sample apps are read from",
                "../shared/conformance or $VETO_CONFORMANCE_DIR). The full scale wants about 3 GB of heap."
            })
    static final class EngineCommand implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--scale", paramLabel = "F", defaultValue = "1",
                description = "Workload size relative to the full platform, 0 < F <= 1 (default: ${DEFAULT-VALUE}).")
        double scale;

        @Option(names = "--requests", paramLabel = "N", defaultValue = "20000",
                description = "Distinct workload requests to decide (default: ${DEFAULT-VALUE}).")
        int requests;

        @Option(names = "--json", description = "End with one line of JSON holding the figures.")
        boolean json;

        @Override
        public Integer call() throws Exception {
            if (!(scale > 0 && scale <= 1)) {
                throw new UserError("--scale must be above 0 and at most 1, got " + scale);
            }
            if (requests < 100) {
                throw new UserError("--requests must be at least 100, got " + requests);
            }
            PrintWriter out = spec.commandLine().getOut();
            EngineBench.Report r;
            try {
                r = EngineBench.run(scale, requests, line -> {
                    out.println(line);
                    out.flush();
                });
            } catch (IllegalStateException e) {
                throw new UserError(e.getMessage());
            }
            out.printf(java.util.Locale.ROOT, "%nmedian %d ns, p99 %d ns, %.0f decisions/s per thread%n",
                    r.medianNs(), r.p99Ns(), r.throughputPerS());
            out.printf(java.util.Locale.ROOT, "cedar-java median %d ns: %.0f× faster; sample apps %.0f× faster%n",
                    r.cedarJavaMedianNs(), r.ratioVsCedarJava(), r.ratioSmallApps());
            out.printf(java.util.Locale.ROOT, "%d heap bytes per entity, build %.0f ms, update %.3f ms%n",
                    r.heapBytesPerEntity(), r.buildMs(), r.updateMs());
            if (json) {
                out.println(r.json());
            }
            out.flush();
            return 0;
        }
    }
}
