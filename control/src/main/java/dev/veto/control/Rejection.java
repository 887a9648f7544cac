package dev.veto.control;

import java.util.List;

/**
 * A command or read the control plane refused, and why; nothing was written. The message says
 * what is wrong and how to fix it, in Cedar's style: lower case, user input quoted. What a
 * transport answers for each {@link Kind} is the transport's business (the server maps them in
 * one place).
 */
public final class Rejection extends RuntimeException {

    /** The kinds of refusal. */
    public enum Kind {
        /** The input is malformed or names something that does not exist. */
        INVALID,
        /** No credentials, or ones that match nobody. */
        UNAUTHENTICATED,
        /** The caller is known but may not do this. */
        FORBIDDEN,
        /** The object does not exist, or the caller may not know that it does. */
        NOT_FOUND,
        /** The state does not allow it now (a closed case, a second approval by the same person). */
        CONFLICT,
        /** The input is larger than Veto takes. */
        TOO_LARGE,
        /**
         * The input is well formed but does not validate against the platform schema: a policy
         * that could fail at run time (and a {@code forbid} then enforce nothing), or a schema
         * change that existing policies do not validate against. {@link #issues()} lists why.
         */
        VALIDATION_FAILED,
        /** Veto cannot serve it now (writes stopped, a demanded revision not reached). */
        UNAVAILABLE
    }

    private final Kind kind;
    private final String field;
    private final List<PolicyIssue> issues;

    public Rejection(Kind kind, String message) {
        this(kind, null, message);
    }

    public Rejection(Kind kind, String field, String message) {
        this(kind, field, message, List.of());
    }

    public Rejection(Kind kind, String field, String message, List<PolicyIssue> issues) {
        super(message, null, false, false);
        this.kind = kind;
        this.field = field;
        this.issues = List.copyOf(issues);
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

    /** What the validator found, for {@link Kind#VALIDATION_FAILED}; empty otherwise. */
    public List<PolicyIssue> issues() {
        return issues;
    }
}
