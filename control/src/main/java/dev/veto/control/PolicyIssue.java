package dev.veto.control;

import dev.veto.cedar.ast.SourcePosition;
import dev.veto.cedar.validation.ValidationIssue;
import java.util.Locale;

/**
 * One thing Cedar's validator found in a policy, as Veto reports it: the policy, the line and
 * column in its own text, the kind as the reference names it in lower case (e.g.
 * {@code unsafe_attribute_access}, {@code impossible_policy}), the message and, when there is
 * one, how to fix it.
 */
public record PolicyIssue(String policy, int line, int column, String kind, String message, String help) {

    static PolicyIssue of(ValidationIssue issue, String text) {
        SourcePosition at = issue.position(text);
        return new PolicyIssue(issue.policyId(), at.line(), at.column(), issue.kind().name().toLowerCase(Locale.ROOT), issue.message(),
                issue.help());
    }

    /** Whether it makes validation fail (an error), rather than warn. */
    boolean isError() {
        return ValidationIssue.Kind.valueOf(kind.toUpperCase(Locale.ROOT)).isError();
    }

    @Override
    public String toString() {
        return line + ":" + column + ": " + message + (help == null ? "" : " (" + help + ")");
    }
}
