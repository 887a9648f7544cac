package dev.veto.server;

import static dev.veto.server.Authentication.actor;
import static dev.veto.server.Responses.json;

import dev.veto.cedar.json.CedarJson;
import dev.veto.control.Actor;
import dev.veto.control.ControlPlane;
import dev.veto.control.EventLog;
import dev.veto.control.Permission;
import dev.veto.control.Propagation;
import dev.veto.control.Rejection;
import dev.veto.ledger.merkle.Frontier;
import dev.veto.server.http.HttpErrors;
import dev.veto.server.http.Json;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.Base64;
import java.util.zip.GZIPOutputStream;
import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.JsonNode;

/**
 * Propagation: the change feed enforcement points follow ({@code GET /v1/feed}), the state
 * snapshot a replica joins from ({@code GET /v1/snapshot}), their acknowledgements, and how far
 * each enforcement has reached.
 */
final class FeedApi {
    private static final String FEED_FROM = "veto.feedFrom";
    private static final String FEED_VERIFY = "veto.feedVerify";
    /** The media type of a state snapshot: gzip-compressed JSON. */
    static final String SNAPSHOT_TYPE = "application/vnd.veto.snapshot+json+gzip";

    private final ControlPlane plane;
    private final ChangeFeed feed;

    FeedApi(ControlPlane plane) {
        this.plane = plane;
        this.feed = new ChangeFeed(plane);
    }

    void register(RoutesConfig r) {
        // Checked before the stream starts, so refusals get their real status (an SSE response is 200 once begun).
        r.beforeMatched("/v1/feed", this::checkFeed);
        r.sse("/v1/feed", client -> feed.serve(client, client.ctx().<Long>attribute(FEED_FROM),
                Boolean.TRUE.equals(client.ctx().<Boolean>attribute(FEED_VERIFY))));
        r.get("/v1/snapshot", this::snapshot);
        r.post("/v1/peps/{id}/ack", this::ack);
        r.get("/v1/enforcements/{id}/propagation", ctx -> json(ctx, plane.propagation(actor(ctx), ctx.pathParam("id"))));
    }

    private void checkFeed(Context ctx) {
        String accept = ctx.header("Accept");
        if (accept == null || !accept.contains("text/event-stream")) {
            throw new HttpErrors.ApiError(406, "not_acceptable", null,
                    "the feed is a stream of server-sent events; send the header `Accept: text/event-stream`");
        }
        plane.queries().require(actor(ctx), Permission.FEED_READ);
        String after = ctx.queryParam("after") != null ? ctx.queryParam("after") : ctx.header("Last-Event-ID");
        long from = 0;
        if (after != null) {
            try {
                from = Long.parseLong(after.strip());
            } catch (NumberFormatException e) {
                throw Rejection.invalid("after", "`after` must be a revision (a non-negative integer), got \"" + after + "\"");
            }
        }
        if (from < 0 || from > plane.revision()) {
            throw Rejection.invalid("after", "`after` " + from + " is outside 0 to the current revision " + plane.revision());
        }
        String verify = ctx.queryParam("verify");
        if (verify != null && !verify.equals("true") && !verify.equals("false")) {
            throw Rejection.invalid("verify", "`verify` is true (every entry, with what a replica needs to check it against the log) or false");
        }
        ctx.attribute(FEED_FROM, from);
        ctx.attribute(FEED_VERIFY, "true".equals(verify));
    }

    /**
     * {@code GET /v1/snapshot}: the state a replica decides with, at one revision, so a replica
     * joins without replaying the log: the revision, the log's Merkle frontier at it (the replica
     * extends it with the feed's entries and checks the root against each signed checkpoint),
     * what the events did ({@link dev.veto.control.EngineEffects.Saved}: the policies' text, each
     * service's operations, each enforcement's policies, the entity types), and every entity in
     * Cedar's JSON, streamed as gzip-compressed JSON.
     */
    private void snapshot(Context ctx) throws IOException {
        plane.queries().require(actor(ctx), Permission.FEED_READ);
        Snapshot snap = snapshotBytes();
        ctx.contentType(SNAPSHOT_TYPE);
        ctx.header("X-Veto-Revision", Long.toString(snap.revision()));
        ctx.res().setContentLengthLong(snap.gzip().length);
        ctx.res().getOutputStream().write(snap.gzip());
    }

