package dev.veto.server;

import dev.veto.control.Actor;
import dev.veto.control.ControlPlane;
import dev.veto.control.Permission;
import dev.veto.control.Rejection;
import dev.veto.server.decision.DecisionEndpoint;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** {@code POST /v1/authorize} and {@code POST /v1/authorize/batch}: the {@link DecisionEndpoint} over HTTP. */
final class DecisionApi {
    private final ControlPlane plane;
    private final DecisionEndpoint endpoint;
    private final Map<Actor, Boolean> mayDecide = new ConcurrentHashMap<>();

    DecisionApi(ControlPlane plane, DecisionEndpoint endpoint) {
        this.plane = plane;
        this.endpoint = endpoint;
    }

    void register(RoutesConfig r) {
        r.post("/v1/authorize", this::single);
        r.post("/v1/authorize/batch", this::batch);
    }

    private void single(Context ctx) throws InterruptedException, IOException {
        requireDecide(Authentication.actor(ctx));
        byte[] answer = endpoint.decide(body(ctx));
        // Written straight to the response stream: ctx.result(bytes) would copy it through a
        // fresh 32 KB buffer per response, which at decision rates costs more than the write.
        ctx.contentType("application/json");
        ctx.outputStream().write(answer);
    }

    private void batch(Context ctx) throws InterruptedException, IOException {
        requireDecide(Authentication.actor(ctx));
        DecisionEndpoint.Batch answer = endpoint.decideBatch(body(ctx));
        ctx.contentType("application/json");
        // written straight into the response (a batch's answer is hundreds of kilobytes), in 64 KB pieces
        answer.writeTo(ctx.outputStream());
    }

    private void requireDecide(Actor a) {
        // The answer depends only on who the caller is and the shipped policy: cache it.
        if (!mayDecide.computeIfAbsent(a, x -> plane.queries().may(x, Permission.DECIDE))) {
            throw new Rejection(Rejection.Kind.FORBIDDEN, a.standing() + " may not ask for decisions; use a pep or admin token");
        }
    }

    /**
     * A decision request's body, read in one call of its declared length. {@code ctx.bodyAsBytes()}
     * copies through an 8 KB buffer into a growing array; it still reads bodies of unknown length
     * (chunked) or over the size limit, which it refuses as before.
     */
    static byte[] body(Context ctx) throws IOException {
        long length = ctx.req().getContentLengthLong();
        if (length < 0 || length > VetoServer.MAX_REQUEST_BYTES) {
            return ctx.bodyAsBytes();
        }
        return ctx.req().getInputStream().readNBytes((int) length);
    }
}
