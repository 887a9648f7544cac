package dev.veto.cli;

import dev.veto.pep.FailMode;
import dev.veto.pep.Health;
import dev.veto.pep.PepException;
import dev.veto.pep.VetoPep;
import dev.veto.pep.envoy.EnvoyMapping;
import dev.veto.pep.envoy.ExtAuthzServer;
import dev.veto.pep.envoy.ExtAuthzService;
import dev.veto.server.AccessLog;
import dev.veto.server.DecisionServer;
import dev.veto.server.decision.DecisionEndpoint;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code veto pep serve}: the Java SDK's replica as a sidecar, for services not written in Java.
 * It joins from a server's state snapshot, follows the verifying feed (failing over between the
 * upstream servers), and answers the server's decision contract on its own port; with
 * {@code --grpc-port} it also answers Envoy's ext_authz.
 */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = "Serve decisions from a verified local replica: POST /v1/authorize, POST /v1/authorize/batch, GET /health "
                + "(and Envoy's ext_authz with --grpc-port). Structured logs go to stdout.")
final class PepServeCommand implements Callable<Integer> {
    @Option(names = "--upstream", required = true, split = ",", paramLabel = "URL",
            description = "The Veto servers to follow, comma-separated, in order of preference (nodes on one database).")
    List<String> upstreams;

    @Option(names = "--token", paramLabel = "TOKEN", description = "A token of role pep (or set VETO_PEP_TOKEN).")
    String token;

    @Option(names = "--id", required = true, paramLabel = "NAME", description = "This point's id in acknowledgements and propagation reports.")
    String id;

    @Option(names = "--log-key", paramLabel = "VKEY",
            description = "The log's verifier key (veto log key; GET /v1/log/key), obtained out of band; or a file holding it. Or set VETO_LOG_KEY.")
    String logKey;

    @Option(names = "--witness", paramLabel = "VKEY", description = "A witness's cosigner verifier key; repeat. Checkpoints then need --quorum of them.")
    List<String> witnesses;

    @Option(names = "--quorum", defaultValue = "0", paramLabel = "K", description = "How many witnesses must cosign (default: all given).")
    int quorum;

    @Option(names = "--host", defaultValue = "127.0.0.1", description = "Address to listen on (default: ${DEFAULT-VALUE}).")
    String host;

    @Option(names = "--port", defaultValue = "8181", description = "HTTP port; 0 picks a free one (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--grpc-port", paramLabel = "PORT", description = "Also serve Envoy's ext_authz (gRPC) on this port; 0 picks a free one.")
    Integer grpcPort;

    @Option(names = "--fail-mode", defaultValue = "closed", paramLabel = "MODE",
            description = "When no server was heard for --stale-after: closed (deny), open (allow) or last-known (default: ${DEFAULT-VALUE}).")
    String failMode;

    @Option(names = "--stale-after", defaultValue = "5s", paramLabel = "DURATION", description = "e.g. 5s, 1500ms, 1m (default: ${DEFAULT-VALUE}).")
    String staleAfter;

    @Option(names = "--principal-type", defaultValue = EnvoyMapping.DEFAULT_PRINCIPAL_TYPE,
            description = "ext_authz: the principal's type when a route names none (default: ${DEFAULT-VALUE}).")
    String principalType;

    @Option(names = "--principal-header", defaultValue = EnvoyMapping.DEFAULT_PRINCIPAL_HEADER,
            description = "ext_authz: the header with the principal's id when a route names none (default: ${DEFAULT-VALUE}).")
    String principalHeader;

