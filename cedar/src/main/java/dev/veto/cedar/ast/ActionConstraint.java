package dev.veto.cedar.ast;

import dev.veto.cedar.value.EntityUid;
import java.util.List;

/**
 * The action part of a policy scope. A constraint remembers where it was written ({@code loc}
 * spans it from {@code action} to its end), for diagnostics; it takes no part in equality.
 */
public sealed interface ActionConstraint {

    /** Where the constraint was written; {@link Loc#NONE} for no constraint or one built in code. */
    Loc loc();

    record Any() implements ActionConstraint {
        @Override
        public Loc loc() {
            return Loc.NONE;
        }
    }

    record Eq(EntityUid uid, Loc loc) implements ActionConstraint {
        public Eq(EntityUid uid) {
            this(uid, Loc.NONE);
        }
    }

    /** {@code action in A} (single, {@code list == false}) or {@code action in [A, B]}. */
    record In(List<EntityUid> uids, boolean list, Loc loc) implements ActionConstraint {
        public In {
            uids = List.copyOf(uids);
        }

        public In(List<EntityUid> uids, boolean list) {
            this(uids, list, Loc.NONE);
        }
    }

    ActionConstraint ANY = new Any();
}
