package dev.veto.server;

import dev.veto.control.Actor;
import dev.veto.control.ControlPlane;
import dev.veto.control.Rejection;
import io.javalin.http.Context;

/**
 * Who is calling, settled before any endpoint reads its input: every {@code /v1} endpoint but the
 * log's takes a bearer token (the log, health and metrics are public). Runs for matched
 * endpoints only, so an unknown route is a 404 whoever asks.
 */
final class Authentication {
    private static final String ACTOR = "veto.actor";
    /** The access log's name for the caller. */
    static final String ACTOR_NAME = "actor";

    private final ControlPlane plane;

    Authentication(ControlPlane plane) {
        this.plane = plane;
    }

    /** A before-handler: authenticates the caller of a protected endpoint, or refuses with 401. */
    void handle(Context ctx) {
        if (!needsToken(ctx.path())) {
            return;
        }
        String h = ctx.header("Authorization");
        String token = null;
        if (h != null) {
            if (!h.regionMatches(true, 0, "Bearer ", 0, 7)) {
                throw new Rejection(Rejection.Kind.UNAUTHENTICATED, "the Authorization header must be `Bearer <token>`");
            }
            token = h.substring(7).trim();
        }
        Actor a = plane.authenticate(token);
        ctx.attribute(ACTOR, a);
        ctx.attribute(ACTOR_NAME, a.name());
    }

    static boolean needsToken(String path) {
        return path.startsWith("/v1/") && !path.startsWith("/v1/log/");
    }

    /** The caller, as this request's before-handler authenticated it. */
    static Actor actor(Context ctx) {
        Actor a = ctx.attribute(ACTOR);
        if (a == null) {
            throw new IllegalStateException("no caller was authenticated for " + ctx.path());
        }
        return a;
    }
}
