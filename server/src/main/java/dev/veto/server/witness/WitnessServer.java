package dev.veto.server.witness;

import dev.veto.ledger.witness.AddCheckpointOutcome;
import dev.veto.ledger.witness.Witness;
import dev.veto.server.AccessLog;
import io.javalin.Javalin;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A witness's HTTP interface (c2sp.org/tlog-witness), its submission and monitoring prefix both
 * the server's root:
 * <ul>
 *   <li>{@code POST /add-checkpoint}: the request body of the spec; 200 with the cosignature
 *       lines, 409 with the witness's size as {@code text/x.tlog.size}, or 400, 403, 404, 422
 *       with a one-line message;
 *   <li>{@code GET /<origin hash>/checkpoint}: the latest checkpoint cosigned for a log, with the
 *       log's signatures and the cosignature (404 before the first);
 *   <li>{@code GET /key}: the witness's cosignature/v1 verifier key.
 * </ul>
 * The witness logic, and which outcome gets which status, live in {@link Witness}; this class
 * only carries them over HTTP.
 */
public final class WitnessServer implements AutoCloseable {
    /** The largest request body read; a note with 100 post-quantum signatures fits. */
    static final long MAX_REQUEST_BYTES = 1024 * 1024;
    static final String TEXT = "text/plain; charset=utf-8";
    private static final Logger LOG = LoggerFactory.getLogger(WitnessServer.class);

    private final Witness witness;
    private final Javalin app;

    private WitnessServer(Witness witness, AccessLog log) {
        this.witness = witness;
        this.app = Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.startup.showOldJavalinVersionWarning = false;
            config.http.maxRequestSize = MAX_REQUEST_BYTES;
            config.requestLogger.http((ctx, ms) -> log.info("request", request(ctx, ms)));
            RoutesConfig r = config.routes;
            r.post("/add-checkpoint", this::addCheckpoint);
            r.get("/key", ctx -> ctx.contentType(TEXT).result(witness.verifierKey() + "\n"));
            r.get("/{originHash}/checkpoint", this::checkpoint);
            r.exception(Exception.class, (e, ctx) -> {
                String incident = UUID.randomUUID().toString().substring(0, 8);
                LOG.error("witness request {} {} failed (incident {})", ctx.method(), ctx.path(), incident, e);
                ctx.status(500).contentType(TEXT).result("internal error; the server log has the details under incident " + incident + "\n");
            });
        });
    }

    /** Serves {@code witness} on {@code host}:{@code port} (0 picks a free port), logging requests to {@code log}. */
    public static WitnessServer start(Witness witness, String host, int port, AccessLog log) {
        WitnessServer s = new WitnessServer(witness, log);
        s.app.start(host, port);
        return s;
    }

    /** The port it listens on. */
    public int port() {
        return app.port();
    }

    /** The witness it serves. */
    public Witness witness() {
        return witness;
    }

    private void addCheckpoint(Context ctx) {
        AddCheckpointOutcome out = witness.addCheckpoint(ctx.bodyAsBytes());
        ctx.status(out.status());
        switch (out) {
            case AddCheckpointOutcome.Cosigned c -> ctx.contentType(TEXT).result(c.body());
            case AddCheckpointOutcome.Conflict c -> ctx.contentType(AddCheckpointOutcome.Conflict.CONTENT_TYPE).result(c.body());
            case AddCheckpointOutcome.Refused r -> ctx.contentType(TEXT).result(r.message() + "\n");
        }
    }

    private void checkpoint(Context ctx) {
        String hash = ctx.pathParam("originHash");
        witness.cosignedCheckpoint(hash).ifPresentOrElse(note -> ctx.contentType(TEXT).result(note),
                () -> ctx.status(404).contentType(TEXT).result("this witness has cosigned no checkpoint of a log whose origin has SHA-256 \""
                        + (hash.length() > 64 ? hash.substring(0, 64) + "…" : hash) + "\"\n"));
    }

    private static Map<String, Object> request(Context ctx, Float ms) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("method", ctx.method().name());
        m.put("path", ctx.path());
        m.put("status", ctx.statusCode());
        m.put("ms", Math.round(ms * 100) / 100.0);
        return m;
    }

    @Override
    public void close() {
        app.stop();
    }
}
