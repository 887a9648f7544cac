package dev.veto.cli;

import dev.veto.cedar.conformance.ConformanceRunner;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code veto conformance}: runs Cedar's integration-test files through our authorizer. */
@Command(
        name = "conformance",
        mixinStandardHelpOptions = true,
        description = {
            "Runs Cedar integration-test files and compares decision, reasons and errors.",
            "Prints each failing request, then `N passed, M failed` (requests). Exit code 0 only when none failed.",
            "With --validate, validates each test's policies against its schema instead and compares with its",
            "shouldValidate: `N passed, M failed` then counts tests."
        })
final class ConformanceCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--root", paramLabel = "DIR",
            description = "Folder the test files' paths are relative to (default: $VETO_CONFORMANCE_DIR/cedar, else ../shared/conformance/cedar).")
    Path root;

    @Option(names = "--validate", description = "Compare strict validation with each test's shouldValidate instead of deciding its requests.")
    boolean validate;

    @Parameters(paramLabel = "TEST.json", arity = "0..*", description = "Test files; with none, every test under the root.")
    List<Path> files = new ArrayList<>();

    @Override
    public Integer call() {
        Path dir = root != null ? root : defaultRoot();
        if (!Files.isDirectory(dir)) {
            throw new UserError("conformance root `" + dir + "` is not a folder; pass --root DIR (the folder holding tests/ and corpus-tests/)");
        }
        ConformanceRunner runner = new ConformanceRunner(dir);
        List<Path> tests = new ArrayList<>();
        if (files.isEmpty()) {
            tests.addAll(runner.discover());
        } else {
            for (Path f : files) {
                Path p = Files.exists(f) ? f : dir.resolve(f);
                if (!Files.isRegularFile(p)) {
                    throw new UserError("test file `" + f + "` not found (looked in the current folder and in " + dir + ")");
                }
                tests.add(p);
            }
        }
        ConformanceRunner.Result r = validate ? runner.validate(tests) : runner.run(tests);
        PrintWriter out = spec.commandLine().getOut();
        r.failures().forEach(out::println);
        out.println(r.summary());
        out.flush();
        return r.failed() == 0 ? 0 : 1;
    }

    private static Path defaultRoot() {
        String env = System.getenv("VETO_CONFORMANCE_DIR");
        return env != null && !env.isBlank() ? Path.of(env, "cedar") : Path.of("..", "shared", "conformance", "cedar");
    }
}
