package dev.veto.cedar.entity;

import dev.veto.cedar.value.EntityUid;
import dev.veto.cedar.value.Value;
import java.util.Collections;
import java.util.Map;
import java.util.Set;

/**
 * An entity: its id, attributes, direct parents and tags. {@link Entities} adds the transitive
 * ancestors once, when the store is built, so {@code in} is one set look-up at request time.
 */
public record Entity(
        EntityUid uid,
        Map<String, Value> attributes,
        Set<EntityUid> parents,
        Map<String, Value> tags,
        Set<EntityUid> ancestors) {

    public Entity {
        // Map.copyOf and Set.copyOf share the empty instance and keep small ones compact, which
        // matters with millions of entities (most have no tags and few attributes).
        attributes = Map.copyOf(attributes);
        parents = immutable(parents);
        tags = Map.copyOf(tags);
        ancestors = ancestors == null ? parents : Collections.unmodifiableSet(ancestors);
    }

    /**
     * The parents as a compact immutable set. {@code Set.copyOf} copies a mutable set into a
     * fresh {@code HashSet} first, to drop duplicates; a hash set has none, so its elements
     * go to {@code Set.of} directly (this runs for every entity of every decision request).
     */
    private static Set<EntityUid> immutable(Set<EntityUid> parents) {
        if (parents instanceof java.util.HashSet<EntityUid> h) {
            return switch (h.size()) {
                case 0 -> Set.of();
                case 1 -> Set.of(h.iterator().next());
                default -> Set.of(h.toArray(EntityUid[]::new));
            };
        }
        return Set.copyOf(parents);
    }

    /** An entity whose ancestors are not computed yet (they default to its parents). */
    public static Entity of(EntityUid uid, Map<String, Value> attributes, Set<EntityUid> parents, Map<String, Value> tags) {
        return new Entity(uid, attributes, parents, tags, null);
    }

    /** This entity with {@code ancestors} as its transitive ancestors; the set is not copied. */
    public Entity withAncestors(Set<EntityUid> ancestors) {
        return new Entity(uid, attributes, parents, tags, ancestors);
    }

    /** Whether {@code other} is this entity or one of its ancestors: Cedar's {@code in}. */
    public boolean isIn(EntityUid other) {
        return uid.equals(other) || ancestors.contains(other);
    }
}
