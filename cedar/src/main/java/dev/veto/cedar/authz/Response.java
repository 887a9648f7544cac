package dev.veto.cedar.authz;

import java.util.List;

/**
 * The authorizer's answer: the decision, the policies that determined it (the satisfied forbids
 * for a deny, the satisfied permits for an allow, none for a default deny), and the policies
 * skipped because they failed to evaluate.
 */
public record Response(Decision decision, List<PolicySet.Entry> reasons, List<PolicyError> errors) {
    public Response {
        reasons = List.copyOf(reasons);
        errors = List.copyOf(errors);
    }

    public boolean isAllowed() {
        return decision == Decision.ALLOW;
    }

    /** The ids of {@link #reasons()}. */
    public List<String> reasonIds() {
        return reasons.stream().map(PolicySet.Entry::id).toList();
    }
}
