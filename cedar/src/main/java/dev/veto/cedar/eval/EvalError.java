package dev.veto.cedar.eval;

/**
 * Evaluating an expression failed: a type error, a missing attribute or entity, an overflow, an
 * extension error. In Cedar this is a value, not a crash: the authorizer skips the policy and
 * reports the message. No stack trace is captured; errors are an expected outcome.
 */
public final class EvalError extends RuntimeException {
    public EvalError(String message) {
        super(message, null, false, false);
    }
}
