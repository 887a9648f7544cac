package dev.veto.server;

import dev.veto.control.Actor;
import dev.veto.control.ControlPlane;
import dev.veto.control.Rejection;
import dev.veto.server.http.HttpErrors;
import dev.veto.server.identity.Identities;
import io.javalin.http.Context;

/**
 * Who is calling, settled before any endpoint reads its input: every {@code /v1} endpoint but the
 * log's takes credentials (the log, health and metrics are public). A bearer token is a Veto
 * token ({@code veto_…}) or, where an OpenID Connect provider is configured, a JWT it signed; a
 * browser signed in through {@code /login} carries its session cookie. Runs for matched
 * endpoints only, so an unknown route is a 404 whoever asks. Failures are budgeted per source
 * ({@link FailedSignIns}).
 */
final class Authentication {
    private static final String ACTOR = "veto.actor";
    /** The access log's name for the caller. */
    static final String ACTOR_NAME = "actor";

    private final ControlPlane plane;
    private final Identities identities;
    private final FailedSignIns failures = new FailedSignIns();

    Authentication(ControlPlane plane, Identities identities) {
        this.plane = plane;
        this.identities = identities;
    }

    /** A before-handler: authenticates the caller of a protected endpoint, or refuses with 401 (429 when its source failed too often). */
    void handle(Context ctx) {
        if (!needsToken(ctx.path()) && !(showsMoreToCallers(ctx.path()) && carriesCredentials(ctx))) {
            return; // public, and the caller is anonymous (or it shows everyone the same)
        }
        String source = ctx.ip();
        long wait = failures.retryAfter(source, System.nanoTime());
        if (wait > 0) {
            ctx.header("Retry-After", Long.toString(wait));
            throw new HttpErrors.ApiError(429, "too_many_requests", null, "too many failed authentications from " + source
                    + "; retry after " + wait + " s");
        }
        Actor a;
        try {
            a = authenticate(ctx);
        } catch (Rejection e) {
            if (e.kind() == Rejection.Kind.UNAUTHENTICATED) {
                failures.failed(source, System.nanoTime());
            }
            throw e;
        }
        ctx.attribute(ACTOR, a);
        ctx.attribute(ACTOR_NAME, a.subject());
    }

    private Actor authenticate(Context ctx) {
        String h = ctx.header("Authorization");
        if (h == null) {
            Actor session = identities.session(ctx);
            if (session != null) {
                return session;
            }
            return plane.authenticate(null);
        }
        if (!h.regionMatches(true, 0, "Bearer ", 0, 7)) {
            throw new Rejection(Rejection.Kind.UNAUTHENTICATED, "the Authorization header must be `Bearer <token>`");
        }
        String token = h.substring(7).trim();
        if (Identities.looksLikeJwt(token)) {
            return identities.bearer(token);
        }
        return plane.authenticate(token);
    }

    /**
     * Whether {@code path} answers only callers with credentials. The log, the transparency
     * report, health and metrics answer anyone; the log shows more (private parts) to a caller who
     * authenticates, so credentials sent there are checked like anywhere else.
     */
    static boolean needsToken(String path) {
        return path.startsWith("/v1/") && !path.startsWith("/v1/log/") && !path.equals("/v1/transparency/report");
    }

    /** Public endpoints that show an authenticated caller more: the log's entries and entry bundles. */
    static boolean showsMoreToCallers(String path) {
        return path.startsWith("/v1/log/") || path.startsWith("/log/");
    }

    private boolean carriesCredentials(Context ctx) {
        return ctx.header("Authorization") != null || identities.hasSession(ctx);
    }

    /** The caller of a public endpoint: the one its credentials name, or null when it sent none. */
    static Actor optionalActor(Context ctx) {
        return ctx.attribute(ACTOR);
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
