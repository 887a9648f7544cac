package dev.veto.server;

import static dev.veto.server.Responses.json;
import static dev.veto.server.Responses.ordered;

import dev.veto.control.EventCodec;
import dev.veto.control.Rejection;
import dev.veto.ledger.Log;
import dev.veto.ledger.LogRecord;
import dev.veto.ledger.tile.TilePath;
import io.javalin.config.RoutesConfig;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The log, public so that anyone may verify it: the signed checkpoint, C2SP tlog-tiles, the
 * verifier key, entries with their decoded events, inclusion and consistency proofs.
 */
final class LogApi {
    private final Log log;

    LogApi(Log log) {
        this.log = log;
    }

    void register(RoutesConfig r) {
        r.get("/log/checkpoint", ctx -> ctx.contentType("text/plain; charset=utf-8").result(log.checkpoint().note()));
        r.get("/log/tile/<path>", ctx -> {
            String path = "tile/" + ctx.pathParam("path");
            Optional<byte[]> t = log.tile(path);
            if (t.isEmpty()) {
                throw Rejection.notFound("no tile " + ctx.path() + " in a log of size " + log.size());
            }
            // A full tile never changes; a partial one grows with the log.
            boolean partial = TilePath.parse(path).map(ref -> ref.width() < TilePath.WIDTH).orElse(false);
            ctx.contentType("application/octet-stream").header("Cache-Control", partial ? "no-cache" : "public, max-age=31536000, immutable")
                    .result(t.get());
        });
        r.get("/v1/log/key", ctx -> ctx.contentType("text/plain; charset=utf-8").result(log.verifierKey().toString() + "\n"));
        r.get("/v1/log/entries/{index}", ctx -> json(ctx, entry(Params.longPath(ctx, "index"))));
        r.get("/v1/log/proof/inclusion", ctx -> {
            long index = Params.longQuery(ctx, "index");
            long size = Params.longQuery(ctx, "size");
            List<byte[]> proof = logCall(() -> log.inclusionProof(index, size));
            json(ctx, ordered("index", index, "size", size, "hashes", base64(proof)));
        });
        r.get("/v1/log/proof/consistency", ctx -> {
            long from = Params.longQuery(ctx, "from");
            long to = Params.longQuery(ctx, "to");
            List<byte[]> proof = logCall(() -> log.consistencyProof(from, to));
            json(ctx, ordered("from", from, "to", to, "hashes", base64(proof)));
        });
    }

    /** Entry {@code index}: its exact bytes (base64) and, when it is a Veto record, its decoded event. */
    private Map<String, Object> entry(long index) {
        long size = log.size();
        if (index < 0 || index >= size) {
            throw Rejection.notFound("there is no log entry " + index + "; the log has " + size + " entries (0 to " + (size - 1) + ")");
        }
        byte[] bytes = log.entry(index);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("index", index);
        m.put("entry", Base64.getEncoder().encodeToString(bytes));
        if (LogRecord.decode(bytes) instanceof LogRecord.Record rec) {
            m.put("type", rec.record().type());
            m.put("version", rec.record().version());
            m.put("time", rec.record().time());
            try {
                m.put("event", EventCodec.toTree(EventCodec.decode(rec.record())));
            } catch (EventCodec.UnreadableEventException e) {
                m.put("undecodable", e.getMessage());
            }
        }
        return m;
    }

    private static <T> T logCall(Supplier<T> call) {
        try {
            return call.get();
        } catch (IllegalArgumentException e) {
            throw Rejection.invalid(null, e.getMessage());
        }
    }

    private static List<String> base64(List<byte[]> hashes) {
        return hashes.stream().map(h -> Base64.getEncoder().encodeToString(h)).toList();
    }
}
