package dev.veto.cedar.value;

/**
 * An extension constructor or method failed: a malformed literal, an overflow. The evaluator
 * turns it into an evaluation error of the policy at hand. It carries no stack trace, because it
 * is an expected outcome on a hot path, not a bug.
 */
public final class ExtensionException extends RuntimeException {
    public ExtensionException(String message) {
        super(message, null, false, false);
    }
}
