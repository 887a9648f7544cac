package dev.veto.bench.workload;

import dev.veto.cedar.ast.Request;
import dev.veto.cedar.entity.Entity;
import java.util.List;

/**
 * A generated request and the entities a caller sends with it. {@link PlatformWorkload#request(long)}
 * gives the principal and resource entities only (their parent accounts are stored entities);
 * {@link PlatformWorkload#withFullSlice(WorkloadRequest)} gives every entity the request can reach,
 * for an engine with no entity store.
 *
 * @param index the request's number in the workload's request stream
 */
public record WorkloadRequest(long index, Request request, List<Entity> slice) {
    public WorkloadRequest {
        slice = List.copyOf(slice);
    }
}
