package dev.veto.cedar.validation;

import dev.veto.cedar.ast.Loc;
import dev.veto.cedar.ast.SourcePosition;
import java.util.Objects;

/**
 * One thing the validator found in one policy: what kind of problem, where, and a message in
 * Cedar's style (lower case, no trailing period, user input quoted). Errors make validation fail;
 * warnings do not.
 *
 * @param kind what was found; its {@link Kind#isError()} says whether it is an error
 * @param policyId the policy (or template) it was found in
 * @param loc where in the policy text; {@link Loc#NONE} when the policy was not parsed from text
 * @param message what is wrong, e.g. {@code attribute `nmae` on entity type `User` not found}
 * @param help how it might be fixed, e.g. {@code did you mean `name`?}, or null
 */
public record ValidationIssue(Kind kind, String policyId, Loc loc, String message, String help) {

    /** The kinds of errors and warnings, as the reference validator names them. */
    public enum Kind {
        UNRECOGNIZED_ENTITY_TYPE(true),
        UNRECOGNIZED_ACTION_ID(true),
        INVALID_ENUM_ENTITY(true),
        INVALID_ACTION_APPLICATION(true),
        UNEXPECTED_TYPE(true),
        INCOMPATIBLE_TYPES(true),
        UNSAFE_ATTRIBUTE_ACCESS(true),
        UNSAFE_OPTIONAL_ATTRIBUTE_ACCESS(true),
        UNSAFE_TAG_ACCESS(true),
        NO_TAGS_ALLOWED(true),
        WRONG_NUMBER_ARGUMENTS(true),
        FUNCTION_ARGUMENT_VALIDATION(true),
        NON_LIT_EXT_CONSTRUCTOR(true),
        EMPTY_SET_FORBIDDEN(true),
        /** A method or function the language does not have (only in ASTs built in code; the parser refuses them). */
        UNDEFINED_FUNCTION(true),
        /** A policy that can apply to no request the schema allows (a warning). */
        IMPOSSIBLE_POLICY(false);

        private final boolean error;

        Kind(boolean error) {
            this.error = error;
        }

        public boolean isError() {
            return error;
        }
    }

    public ValidationIssue {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(policyId, "policyId");
        Objects.requireNonNull(loc, "loc");
        Objects.requireNonNull(message, "message");
    }

    /** Line and column in {@code source}, the text the policy was parsed from. */
    public SourcePosition position(String source) {
        return SourcePosition.of(source, loc);
    }

    @Override
    public String toString() {
        return policyId + ": " + message + (help == null ? "" : " (" + help + ")");
    }
}
