package dev.veto.bench.workload;

import dev.veto.cedar.ast.Request;
import dev.veto.cedar.entity.Entity;
import java.util.List;

/** Anything that decides a request given the entities sent with it: cedar-java, our authorizer, the engine. */
@FunctionalInterface
public interface Decider {
    Verdict decide(Request request, List<Entity> slice);
}
