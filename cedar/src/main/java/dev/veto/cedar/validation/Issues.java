package dev.veto.cedar.validation;

import dev.veto.cedar.ast.Loc;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The issues found in one policy. A policy is typechecked once per request environment, and the
 * same mistake shows in many of them, worded per environment ("in context for" each action);
 * like a compiler, this keeps one issue per kind and place: the first. (Locations take no part in
 * equality, so the key holds their offsets.) Issues of code built without locations are kept
 * one per message.
 */
final class Issues {
    private record Key(ValidationIssue.Kind kind, int start, int end, String message) {}

    private final String policyId;
    private final List<ValidationIssue> issues = new ArrayList<>();
    private final Set<Key> seen = new HashSet<>();
    private int reports;

    Issues(String policyId) {
        this.policyId = policyId;
    }

    String policyId() {
        return policyId;
    }

    void add(ValidationIssue.Kind kind, Loc loc, String message, String help) {
        reports++;
        if (seen.add(new Key(kind, loc.start(), loc.end(), loc.isKnown() ? "" : message))) {
            issues.add(new ValidationIssue(kind, policyId, loc, message, help));
        }
    }

    /** How many issues were reported so far, repeats included: a count that moved means something went wrong. */
    int reports() {
        return reports;
    }

    boolean hasErrors() {
        for (ValidationIssue i : issues) {
            if (i.kind().isError()) {
                return true;
            }
        }
        return false;
    }

    /** The issues in source order. */
    List<ValidationIssue> sorted() {
        List<ValidationIssue> out = new ArrayList<>(issues);
        out.sort(Comparator.comparingInt(i -> i.loc().start()));
        return out;
    }
}
