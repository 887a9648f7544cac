package dev.veto.control;

/**
 * A command the control plane refused, and why; nothing was written. The message says what is
 * wrong and how to fix it, in Cedar's style: lower case, user input quoted.
 */
public final class Rejection extends RuntimeException {

    /** The kinds of refusal, each with the HTTP status the API answers with. */
    public enum Kind {
        INVALID(400), UNAUTHENTICATED(401), FORBIDDEN(403), NOT_FOUND(404), NOT_ACCEPTABLE(406), CONFLICT(409), TOO_LARGE(413), UNAVAILABLE(503);

        public final int status;

        Kind(int status) {
            this.status = status;
        }
    }

    private final Kind kind;
    private final String field;

    public Rejection(Kind kind, String message) {
        this(kind, null, message);
    }

    public Rejection(Kind kind, String field, String message) {
        super(message, null, false, false);
        this.kind = kind;
        this.field = field;
    }

    public static Rejection invalid(String field, String message) {
        return new Rejection(Kind.INVALID, field, message);
    }

    public static Rejection notFound(String message) {
        return new Rejection(Kind.NOT_FOUND, message);
    }

    public static Rejection conflict(String message) {
        return new Rejection(Kind.CONFLICT, message);
    }

    public Kind kind() {
        return kind;
    }

    /** The input field at fault (a JSON path such as {@code services[1]}), or null. */
    public String field() {
        return field;
    }
}
