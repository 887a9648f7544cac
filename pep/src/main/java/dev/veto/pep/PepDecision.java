package dev.veto.pep;

import dev.veto.engine.EngineResponse;
import java.util.List;
import java.util.Map;

/**
 * One decision of an enforcement point: allowed or not, why (each determining policy with its
 * annotations, so a denial names its case and notice), the revision of the log it was decided
 * at, and on what basis: the replica's current state, or its fail mode because it has not heard
 * from any server for longer than it may.
 */
public record PepDecision(boolean allowed, List<Reason> reasons, long revision, Basis basis) {

    /** A determining policy: its id and annotations ({@code case}, {@code notice}, {@code enforcement}, …). */
    public record Reason(String policyId, Map<String, String> annotations) {
        /** The case a denial enforces, or null when the policy is not an enforcement's. */
        public String caseId() {
            return annotations.get("case");
        }

        /** The notice that told the customer, or null. */
        public String noticeId() {
            return annotations.get("notice");
        }
    }

    /** What the decision rests on. */
    public enum Basis {
        /** The replica's verified state, fresh within the staleness bound. */
        CURRENT,
        /** Stale, and the fail mode is last-known: decided on the last verified state. */
        LAST_KNOWN,
        /** Stale, and the fail mode is closed: denied without deciding. */
        FAIL_CLOSED,
        /** Stale, and the fail mode is open: allowed without deciding. */
        FAIL_OPEN;

        /** The wire name: {@code current}, {@code last-known}, {@code fail-closed}, {@code fail-open}. */
        public String wire() {
            return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
        }
    }

    /** Whether the state decided on was stale (any basis but {@link Basis#CURRENT}). */
    public boolean stale() {
        return basis != Basis.CURRENT;
    }

    /** The first reason naming a case, or null. */
    public Reason enforcement() {
        for (Reason r : reasons) {
            if (r.caseId() != null) {
                return r;
            }
        }
        return null;
    }

    /** The decision an engine response gives, on {@code basis}. */
    public static PepDecision of(EngineResponse r, Basis basis) {
        return of(r, basis, r.revision());
    }

    /** The same, at the later of the response's revision and {@code verified} (a revision whose state the response's snapshot holds). */
    static PepDecision of(EngineResponse r, Basis basis, long verified) {
        List<Reason> reasons;
        if (r.reasons().size() == 1) {
            EngineResponse.Reason x = r.reasons().get(0);
            reasons = List.of(new Reason(x.policyId(), x.annotations()));
        } else {
            reasons = r.reasons().stream().map(x -> new Reason(x.policyId(), x.annotations())).toList();
        }
        return new PepDecision(r.isAllowed(), reasons, Math.max(r.revision(), verified), basis);
    }
}
