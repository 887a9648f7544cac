package dev.veto.cli;

/** Bad input from the user: printed as one line, exit code 1. */
public final class UserError extends RuntimeException {
    public UserError(String message) {
        super(message, null, false, false);
    }
}
