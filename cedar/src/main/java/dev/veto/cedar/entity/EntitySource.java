package dev.veto.cedar.entity;

import dev.veto.cedar.value.EntityUid;

/** Where the evaluator finds entities. Implementations must be safe to read from many threads. */
@FunctionalInterface
public interface EntitySource {
    /** The entity, with its ancestors computed, or null when there is none. */
    Entity get(EntityUid uid);

    /**
     * Whether {@code ancestor} is a (transitive) ancestor of {@code descendant}; equality is not
     * asked here. Stores with a compact hierarchy override this to avoid building sets.
     */
    default boolean isAncestor(EntityUid descendant, EntityUid ancestor) {
        Entity e = get(descendant);
        return e != null && e.ancestors().contains(ancestor);
    }

    EntitySource EMPTY = uid -> null;
}
