package dev.veto.cedar.ast;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One policy as written: annotations, effect, scope and conditions. A policy whose scope uses a
 * slot is a template and cannot be evaluated until linked.
 */
public record Policy(
        Map<String, String> annotations,
        Effect effect,
        ScopeConstraint principal,
        ActionConstraint action,
        ScopeConstraint resource,
        List<Condition> conditions,
        Loc loc) {

    public Policy {
        annotations = Collections.unmodifiableMap(new LinkedHashMap<>(annotations));
        conditions = List.copyOf(conditions);
    }

    /** Whether the scope names {@code ?principal} or {@code ?resource}. */
    public boolean isTemplate() {
        return usesSlot(principal) || usesSlot(resource);
    }

    private static boolean usesSlot(ScopeConstraint c) {
        return switch (c) {
            case ScopeConstraint.Any a -> false;
            case ScopeConstraint.Is i -> false;
            case ScopeConstraint.Eq e -> e.ref() instanceof EntityRef.SlotRef;
            case ScopeConstraint.In i -> i.ref() instanceof EntityRef.SlotRef;
            case ScopeConstraint.IsIn i -> i.ref() instanceof EntityRef.SlotRef;
        };
    }
}
