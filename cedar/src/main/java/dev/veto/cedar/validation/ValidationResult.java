package dev.veto.cedar.validation;

import java.util.List;

/**
 * What validating a policy set found: errors (validation fails) and warnings (it does not), each
 * list in policy order and, within a policy, in source order.
 */
public record ValidationResult(List<ValidationIssue> errors, List<ValidationIssue> warnings) {
    public ValidationResult {
        errors = List.copyOf(errors);
        warnings = List.copyOf(warnings);
        for (ValidationIssue e : errors) {
            if (!e.kind().isError()) {
                throw new IllegalArgumentException("not an error: " + e.kind());
            }
        }
        for (ValidationIssue w : warnings) {
            if (w.kind().isError()) {
                throw new IllegalArgumentException("not a warning: " + w.kind());
            }
        }
    }

    /** Whether there are no errors (warnings do not count). */
    public boolean passed() {
        return errors.isEmpty();
    }
}
