package dev.veto.server.http;

import dev.veto.cedar.json.JsonFormatException;
import dev.veto.control.Rejection;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The one place refusals become HTTP: each {@link Rejection.Kind} its status, and every refusal
 * the same body, {@code {"error": {"status", "code", "message", "field"?, "issues"?}}}
 * ({@code issues}: for a refusal by the validator, each issue with its policy, line and column).
 */
public final class HttpErrors {
    private HttpErrors() {}

    /** The HTTP status the API answers a refusal of this kind with. */
    public static int status(Rejection.Kind kind) {
        return switch (kind) {
            case INVALID -> 400;
            case UNAUTHENTICATED -> 401;
            case FORBIDDEN -> 403;
            case NOT_FOUND -> 404;
            case CONFLICT -> 409;
            case TOO_LARGE -> 413;
            case VALIDATION_FAILED -> 422;
            case UNAVAILABLE -> 503;
        };
    }

    /** The error code in the body: the kind in lower case, e.g. {@code not_found}. */
    public static String code(Rejection.Kind kind) {
        return kind.name().toLowerCase(Locale.ROOT);
    }

    /** A refusal: its status and the {@code error} object of its body. */
    public record Refusal(int status, Map<String, Object> error) {
        /** The whole body: {@code {"error": {...}}}. */
        public Map<String, Object> body() {
            return Map.of("error", error);
        }
    }

    /** A domain refusal; one that failed validation lists what the validator found under {@code issues}. */
    public static Refusal of(Rejection r) {
        Refusal refusal = of(status(r.kind()), code(r.kind()), r.getMessage(), r.field());
        if (!r.issues().isEmpty()) {
            refusal.error().put("issues", r.issues());
        }
        return refusal;
    }

    /** Malformed Cedar JSON in a request body: bad input. */
    public static Refusal of(JsonFormatException e) {
        return of(400, "invalid", e.getMessage(), null);
    }

    public static Refusal of(ApiError e) {
        return of(e.status(), e.code(), e.getMessage(), e.field());
    }

    public static Refusal of(int status, String code, String message, String field) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("status", status);
        e.put("code", code);
        e.put("message", message);
        if (field != null) {
            e.put("field", field);
        }
        return new Refusal(status, e);
    }

    /** A refusal that belongs to HTTP, not to the domain (a missing {@code Accept} header, an unknown route). */
    public static final class ApiError extends RuntimeException {
        private final int status;
        private final String code;
        private final String field;

        public ApiError(int status, String code, String field, String message) {
            super(message, null, false, false);
            this.status = status;
            this.code = code;
            this.field = field;
        }

        public int status() {
            return status;
        }

        public String code() {
            return code;
        }

        public String field() {
            return field;
        }
    }
}
