package dev.veto.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.veto.cedar.ast.Request;
import dev.veto.cedar.authz.PolicySet;
import dev.veto.cedar.authz.Response;
import dev.veto.cedar.conformance.ConformanceRunner;
import dev.veto.cedar.entity.Entities;
import dev.veto.cedar.entity.EntitySource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Cedar's conformance suite decided through the indexed engine instead of the plain authorizer. */
class EngineConformanceTest {

    /** Loads each test file's policies and entities into an engine once, then decides its requests there. */
    static final class EngineDecider implements ConformanceRunner.Decider {
        private final Map<PolicySet, Engine> engines = new IdentityHashMap<>();

        @Override
        public Response decide(Request request, PolicySet policies, EntitySource entities) {
            Engine engine = engines.computeIfAbsent(policies, p -> {
                Engine e = Engine.withoutClock();
                List<Change> changes = new ArrayList<>();
                for (var entity : ((Entities) entities).all()) {
                    changes.add(new Change.PutEntity(entity));
                }
                for (PolicySet.Entry entry : p.policies()) {
                    changes.add(new Change.PutPolicy(entry.id(), entry.policy()));
                }
                e.apply(changes);
                return e;
            });
            EngineResponse r = engine.authorize(new EngineRequest(request.principal(), request.action(), request.resource(),
                    request.context(), List.of()));
            List<PolicySet.Entry> reasons = r.reasons().stream().map(x -> policies.policy(x.policyId())).toList();
            return new Response(r.decision(), reasons, r.errors());
        }
    }

    @Test
    void everyConformanceRequestPassesThroughTheEngine() {
        Path root = conformanceRoot();
        ConformanceRunner runner = new ConformanceRunner(root, new EngineDecider());
        ConformanceRunner.Result r = runner.run(runner.discover());
        r.failures().stream().limit(20).forEach(System.out::println);
        assertThat(r.failures()).isEmpty();
        assertThat(r.passed()).isEqualTo(8154);
    }

    static Path conformanceRoot() {
        return dev.veto.cedar.conformance.ConformanceData.cedar();
    }
}
