package dev.veto.ledger.remote;

/**
 * A request to a published log did not give what was asked: the server was not reached, refused
 * the caller, had nothing at that path, failed, or answered with bytes that are not in the
 * published form. The message names the URL and, when there was one, the status and the
 * server's own words.
 */
public final class RemoteLogException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** What went wrong. */
    public enum Kind {
        /** No answer: the connection failed or timed out. */
        UNREACHABLE,
        /** 401 or 403: the resource needs a token, or one with more rights. */
        REFUSED,
        /** 404: nothing at that path (yet). */
        NOT_FOUND,
        /** Any other status that is not 200. */
        FAILED,
        /** 200, but the body is not what the protocol says (a tile of the wrong length, a bundle that does not split). */
        MALFORMED
    }

    private final Kind kind;
    private final int status;
    private final String url;
    private final String detail;

    RemoteLogException(Kind kind, int status, String url, String detail, String message) {
        super(message, null, false, false);
        this.kind = kind;
        this.status = status;
        this.url = url;
        this.detail = detail;
    }

    public Kind kind() {
        return kind;
    }

    /** The HTTP status, or 0 when there was no answer. */
    public int status() {
        return status;
    }

    /** The URL asked. */
    public String url() {
        return url;
    }

    /** The server's own message (from its JSON error body, else the body's start), or why the body is malformed; may be empty. */
    public String detail() {
        return detail;
    }
}
