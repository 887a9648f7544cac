package dev.veto.server;

import static dev.veto.server.Responses.json;
import static dev.veto.server.Responses.ordered;

import dev.veto.control.ControlPlane;
import io.javalin.config.RoutesConfig;

/** {@code GET /health} and {@code GET /metrics}: for the operator's network, without a token. */
final class OperationsApi {
    private final ControlPlane plane;
    private final ServerMetrics metrics;

    private final Cosigning cosigning;

    OperationsApi(ControlPlane plane, ServerMetrics metrics, Cosigning cosigning) {
        this.plane = plane;
        this.metrics = metrics;
        this.cosigning = cosigning;
    }

    void register(RoutesConfig r) {
        r.get("/health", ctx -> json(ctx, cosigning == null ? ordered("status", "ok", "revision", plane.revision())
                : ordered("status", "ok", "revision", plane.revision(), "witnesses", cosigning.status())));
        r.get("/metrics", ctx -> ctx.contentType("text/plain; version=0.0.4; charset=utf-8").result(metrics.scrape()));
    }
}
