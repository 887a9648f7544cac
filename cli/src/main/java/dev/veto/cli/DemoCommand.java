package dev.veto.cli;

import dev.veto.control.ControlPlane;
import dev.veto.ledger.note.CosignerKey;
import dev.veto.ledger.witness.KnownLogs;
import dev.veto.ledger.witness.Witness;
import dev.veto.ledger.witness.WitnessStore;
import dev.veto.server.AccessLog;
import dev.veto.server.Cosigning;
import dev.veto.server.VetoServer;
import dev.veto.server.witness.WitnessServer;
import java.net.URI;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
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
        ServerStart.runUntilStopped(() -> {
            out.println("Veto demo: http://" + host + ":" + demo.server().port() + "  (fresh data in " + DB + ", request log in " + LOG + "; Ctrl-C stops it)");
            out.println();
            out.println("Paste these into your shell: the server's address and one token per role.");
            out.print(exports(demo));
            out.println();
            out.println("Or use the console in a browser: one sign-in link per person (each works once, for 24 hours):");
            out.print(signInLinks(demo));
            out.println("The public transparency page needs none: http://" + host + ":" + demo.server().port() + "/transparency");
            out.println();
            out.println("Then walk the workflow (the same commands are in the README):");
            out.println();
            out.print(DemoScenario.walkthrough());
            out.flush();
        }, demo::close);
        return 0;
    }

    record Running(String host, VetoServer server, Map<String, String> tokens, WitnessServer witness, WitnessStore witnessStore)
            implements AutoCloseable {
        @Override
        public void close() {
            server.close();
            server.plane().close();
            witness.close();
            witnessStore.close();
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
            Files.deleteIfExists(dir.resolve("demo-witness.db"));
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
        // A witness of its own, so the demo's checkpoints come cosigned, as a deployment's would
        // by independent witnesses (veto witness serve elsewhere, veto serve --witness here).
        CosignerKey witnessKey;
        try {
            witnessKey = CosignerKey.generate("demo.veto.local/witness");
        } catch (dev.veto.ledger.note.NoteException e) {
            throw new IllegalStateException("a fixed, valid key name", e);
        }
        WitnessStore witnessStore = WitnessStore.open(dir.resolve("demo-witness.db").toString());
        WitnessServer witness = WitnessServer.start(new Witness(witnessKey, KnownLogs.of(List.of(plane.events().log().verifierKey())),
                witnessStore, Clock.systemUTC()), host, 0, log);
        Cosigning.Witness spec = new Cosigning.Witness(witnessKey.verifier(), URI.create("http://" + host + ":" + witness.port() + "/"));
        VetoServer server = ServerStart.start(plane, new VetoServer.Options(host, port, log, null, null, List.of(spec)));
        return new Running(host, server, tokens, witness, witnessStore);
    }

    /** One console sign-in link per person of the demo (not the enforcement point's token: a gateway signs in nowhere). */
    static String signInLinks(Running demo) {
        StringBuilder b = new StringBuilder();
        String base = "http://" + demo.host() + ":" + demo.server().port();
        demo.tokens().forEach((k, v) -> {
            if (!k.equals("PEP")) {
                dev.veto.control.Actor a = demo.server().plane().authenticate(v);
                String who = a.subject() + " (" + a.roles().stream().map(r -> r.name().toLowerCase(java.util.Locale.ROOT)).sorted()
                        .collect(java.util.stream.Collectors.joining(", ")) + (a.org() == null ? "" : ", " + a.org()) + ")";
                b.append(String.format("  %-28s %s%s%n", who, base, demo.server().signInLink(v)));
            }
        });
        return b.toString();
    }

    static String exports(Running demo) {
        StringBuilder b = new StringBuilder("export VETO=http://" + demo.host() + ":" + demo.server().port() + "\n");
        demo.tokens().forEach((k, v) -> b.append("export ").append(k).append('=').append(v).append('\n'));
        b.append("export LOG_KEY='").append(demo.server().plane().events().log().verifierKey()).append("'\n");
        b.append("export WITNESS_KEY='").append(demo.witness().witness().verifierKey()).append("'\n");
        return b.toString();
    }
}
