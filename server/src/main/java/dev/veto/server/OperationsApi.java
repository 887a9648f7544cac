package dev.veto.server;

import static dev.veto.server.Responses.json;
import static dev.veto.server.Responses.ordered;

import dev.veto.control.ControlPlane;
import io.javalin.config.RoutesConfig;

/** {@code GET /health} and {@code GET /metrics}: for the operator's network, without a token. */
final class OperationsApi {
    private final ControlPlane plane;
    private final ServerMetrics metrics;

    OperationsApi(ControlPlane plane, ServerMetrics metrics) {
        this.plane = plane;
        this.metrics = metrics;
    }

    void register(RoutesConfig r) {
        r.get("/health", ctx -> json(ctx, ordered("status", "ok", "revision", plane.revision())));
        r.get("/metrics", ctx -> ctx.contentType("text/plain; version=0.0.4; charset=utf-8").result(metrics.scrape()));
    }
}
