package dev.veto.cedar.authz;

/** A policy set that cannot be built: duplicate ids, a bad template link. */
public final class PolicySetException extends RuntimeException {
    public PolicySetException(String message) {
        super(message, null, false, false);
    }
}
