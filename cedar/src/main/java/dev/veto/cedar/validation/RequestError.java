package dev.veto.cedar.validation;

import java.util.Objects;

/**
 * Why a request does not fit the schema: an undeclared action, a principal or resource of a
 * type the action does not apply to, or a context that is not the action's context type.
 */
public record RequestError(Kind kind, String message) {

    public enum Kind {
        UNDECLARED_ACTION,
        UNDECLARED_PRINCIPAL_TYPE,
        UNDECLARED_RESOURCE_TYPE,
        INVALID_PRINCIPAL_TYPE,
        INVALID_RESOURCE_TYPE,
        INVALID_ENUM_ENTITY,
        INVALID_CONTEXT
    }

    public RequestError {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(message, "message");
    }

    @Override
    public String toString() {
        return message;
    }
}
