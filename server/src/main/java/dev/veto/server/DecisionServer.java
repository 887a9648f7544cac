package dev.veto.server;

import dev.veto.server.decision.DecisionEndpoint;
import dev.veto.server.http.Json;
import io.javalin.Javalin;
import java.util.function.Supplier;

/**
 * The decision endpoints alone, over a {@link DecisionEndpoint.Source} that is not the server's
 * control plane: what an enforcement point's sidecar serves to the services beside it, with the
 * server's contract ({@code POST /v1/authorize}, {@code POST /v1/authorize/batch}, the same
 * bodies, answers and JSON errors) and {@code GET /health} from {@code health}. It asks for no
 * token: it listens where only its own services reach it (loopback by default).
 */
public final class DecisionServer implements AutoCloseable {
    /** The health answer: its body, and whether the source can decide now (200) or not (503). */
    public record Health(Object body, boolean ok) {}

    private final Javalin app;

    private DecisionServer(DecisionEndpoint endpoint, Supplier<Health> health, AccessLog accessLog) {
        app = Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.startup.showOldJavalinVersionWarning = false;
            config.http.maxRequestSize = VetoServer.MAX_REQUEST_BYTES;
            config.concurrency.useVirtualThreads = Runtime.version().feature() >= 24;
            config.requestLogger.http(accessLog::request);
            var r = config.routes;
            VetoServer.errors(r, accessLog);
            r.post("/v1/authorize", ctx -> {
                byte[] answer = endpoint.decide(DecisionApi.body(ctx));
                ctx.contentType("application/json");
                ctx.outputStream().write(answer);
            });
            r.post("/v1/authorize/batch", ctx -> {
                DecisionEndpoint.Batch answer = endpoint.decideBatch(DecisionApi.body(ctx));
                ctx.contentType("application/json");
                answer.writeTo(ctx.outputStream());
            });
            r.get("/health", ctx -> {
                Health h = health.get();
                ctx.status(h.ok() ? 200 : 503).contentType("application/json").result(Json.write(h.body()));
            });
        });
    }

    /** Serves {@code endpoint} on {@code host}:{@code port} (0 picks a free port). */
    public static DecisionServer start(String host, int port, DecisionEndpoint endpoint, Supplier<Health> health, AccessLog accessLog) {
        DecisionServer s = new DecisionServer(endpoint, health, accessLog);
        s.app.start(host, port);
        return s;
    }

    public int port() {
        return app.port();
    }

    @Override
    public void close() {
        app.stop();
    }
}
