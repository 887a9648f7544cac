package dev.veto.pep.envoy;

import dev.veto.engine.EngineRequest;
import dev.veto.pep.Authorizer;
import dev.veto.pep.PepException;
import io.envoyproxy.envoy.service.auth.v3.AuthorizationGrpc;
import io.envoyproxy.envoy.service.auth.v3.CheckRequest;
import io.envoyproxy.envoy.service.auth.v3.CheckResponse;
import io.grpc.stub.StreamObserver;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Envoy's external authorization service, {@code envoy.service.auth.v3.Authorization/Check}, in
 * front of an {@link Authorizer}: each check is mapped by an {@link EnvoyMapping}, decided, and
 * answered in band. Every outcome, a refusal or a failure included, is a {@code CheckResponse}
 * whose {@code denied_response} Envoy sends to the client as it is; the call itself fails only
 * when the transport does, and then Envoy's {@code failure_mode_allow} decides.
 */
public final class ExtAuthzService extends AuthorizationGrpc.AuthorizationImplBase {
    private static final Logger LOG = LoggerFactory.getLogger(ExtAuthzService.class);

    private final Authorizer authorizer;
    private final EnvoyMapping mapping;

    public ExtAuthzService(Authorizer authorizer, EnvoyMapping mapping) {
        this.authorizer = Objects.requireNonNull(authorizer, "authorizer");
        this.mapping = Objects.requireNonNull(mapping, "mapping");
    }

    @Override
    public void check(CheckRequest request, StreamObserver<CheckResponse> responses) {
        responses.onNext(check(request));
        responses.onCompleted();
    }

    /**
     * The answer to one check; never throws. An unexpected failure (a bug, or an authorizer that
     * broke) is logged with Envoy's request id and answered 503 {@code unavailable}, its details
     * kept out of the response.
     */
    public CheckResponse check(CheckRequest request) {
        try {
            EngineRequest r = mapping.map(request);
            return ExtAuthzResponses.of(authorizer.decide(r));
        } catch (PepException e) {
            return ExtAuthzResponses.of(e);
        } catch (RuntimeException e) {
            String id = request.getAttributes().getRequest().getHttp().getId();
            LOG.error("ext_authz check of request id `{}` failed", id, e);
            return ExtAuthzResponses.unavailable("the enforcement point failed to decide this request (request id `" + id
                    + "`; its log says why): retry shortly");
        }
    }
}