    @Override
    public Integer call() throws InterruptedException {
        FailMode mode = FailMode.parse(failMode);
        if (mode == null) {
            throw new UserError("--fail-mode: closed, open or last-known, got \"" + failMode + "\"");
        }
        String t = token != null ? token : System.getenv("VETO_PEP_TOKEN");
        if (t == null || t.isBlank()) {
            throw new UserError("--token: a token of role pep is required (or set VETO_PEP_TOKEN); make one with: veto token create --role pep --name " + id);
        }
        EnvoyMapping mapping;
        VetoPep.Builder b;
        try {
            mapping = new EnvoyMapping(principalType, principalHeader);
            b = VetoPep.builder().servers(upstreams).token(t).id(id).logKey(logKey()).failMode(mode).staleAfter(duration(staleAfter));
            for (String w : witnesses == null ? List.<String>of() : witnesses) {
                b.witness(w);
            }
            b.quorum(quorum);
        } catch (IllegalArgumentException e) {
            throw new UserError(option(e.getMessage()));
        }
        AccessLog log = new AccessLog(System.out);
        VetoPep pep;
        try {
            pep = b.start();
        } catch (IllegalArgumentException e) {
            throw new UserError(option(e.getMessage()));
        } catch (PepException.NotReady e) {
            throw new UserError(e.getMessage() + "; check --upstream, --token and --log-key");
        }
        DecisionServer http;
        try {
            http = DecisionServer.start(host, port, new DecisionEndpoint(new PepSource(pep), allowed -> {}),
                    () -> health(pep.health()), log);
        } catch (RuntimeException e) {
            pep.close();
            throw new UserError("cannot listen on " + host + ":" + port + ": " + e.getMessage());
        }
        ExtAuthzServer grpc = null;
        if (grpcPort != null) {
            try {
                grpc = ExtAuthzServer.start(new InetSocketAddress(host, grpcPort), new ExtAuthzService(pep, mapping));
            } catch (RuntimeException e) {
                http.close();
                pep.close();
                throw new UserError("cannot serve ext_authz on " + host + ":" + grpcPort + ": " + e.getMessage());
            }
        }
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("url", "http://" + host + ":" + http.port());
        if (grpc != null) {
            fields.put("extAuthz", host + ":" + grpc.port());
        }
        fields.put("id", id);
        fields.put("revision", pep.revision());
        fields.put("failMode", mode.wire());
        ExtAuthzServer g = grpc;
        ServerStart.runUntilStopped(() -> log.info("enforcement point listening", fields), () -> {
            if (g != null) {
                g.close();
            }
            http.close();
            pep.close();
            log.info("stopped", Map.of());
        });
        return 0;
    }

    /** A builder's message ({@code servers: …}) as this command's option names it ({@code --upstream: …}). */
    private static String option(String message) {
        for (String[] m : new String[][] {{"servers:", "--upstream:"}, {"logKey:", "--log-key:"}, {"witness:", "--witness:"},
                {"quorum:", "--quorum:"}, {"staleAfter:", "--stale-after:"}, {"stale-after:", "--stale-after:"}, {"id:", "--id:"},
                {"token:", "--token:"}}) {
            if (message.startsWith(m[0])) {
                return m[1] + message.substring(m[0].length());
            }
        }
        return message;
    }

    /** The health answer: 200 while the point decides on a fresh verified state, 503 otherwise (stale or not ready). */
    static DecisionServer.Health health(Health h) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("status", !h.ready() ? "joining" : h.stale() ? "stale" : "ok");
        m.put("id", h.id());
        m.put("upstream", h.upstream());
        m.put("revision", h.revision());
        m.put("serverRevision", h.serverRevision());
        m.put("lag", h.lag());
        m.put("verifiedCheckpoint", h.verifiedCheckpoint());
        m.put("lastHeard", h.lastHeard());
        m.put("stale", h.stale());
        m.put("failMode", h.failMode().wire());
        m.put("refusals", h.refusals());
        m.put("lastRefusal", h.lastRefusal());
        m.put("bootstraps", h.bootstraps());
        return new DecisionServer.Health(m, h.ready() && !h.stale());
    }

    private String logKey() {
        String k = logKey != null ? logKey : System.getenv("VETO_LOG_KEY");
        if (k == null || k.isBlank()) {
            throw new UserError("--log-key: the log's verifier key is required (veto log key, or GET /v1/log/key), or set VETO_LOG_KEY");
        }
        Path file = Path.of(k.strip());
        if (!k.contains("+") && Files.isRegularFile(file)) {
            try {
                return Files.readString(file).strip();
            } catch (IOException e) {
                throw new UserError("--log-key: cannot read " + file + ": " + e.getMessage());
            }
        }
        return k.strip();
    }

    /** {@code 5s}, {@code 1500ms}, {@code 2m}, or an ISO-8601 duration. */
    static Duration duration(String s) {
        String t = s.strip().toLowerCase(java.util.Locale.ROOT);
        try {
            if (t.endsWith("ms")) {
                return Duration.ofMillis(Long.parseLong(t.substring(0, t.length() - 2)));
            }
            if (t.endsWith("s")) {
                return Duration.ofSeconds(Long.parseLong(t.substring(0, t.length() - 1)));
            }
            if (t.endsWith("m")) {
                return Duration.ofMinutes(Long.parseLong(t.substring(0, t.length() - 1)));
            }
            return Duration.parse(s.strip());
        } catch (NumberFormatException | DateTimeParseException e) {
            throw new IllegalArgumentException("stale-after: a duration like 5s, 1500ms or 1m, got \"" + s + "\"");
        }
    }
}
