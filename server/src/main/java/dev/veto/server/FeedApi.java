package dev.veto.server;

import static dev.veto.server.Authentication.actor;
import static dev.veto.server.Responses.json;

import dev.veto.control.Actor;
import dev.veto.control.ControlPlane;
import dev.veto.control.Permission;
import dev.veto.control.Propagation;
import dev.veto.control.Rejection;
import dev.veto.server.http.HttpErrors;
import dev.veto.server.http.Json;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import tools.jackson.databind.JsonNode;

/**
 * Propagation: the change feed enforcement points follow ({@code GET /v1/feed}), their
 * acknowledgements, and how far each enforcement has reached.
 */
final class FeedApi {
    private static final String FEED_FROM = "veto.feedFrom";

    private final ControlPlane plane;

    FeedApi(ControlPlane plane) {
        this.plane = plane;
    }

    void register(RoutesConfig r) {
        // Checked before the stream starts, so refusals get their real status (an SSE response is 200 once begun).
        r.beforeMatched("/v1/feed", this::checkFeed);
        r.sse("/v1/feed", client -> ChangeFeed.serve(client, plane, client.ctx().<Long>attribute(FEED_FROM)));
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
        ctx.attribute(FEED_FROM, from);
    }

    private void ack(Context ctx) {
        Actor a = actor(ctx);
        plane.queries().require(a, Permission.PEP_ACK);
        String pep = ctx.pathParam("id");
        Propagation.requireValidId(pep);
        JsonNode rev = Json.tree(ctx.bodyAsBytes()).get("revision");
        if (rev == null || !rev.isIntegralNumber() || !rev.canConvertToLong()) {
            throw Rejection.invalid("revision", "`revision` must be the revision the enforcement point has applied (a non-negative integer)");
        }
        json(ctx, plane.acknowledge(a, pep, rev.asLong()));
    }
}
