package dev.veto.bench.workload;

import dev.veto.cedar.authz.Decision;
import dev.veto.cedar.authz.PolicyError;
import dev.veto.cedar.authz.Response;
import java.util.Collection;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * What a decider answered, in a form two implementations can be compared on: the decision, the
 * ids of the policies that determined it and the ids of the policies that failed to evaluate.
 */
public record Verdict(Decision decision, SortedSet<String> reasons, SortedSet<String> errors) {
    public Verdict {
        reasons = java.util.Collections.unmodifiableSortedSet(new TreeSet<>(reasons));
        errors = java.util.Collections.unmodifiableSortedSet(new TreeSet<>(errors));
    }

    public static Verdict of(Decision decision, Collection<String> reasons, Collection<String> errors) {
        return new Verdict(decision, new TreeSet<>(reasons), new TreeSet<>(errors));
    }

    /** The verdict of our authorizer's response. */
    public static Verdict of(Response r) {
        return of(r.decision(), r.reasonIds(), r.errors().stream().map(PolicyError::policyId).toList());
    }

    @Override
    public String toString() {
        return decision.name().toLowerCase(java.util.Locale.ROOT) + " reasons=" + reasons + " errors=" + errors;
    }
}
