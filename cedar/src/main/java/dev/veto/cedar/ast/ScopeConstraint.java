package dev.veto.cedar.ast;

/** The principal or resource part of a policy scope. */
public sealed interface ScopeConstraint {
    /** No constraint. */
    record Any() implements ScopeConstraint {}

    record Eq(EntityRef ref) implements ScopeConstraint {}

    record In(EntityRef ref) implements ScopeConstraint {}

    record Is(String entityType) implements ScopeConstraint {}

    record IsIn(String entityType, EntityRef ref) implements ScopeConstraint {}

    ScopeConstraint ANY = new Any();
}
