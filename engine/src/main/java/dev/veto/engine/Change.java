package dev.veto.engine;

import dev.veto.cedar.ast.Policy;
import dev.veto.cedar.entity.Entity;
import dev.veto.cedar.value.EntityUid;
import java.util.Objects;

/** One change to the engine's state; a list of them is applied atomically as one revision. */
public sealed interface Change {

    /** Adds or replaces a policy (static, or already linked from a template). */
    record PutPolicy(String id, Policy policy) implements Change {
        public PutPolicy {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(policy, "policy");
            if (policy.isTemplate()) {
                throw new IllegalArgumentException("policy `" + id + "` is a template; link it before adding it");
            }
        }
    }

    record RemovePolicy(String id) implements Change {}

    /**
     * Adds or replaces an entity: its attributes, tags and parents. New parents move it, and
     * everything below it, in the hierarchy.
     */
    record PutEntity(Entity entity) implements Change {
        public PutEntity {
            Objects.requireNonNull(entity, "entity");
        }
    }

    record RemoveEntity(EntityUid uid) implements Change {}
}
