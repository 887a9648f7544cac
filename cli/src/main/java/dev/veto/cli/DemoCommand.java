package dev.veto.cli;

import dev.veto.control.ControlPlane;
import dev.veto.server.AccessLog;
import dev.veto.server.VetoServer;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code veto demo}: a server on a fresh embedded database, seeded with a fictional case. */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Start the server on a fresh SQLite database (data/demo.db) seeded with a fictional case, "
                + "and print the tokens and curl commands that walk the rest of the workflow.")
final class DemoCommand implements Callable<Integer> {
    static final Path DATA = Path.of("data");
    static final Path DB = DATA.resolve("demo.db");
    static final Path LOG = DATA.resolve("demo.log");

    @Option(names = "--host", defaultValue = "127.0.0.1", description = "Address to listen on (default: ${DEFAULT-VALUE}).")
    String host;

    @Option(names = "--port", defaultValue = "8080", description = "Port to listen on; 0 picks a free one (default: ${DEFAULT-VALUE}).")
    int port;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        Running demo = start(host, port, DATA);
        out.println("Veto demo: http://" + host + ":" + demo.server().port() + "  (fresh data in " + DB + ", request log in " + LOG + "; Ctrl-C stops it)");
        out.println();
        out.println("Paste these into your shell: the server's address and one token per role.");
        out.print(exports(demo));
        out.println();
        out.println("Then walk the workflow (the same commands are in the README):");
        out.println();
        out.print(DemoScenario.walkthrough());
        out.flush();
        ServerStart.runUntilStopped(demo::close);
        return 0;
    }

    record Running(String host, VetoServer server, Map<String, String> tokens) implements AutoCloseable {
        @Override
        public void close() {
            server.close();
            server.plane().close();
        }
    }

    /** Starts a freshly seeded demo server; {@code port} 0 picks a free port. */
    static Running start(String host, int port, Path dir) {
        Path db = dir.resolve("demo.db");
        Path key = dir.resolve("demo.key");
        Path logFile = dir.resolve("demo.log");
        try {
            // The demo always starts from the same story: its own files, replaced on each run.
            Files.createDirectories(dir);
            Files.deleteIfExists(db);
            Files.deleteIfExists(key);
        } catch (IOException e) {
            throw new UserError("cannot replace the demo database " + db + ": " + e.getMessage());
        }
        Installation.Options o = new Installation.Options();
        o.db = db.toString();
        o.keyFile = key;
        ControlPlane plane = Installation.open(o, true, "demo.veto.local/log", Clock.systemUTC(), "Example Cloud", new PrintWriter(java.io.Writer.nullWriter()));
        Map<String, String> tokens = DemoScenario.seed(plane);
        java.io.PrintStream logStream;
        try {
            logStream = new java.io.PrintStream(Files.newOutputStream(logFile), true, java.nio.charset.StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UserError("cannot write the demo's request log " + logFile + ": " + e.getMessage());
        }
        // the terminal is for the walk-through; the server's lines and the libraries' go to the file
        Logging.to(logStream);
        AccessLog log = new AccessLog(logStream);
        VetoServer server = ServerStart.start(plane, host, port, log);
        return new Running(host, server, tokens);
    }

    static String exports(Running demo) {
        StringBuilder b = new StringBuilder("export VETO=http://" + demo.host() + ":" + demo.server().port() + "\n");
        demo.tokens().forEach((k, v) -> b.append("export ").append(k).append('=').append(v).append('\n'));
        return b.toString();
    }
}
