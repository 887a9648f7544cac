package dev.veto.engine;

import dev.veto.cedar.ast.Effect;
import dev.veto.cedar.authz.Decision;
import dev.veto.cedar.authz.PolicyError;
import java.util.List;
import java.util.Map;

/**
 * A decision with its diagnostics: the determining policies with their effect and annotations
 * (so a deny can say its {@code case}, {@code principle} and {@code notice}), the policies that
 * failed to evaluate, the revision of the state it was decided on, and what the engine found
 * known of the request's action, principal and resource on its way ({@code found}: bits
 * {@link #ACTION_KNOWN}, {@link #PRINCIPAL_PLACED}, {@link #RESOURCE_PLACED}), so a caller that
 * refuses requests naming what it does not know needs no look-ups of its own.
 */
public record EngineResponse(Decision decision, List<Reason> reasons, List<PolicyError> errors, long revision, int found) {

    /** The action has an entity id: it is stored (or named by a policy). */
    public static final int ACTION_KNOWN = 1;
    /** Some ancestor of the principal, in the request's view of the hierarchy, has an entity id (the principal's own does not count). */
    public static final int PRINCIPAL_PLACED = 2;
    /** As {@link #PRINCIPAL_PLACED}, for the resource. */
    public static final int RESOURCE_PLACED = 4;
    /** For a response that did not come from a decision on a snapshot (e.g. one read from the wire): nothing to refuse. */
    public static final int ALL_FOUND = ACTION_KNOWN | PRINCIPAL_PLACED | RESOURCE_PLACED;

    /** A response with every name found (see {@link #ALL_FOUND}). */
    public EngineResponse(Decision decision, List<Reason> reasons, List<PolicyError> errors, long revision) {
        this(decision, reasons, errors, revision, ALL_FOUND);
    }

    /** Whether the action has an entity id (see {@link #ACTION_KNOWN}). */
    public boolean actionKnown() {
        return (found & ACTION_KNOWN) != 0;
    }

    /** Whether some ancestor of the principal has an entity id (see {@link #PRINCIPAL_PLACED}). */
    public boolean principalPlaced() {
        return (found & PRINCIPAL_PLACED) != 0;
    }

    /** Whether some ancestor of the resource has an entity id. */
    public boolean resourcePlaced() {
        return (found & RESOURCE_PLACED) != 0;
    }

    /** A determining policy. */
    public record Reason(String policyId, Effect effect, Map<String, String> annotations) {}

    public boolean isAllowed() {
        return decision == Decision.ALLOW;
    }

    public List<String> reasonIds() {
        return reasons.stream().map(Reason::policyId).toList();
    }
}
