package dev.veto.pep;

import dev.veto.engine.EngineRequest;

/**
 * What decides a request at an enforcement point: an embedded {@link VetoPep}, or the server's own
 * decisions. Front ends (the sidecar's HTTP endpoints, Envoy's ext_authz) speak to this.
 */
@FunctionalInterface
public interface Authorizer {
    /**
     * Decides {@code request}.
     *
     * @throws PepException.InvalidRequest when the request names what Veto does not know
     * @throws PepException.NotReady when there is no verified state to decide on
     */
    PepDecision decide(EngineRequest request);
}