    /** A state snapshot's compressed bytes at its revision: points joining together (or again) get the same ones. */
    private record Snapshot(long revision, byte[] gzip) {}

    private volatile Snapshot lastSnapshot = new Snapshot(-1, new byte[0]);

    private Snapshot snapshotBytes() throws IOException {
        Snapshot s = lastSnapshot;
        if (s.revision() == plane.revision()) {
            return s;
        }
        synchronized (this) {
            EventLog.ReplicaState state = plane.events().replicaState();
            long revision = state.snapshot().revision();
            s = lastSnapshot;
            if (s.revision() == revision) {
                return s;
            }
            java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream(1 << 20);
            write(state, new GZIPOutputStream(bytes, 1 << 16));
            s = new Snapshot(revision, bytes.toByteArray());
            lastSnapshot = s;
            return s;
        }
    }

    private void write(EventLog.ReplicaState state, OutputStream out) throws IOException {
        long revision = state.snapshot().revision();
        Frontier frontier = plane.events().log().frontier(revision);
        try (JsonGenerator g = Json.MAPPER.createGenerator(out)) {
            g.writeStartObject();
            g.writeStringProperty("format", "veto-snapshot/1");
            g.writeStringProperty("origin", plane.events().log().origin());
            g.writeNumberProperty("revision", revision);
            g.writeArrayPropertyStart("frontier");
            for (byte[] h : frontier.hashes()) {
                g.writeString(Base64.getEncoder().encodeToString(h));
            }
            g.writeEndArray();
            g.writeName("effects");
            g.writePOJO(state.effects());
            g.writeArrayPropertyStart("entities");
            try {
                state.snapshot().forEachEntity(e -> g.writeTree(CedarJson.toJson(e)));
            } catch (UncheckedIOException e) {
                throw e.getCause();
            }
            g.writeEndArray();
            g.writeEndObject();
        }
    }

    private void ack(Context ctx) throws IOException {
        Actor a = actor(ctx);
        plane.queries().require(a, Permission.PEP_ACK);
        String pep = ctx.pathParam("id");
        Propagation.requireValidId(pep);
        byte[] body = DecisionApi.body(ctx);
        long plain = plainRevision(body);
        Propagation.Ack ack;
        if (plain >= 0) {
            ack = plane.acknowledge(a, pep, plain);
        } else {
            JsonNode tree = Json.tree(body);
            JsonNode rev = tree.get("revision");
            if (rev == null || !rev.isIntegralNumber() || !rev.canConvertToLong()) {
                throw Rejection.invalid("revision", "`revision` must be the revision the enforcement point has applied (a non-negative integer)");
            }
            JsonNode error = tree.get("error");
            if (error == null || error.isNull()) {
                ack = plane.acknowledge(a, pep, rev.asLong());
            } else if (!error.isString()) {
                throw Rejection.invalid("error", "`error` (a NACK) must be a string saying why the next revision could not be applied");
            } else {
                ack = plane.refuse(a, pep, rev.asLong(), error.asString());
            }
        }
        // written straight to the response: every point acknowledges every revision
        ctx.contentType("application/json");
        // the ack as Jackson writes it (the id is letters, digits and . _ - only: nothing to escape)
        ctx.outputStream().write(("{\"pep\":\"" + ack.pep() + "\",\"revision\":" + ack.revision() + ",\"at\":\"" + ack.at() + "\"}")
                .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    }

    /** The revision of a body that is exactly {@code {"revision":N}} (what points send), or -1 for any other. */
    private static long plainRevision(byte[] body) {
        String prefix = "{\"revision\":";
        if (body.length <= prefix.length() + 1 || body.length > prefix.length() + 20 || body[body.length - 1] != '}') {
            return -1;
        }
        for (int i = 0; i < prefix.length(); i++) {
            if (body[i] != prefix.charAt(i)) {
                return -1;
            }
        }
        long n = 0;
        for (int i = prefix.length(); i < body.length - 1; i++) {
            byte c = body[i];
            if (c < '0' || c > '9' || n > (Long.MAX_VALUE - 9) / 10) {
                return -1;
            }
            n = n * 10 + (c - '0');
        }
        return n;
    }
}
