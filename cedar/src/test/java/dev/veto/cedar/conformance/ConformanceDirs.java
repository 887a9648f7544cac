package dev.veto.cedar.conformance;

import java.nio.file.Files;
import java.nio.file.Path;

/** Finds the shared conformance data: {@code VETO_CONFORMANCE_DIR}, else {@code ../shared/conformance} beside the repo. */
public final class ConformanceDirs {
    private ConformanceDirs() {}

    public static Path root() {
        String env = System.getenv("VETO_CONFORMANCE_DIR");
        Path p;
        if (env != null && !env.isBlank()) {
            p = Path.of(env);
        } else {
            String project = System.getenv("VETO_PROJECT_ROOT");
            p = (project != null ? Path.of(project) : Path.of("..")).resolve("../shared/conformance");
        }
        p = p.toAbsolutePath().normalize();
        if (!Files.isDirectory(p)) {
            throw new IllegalStateException("conformance data not found at " + p
                    + "; set VETO_CONFORMANCE_DIR to the folder holding cedar/ and transparency-log/");
        }
        return p;
    }

    public static Path cedar() {
        return root().resolve("cedar");
    }
}
