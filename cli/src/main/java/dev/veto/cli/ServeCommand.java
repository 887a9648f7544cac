package dev.veto.cli;

import dev.veto.control.ControlPlane;
import dev.veto.server.AccessLog;
import dev.veto.server.VetoServer;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code veto serve}: the HTTP API on a log, created with its key when missing. */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = "Serve the HTTP API. Creates the log and its signer key when missing; structured logs go to stdout.")
final class ServeCommand implements Callable<Integer> {
    @Mixin
    Installation.Options install;

    @Option(names = "--host", defaultValue = "127.0.0.1", description = "Address to listen on (default: ${DEFAULT-VALUE}).")
    String host;

    @Option(names = "--port", defaultValue = "8080", description = "Port to listen on; 0 picks a free one (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--origin", defaultValue = Installation.DEFAULT_ORIGIN, description = "The log's origin line, when it is created (default: ${DEFAULT-VALUE}).")
    String origin;

    @Option(names = "--provider", defaultValue = "the platform operator", description = "The platform's name, as notices are signed (default: ${DEFAULT-VALUE}).")
    String provider;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        ControlPlane plane = Installation.open(install, true, origin, Clock.systemUTC(), provider, spec.commandLine().getErr());
        AccessLog log = new AccessLog(System.out);
        VetoServer server = ServerStart.start(plane, host, port, log);
        Map<String, Object> fields = new java.util.LinkedHashMap<>();
        fields.put("url", "http://" + host + ":" + server.port());
        fields.put("db", install.db);
        fields.put("revision", plane.revision());
        log.info("listening", fields);
        ServerStart.runUntilStopped(() -> {
            server.close();
            plane.close();
            log.info("stopped", Map.of());
        });
        return 0;
    }
}
