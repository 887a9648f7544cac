package dev.veto.cedar.ast;

/**
 * The principal or resource part of a policy scope. A constraint remembers where it was written
 * ({@code loc} spans it from the variable to its end), for diagnostics; like every location it
 * takes no part in equality.
 */
public sealed interface ScopeConstraint {

    /** Where the constraint was written; {@link Loc#NONE} for no constraint or one built in code. */
    Loc loc();

    /** No constraint. */
    record Any() implements ScopeConstraint {
        @Override
        public Loc loc() {
            return Loc.NONE;
        }
    }

    record Eq(EntityRef ref, Loc loc) implements ScopeConstraint {
        public Eq(EntityRef ref) {
            this(ref, Loc.NONE);
        }
    }

    record In(EntityRef ref, Loc loc) implements ScopeConstraint {
        public In(EntityRef ref) {
            this(ref, Loc.NONE);
        }
    }

    record Is(String entityType, Loc loc) implements ScopeConstraint {
        public Is(String entityType) {
            this(entityType, Loc.NONE);
        }
    }

    record IsIn(String entityType, EntityRef ref, Loc loc) implements ScopeConstraint {
        public IsIn(String entityType, EntityRef ref) {
            this(entityType, ref, Loc.NONE);
        }
    }

    ScopeConstraint ANY = new Any();
}
