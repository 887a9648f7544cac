package dev.veto.cedar.conformance;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where the shared conformance data lives: {@code $VETO_CONFORMANCE_DIR}, else
 * {@code ../shared/conformance} beside the repository ({@code $VETO_PROJECT_ROOT}, which the
 * build sets, or the current folder's parent). Tests and benchmarks read it in place.
 */
public final class ConformanceData {
    private ConformanceData() {}

    /**
     * The folder holding {@code cedar/} and {@code transparency-log/}.
     *
     * @throws IllegalStateException when it is not there, saying where it looked and how to point elsewhere
     */
    public static Path root() {
        String env = System.getenv("VETO_CONFORMANCE_DIR");
        Path p;
        if (env != null && !env.isBlank()) {
            p = Path.of(env);
        } else {
            String project = System.getenv("VETO_PROJECT_ROOT");
            p = (project != null && !project.isBlank() ? Path.of(project) : Path.of("").toAbsolutePath())
                    .resolve("../shared/conformance");
            if (project == null && !Files.isDirectory(p)) {
                // run from a module folder rather than the repository root
                p = Path.of("").toAbsolutePath().resolve("../../shared/conformance");
            }
        }
        p = p.toAbsolutePath().normalize();
        if (!Files.isDirectory(p.resolve("cedar"))) {
            throw new IllegalStateException("conformance data not found at " + p
                    + "; set VETO_CONFORMANCE_DIR to the folder holding cedar/ and transparency-log/");
        }
        return p;
    }

    /** The Cedar integration tests: {@code root()/cedar}. */
    public static Path cedar() {
        return root().resolve("cedar");
    }
}
