package dev.veto.cedar.entity;

import dev.veto.cedar.value.EntityUid;

/** Where the evaluator finds entities. Implementations must be safe to read from many threads. */
@FunctionalInterface
public interface EntitySource {
    /** The entity, with its ancestors computed, or null when there is none. */
    Entity get(EntityUid uid);

    EntitySource EMPTY = uid -> null;
}
