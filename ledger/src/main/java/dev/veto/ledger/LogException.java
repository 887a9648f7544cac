package dev.veto.ledger;

/**
 * The log cannot do what was asked for a reason the caller can fix or must know: no log in the
 * database, a key that is not the log's, a closed log. The message is lower case and names the
 * offending input.
 */
public class LogException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public LogException(String message) {
        super(message, null, false, false);
    }

    public LogException(String message, Throwable cause) {
        super(message, cause, false, false);
    }
}
