package dev.veto.server;

import dev.veto.control.ControlPlane;
import dev.veto.server.decision.DecisionEndpoint;
import io.javalin.http.Context;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

/**
 * What {@code /metrics} shows: decisions answered (allow, deny), the time to answer a decision
 * request (timed by a before- and an after-handler around the decision endpoints), and gauges of
 * the revision, policies and entities.
 */
final class ServerMetrics implements DecisionEndpoint.Listener {
    private static final String SAMPLE = "veto.decisionTimer";

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final Counter allowed;
    private final Counter denied;
    private final Timer decisionTimer;

    ServerMetrics(ControlPlane plane) {
        allowed = Counter.builder("veto_decisions").tag("decision", "allow").description("Decisions answered").register(registry);
        denied = Counter.builder("veto_decisions").tag("decision", "deny").description("Decisions answered").register(registry);
        decisionTimer = Timer.builder("veto_decision_request").description("Time to answer a decision request (single or batch)").register(registry);
        Gauge.builder("veto_revision", plane, ControlPlane::revision).description("Log entries the state reflects").register(registry);
        Gauge.builder("veto_policies", plane, p -> p.decisions().snapshot().policyCount()).description("Policies in the engine").register(registry);
        Gauge.builder("veto_entities", plane, p -> p.decisions().snapshot().entityCount()).description("Entities in the engine").register(registry);
        Gauge.builder("veto_evasions", plane, p -> p.queries().evasionsDetected())
                .description("Entities seen moved out of an active enforcement's scope (each kept restricted until released)").register(registry);
    }

    @Override
    public void decided(boolean allow) {
        (allow ? allowed : denied).increment();
    }

    /** Before a decision endpoint: starts its timer. */
    void before(Context ctx) {
        if (ctx.path().startsWith("/v1/authorize")) {
            ctx.attribute(SAMPLE, Timer.start());
        }
    }

    /** After it: records the time taken. */
    void after(Context ctx) {
        Timer.Sample sample = ctx.attribute(SAMPLE);
        if (sample != null) {
            sample.stop(decisionTimer);
        }
    }

    /** The Prometheus text exposition. */
    String scrape() {
        return registry.scrape();
    }
}
