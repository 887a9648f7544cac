package dev.veto.bench.workload;

import dev.veto.cedar.ast.Request;
import dev.veto.cedar.authz.Authorizer;
import dev.veto.cedar.authz.PolicySet;
import dev.veto.cedar.entity.Entities;
import dev.veto.cedar.entity.Entity;
import java.util.List;

/**
 * Our plain {@link Authorizer} (every policy evaluated) as a {@link Decider}: the reference the
 * indexed engine must agree with, and the baseline it must beat.
 */
public final class PlainDecider {
    private PlainDecider() {}

    /** Decides over the request's full slice alone, as cedar-java does; the slice's hierarchy is closed per call. */
    public static Decider overFullSlice(PolicySet policies) {
        return (Request request, List<Entity> slice) ->
                Verdict.of(Authorizer.isAuthorized(request, policies, Entities.of(slice)));
    }

    /** Decides over stored entities with the request's slice laid over them, as an engine with a store does. */
    public static Decider overStore(PolicySet policies, Entities store) {
        return (Request request, List<Entity> slice) ->
                Verdict.of(Authorizer.isAuthorized(request, policies, SliceOverlay.of(store, slice)));
    }
}
