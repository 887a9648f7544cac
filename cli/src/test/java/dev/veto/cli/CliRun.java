package dev.veto.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;

/** Runs the {@code veto} command in process and captures what it prints. */
record CliRun(int exitCode, String out, String err) {
    static CliRun of(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new CliRun(code, out.toString(), err.toString());
    }

    /** The repository root (surefire sets VETO_PROJECT_ROOT; else the module's parent). */
    static Path root() {
        String env = System.getenv("VETO_PROJECT_ROOT");
        return (env != null ? Path.of(env) : Path.of("..")).toAbsolutePath().normalize();
    }

    static String example(String file) {
        return root().resolve("examples/guardrail").resolve(file).toString();
    }
}
