package dev.veto.cedar.ast;

import dev.veto.cedar.value.EntityUid;
import java.util.List;

/** The action part of a policy scope. */
public sealed interface ActionConstraint {
    record Any() implements ActionConstraint {}

    record Eq(EntityUid uid) implements ActionConstraint {}

    /** {@code action in A} (single, {@code list == false}) or {@code action in [A, B]}. */
    record In(List<EntityUid> uids, boolean list) implements ActionConstraint {
        public In {
            uids = List.copyOf(uids);
        }
    }

    ActionConstraint ANY = new Any();
}
