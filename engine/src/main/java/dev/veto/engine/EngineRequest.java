package dev.veto.engine;

import dev.veto.cedar.entity.Entity;
import dev.veto.cedar.value.EntityUid;
import dev.veto.cedar.value.RecordValue;
import java.util.List;
import java.util.Objects;

/**
 * A decision request. {@code entities} is the caller's slice (typically the principal, the
 * resource and their parents), merged over the stored entities for this request only. The
 * engine sets {@code context.now} from its own clock; a caller's {@code now} is overridden.
 */
public record EngineRequest(EntityUid principal, EntityUid action, EntityUid resource, RecordValue context, List<Entity> entities) {
    public EngineRequest {
        Objects.requireNonNull(principal, "principal");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(resource, "resource");
        context = context == null ? RecordValue.EMPTY : context;
        entities = entities == null ? List.of() : List.copyOf(entities);
    }

    public EngineRequest(EntityUid principal, EntityUid action, EntityUid resource) {
        this(principal, action, resource, RecordValue.EMPTY, List.of());
    }
}
