package dev.veto.engine;

import dev.veto.cedar.ast.Effect;
import dev.veto.cedar.authz.Decision;
import dev.veto.cedar.authz.PolicyError;
import java.util.List;
import java.util.Map;

/**
 * A decision with its diagnostics: the determining policies with their effect and annotations
 * (so a deny can say its {@code case}, {@code principle} and {@code notice}), the policies that
 * failed to evaluate, and the revision of the state it was decided on.
 */
public record EngineResponse(Decision decision, List<Reason> reasons, List<PolicyError> errors, long revision) {

    /** A determining policy. */
    public record Reason(String policyId, Effect effect, Map<String, String> annotations) {}

    public boolean isAllowed() {
        return decision == Decision.ALLOW;
    }

    public List<String> reasonIds() {
        return reasons.stream().map(Reason::policyId).toList();
    }
}
