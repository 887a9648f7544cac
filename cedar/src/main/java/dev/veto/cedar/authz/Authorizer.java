package dev.veto.cedar.authz;

import dev.veto.cedar.ast.Effect;
import dev.veto.cedar.ast.Request;
import dev.veto.cedar.entity.EntitySource;
import dev.veto.cedar.eval.EvalError;
import dev.veto.cedar.eval.Evaluator;
import java.util.ArrayList;
import java.util.List;

/**
 * Cedar's authorizer, evaluating every policy: a satisfied {@code forbid} denies; otherwise a
 * satisfied {@code permit} allows; otherwise the default is deny. A policy whose condition fails
 * to evaluate is skipped and reported in the errors.
 */
public final class Authorizer {
    private Authorizer() {}

    public static Response isAuthorized(Request request, PolicySet policies, EntitySource entities) {
        return isAuthorized(request, policies.policies(), entities);
    }

    /** Decides over {@code candidates}; the indexed engine passes only those whose scope can match. */
    public static Response isAuthorized(Request request, Iterable<PolicySet.Entry> candidates, EntitySource entities) {
        Evaluator ev = new Evaluator(request, entities);
        List<PolicySet.Entry> permits = new ArrayList<>(2);
        List<PolicySet.Entry> forbids = new ArrayList<>(2);
        List<PolicyError> errors = List.of();
        for (PolicySet.Entry e : candidates) {
            try {
                if (ev.isSatisfied(e.policy())) {
                    (e.policy().effect() == Effect.FORBID ? forbids : permits).add(e);
                }
            } catch (EvalError err) {
                if (errors.isEmpty()) {
                    errors = new ArrayList<>(2);
                }
                errors.add(new PolicyError(e.id(), err.getMessage()));
            }
        }
        if (!forbids.isEmpty()) {
            return new Response(Decision.DENY, forbids, errors);
        }
        if (!permits.isEmpty()) {
            return new Response(Decision.ALLOW, permits, errors);
        }
        return new Response(Decision.DENY, List.of(), errors);
    }
}
