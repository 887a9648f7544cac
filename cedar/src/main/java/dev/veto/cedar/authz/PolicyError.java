package dev.veto.cedar.authz;

/** A policy that was skipped because its condition failed to evaluate. */
public record PolicyError(String policyId, String message) {
    @Override
    public String toString() {
        return policyId + ": " + message;
    }
}
