package dev.veto.server;

import static dev.veto.server.Responses.json;
import static dev.veto.server.Responses.ordered;

import static dev.veto.server.Responses.committed;

import dev.veto.control.Actor;
import dev.veto.control.Commands;
import dev.veto.control.ControlPlane;
import dev.veto.control.Inputs;
import dev.veto.control.Permission;
import dev.veto.control.Queries;
import dev.veto.control.Rejection;
import dev.veto.ledger.Log;
import dev.veto.server.http.Json;
import io.javalin.http.Context;
import dev.veto.ledger.tile.TilePath;
import io.javalin.config.RoutesConfig;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The log, public so that anyone may verify it: the signed checkpoint (and older ones), C2SP
 * tlog-tiles, the verifier key, entries, inclusion and consistency proofs. Entries are public
 * envelopes; their private parts are shown to callers who may see them (see
 * {@link Queries#logEntry}). Entries written before envelopes hold their whole event, so their
 * entry bundles are served only to auditors; hash tiles are public throughout.
 */
final class LogApi {
    private final Log log;
    private final Queries queries;
    private final Commands commands;

    private final Cosigning cosigning;

    LogApi(ControlPlane plane, Cosigning cosigning) {
        this.cosigning = cosigning;
        this.log = plane.events().log();
        this.queries = plane.queries();
        this.commands = plane.commands();
    }

    void register(RoutesConfig r) {
        // With witnesses, the newest checkpoint they have seen, with the cosignatures it got.
        r.get("/log/checkpoint", ctx -> ctx.contentType("text/plain; charset=utf-8").result(checkpointNote()));
        r.get("/log/tile/<path>", ctx -> {
            String path = "tile/" + ctx.pathParam("path");
            Optional<TilePath.Ref> ref = TilePath.parse(path);
            TilePath.EntryBundle bundle = ref.isPresent() && ref.get() instanceof TilePath.EntryBundle b ? b : null;
            if (bundle != null) {
                requireLegacyReader(ctx, bundle);
            }
            Optional<byte[]> t = log.tile(path);
            if (t.isEmpty()) {
                throw Rejection.notFound("no tile " + ctx.path() + " in a log of size " + log.size());
            }
            // A full tile never changes; a partial one grows with the log.
            boolean partial = ref.map(x -> x.width() < TilePath.WIDTH).orElse(false);
            boolean legacy = bundle != null && bundle.index() * TilePath.WIDTH < log.envelopesFrom();
            ctx.contentType("application/octet-stream").header("Cache-Control", legacy ? "private, no-store"
                    : partial ? "no-cache" : "public, max-age=31536000, immutable").result(t.get());
        });
        r.get("/v1/log/key", ctx -> ctx.contentType("text/plain; charset=utf-8").result(log.verifierKey().toString() + "\n"));
        r.get("/v1/log/checkpoints/{size}", ctx -> {
            long size = Params.longPath(ctx, "size");
            String note = log.cosignedNote(size).orElseThrow(() -> Rejection.notFound("no signed checkpoint of size " + size
                    + " is stored; checkpoints are signed for the sizes the log had after each commit (GET /log/checkpoint for the latest)"));
            ctx.contentType("text/plain; charset=utf-8").result(note);
        });
        r.get("/v1/log/entries/{index}", ctx -> json(ctx, queries.logEntry(Authentication.optionalActor(ctx), Params.longPath(ctx, "index"))));
        r.post("/v1/log/entries/{index}/erasure", ctx -> committed(ctx, commands.eraseText(requireActor(ctx), Params.longPath(ctx, "index"),
                Json.read(ctx.bodyAsBytes(), Inputs.Erase.class))));
        r.get("/v1/notices/{id}/receipt", ctx -> receipt(ctx, Authentication.actor(ctx), ctx.pathParam("id")));
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

    /**
     * A notice's receipt, at the newest checkpoint that covers it: with witnesses, one they have
     * cosigned (waiting up to {@link #RECEIPT_WAIT} for them), else the log's latest.
     */
    private void receipt(Context ctx, Actor actor, String id) throws InterruptedException {
        long needed = queries.notice(actor, id).index() + 1;
        Cosigning.Published p = cosigning == null ? null : cosigning.awaitPublished(needed, RECEIPT_WAIT);
        if (cosigning != null && p == null) {
            throw new Rejection(Rejection.Kind.UNAVAILABLE, "the log's witnesses have not cosigned a checkpoint covering notice " + id
                    + " within " + RECEIPT_WAIT.toSeconds() + " s; retry shortly (GET /health shows each witness)");
        }
        long size = p != null ? p.size() : log.checkpoint().size();
        String note = p != null ? p.note() : log.checkpoint().note();
        ctx.header("Content-Disposition", "attachment; filename=\"receipt-" + id + ".json\"");
        json(ctx, queries.receipt(actor, id, size, note));
    }

    private static final java.time.Duration RECEIPT_WAIT = java.time.Duration.ofSeconds(3);

    private String checkpointNote() {
        Cosigning.Published p = cosigning == null ? null : cosigning.published();
        return p != null ? p.note() : log.checkpoint().note();
    }

    /** An entry bundle that holds entries written before envelopes is served only to who may read private parts. */
    private void requireLegacyReader(Context ctx, TilePath.EntryBundle ref) {
        if (ref.index() * TilePath.WIDTH >= log.envelopesFrom()) {
            return;
        }
        Actor a = Authentication.optionalActor(ctx);
        if (a == null) {
            throw new Rejection(Rejection.Kind.UNAUTHENTICATED, "entries before index " + log.envelopesFrom()
                    + " were written before envelopes and hold their whole event; their bundles are served to auditors (send a token)");
        }
        queries.require(a, Permission.LOG_PRIVATE_READ);
    }

    private static Actor requireActor(Context ctx) {
        Actor a = Authentication.optionalActor(ctx);
        if (a == null) {
            throw new Rejection(Rejection.Kind.UNAUTHENTICATED, "missing bearer token");
        }
        return a;
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
