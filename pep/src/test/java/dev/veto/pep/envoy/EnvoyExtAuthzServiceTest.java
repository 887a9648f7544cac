package dev.veto.pep.envoy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.veto.pep.Authorizer;
import dev.veto.pep.PepDecision;
import dev.veto.pep.PepException;
import io.envoyproxy.envoy.config.core.v3.HeaderValueOption;
import io.envoyproxy.envoy.service.auth.v3.AttributeContext;
import io.envoyproxy.envoy.service.auth.v3.AuthorizationGrpc;
import io.envoyproxy.envoy.service.auth.v3.CheckRequest;
import io.envoyproxy.envoy.service.auth.v3.CheckResponse;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The answers {@link ExtAuthzService} gives for each kind of decision and refusal. */
class EnvoyExtAuthzServiceTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    static final CheckRequest CHECK = CheckRequest.newBuilder().setAttributes(AttributeContext.newBuilder()
                    .setRequest(AttributeContext.Request.newBuilder().setHttp(AttributeContext.HttpRequest.newBuilder()
                            .setId("req-9").setMethod("PUT").setPath("/buckets/b-1/objects/k").setHost("storage.example")
                            .putHeaders("x-veto-principal", "ana")))
                    .putAllContextExtensions(Map.of("veto_action", "storage:PutObject", "veto_resource_type", "Bucket",
                            "veto_resource_segment", "1")))
            .build();

    static final PepDecision.Reason ENFORCEMENT = new PepDecision.Reason("enf-1", Map.of("case", "C-0042", "notice", "N-0042-1"));

    private static CheckResponse answer(Authorizer a) {
        return new ExtAuthzService(a, new EnvoyMapping()).check(CHECK);
    }

    private static Map<String, String> headers(List<HeaderValueOption> options) {
        Map<String, String> m = new LinkedHashMap<>();
        for (HeaderValueOption o : options) {
            assertThat(o.getAppendAction()).isEqualTo(HeaderValueOption.HeaderAppendAction.OVERWRITE_IF_EXISTS_OR_ADD);
            m.put(o.getHeader().getKey(), o.getHeader().getValue());
        }
        return m;
    }

    private static JsonNode body(CheckResponse r) {
        return JSON.readTree(r.getDeniedResponse().getBody());
    }

    @Test
    void anAllowGoesUpstreamWithTheRevision() {
        CheckResponse r = answer(req -> new PepDecision(true, List.of(), 41, PepDecision.Basis.CURRENT));
        assertThat(r.getStatus().getCode()).isZero();
        assertThat(r.hasOkResponse()).isTrue();
        assertThat(headers(r.getOkResponse().getHeadersList())).containsExactly(Map.entry("x-veto-revision", "41"));
    }

    @Test
    void theAuthorizerGetsTheMappedRequest() {
        var seen = new java.util.concurrent.atomic.AtomicReference<dev.veto.engine.EngineRequest>();
        answer(req -> {
            seen.set(req);
            return new PepDecision(true, List.of(), 1, PepDecision.Basis.CURRENT);
        });
        assertThat(seen.get().action().id()).isEqualTo("storage:PutObject");
        assertThat(seen.get().resource().id()).isEqualTo("b-1");
        assertThat(seen.get().principal().id()).isEqualTo("ana");
    }

    @Test
    void aDenialNamesItsCaseAndNoticeInBodyAndHeaders() {
        CheckResponse r = answer(req -> new PepDecision(false, List.of(new PepDecision.Reason("other", Map.of()), ENFORCEMENT), 42,
                PepDecision.Basis.CURRENT));
        assertThat(r.getStatus().getCode()).isEqualTo(7);
        assertThat(r.getDeniedResponse().getStatus().getCodeValue()).isEqualTo(403);
        assertThat(headers(r.getDeniedResponse().getHeadersList())).containsExactly(
                Map.entry("content-type", "application/json"), Map.entry("x-veto-case", "C-0042"), Map.entry("x-veto-notice", "N-0042-1"));
        assertThat(r.getDeniedResponse().getBody()).isEqualTo(
                "{\"decision\":\"deny\",\"case\":\"C-0042\",\"notice\":\"N-0042-1\",\"policy\":\"enf-1\",\"revision\":42,\"basis\":\"current\"}");
    }

    @Test
    void aDenialWithoutACaseSaysSoWithNulls() {
        CheckResponse r = answer(req -> new PepDecision(false, List.of(), 3, PepDecision.Basis.CURRENT));
        assertThat(r.getDeniedResponse().getStatus().getCodeValue()).isEqualTo(403);
        assertThat(body(r).get("case").isNull()).isTrue();
        assertThat(body(r).get("policy").isNull()).isTrue();
        assertThat(headers(r.getDeniedResponse().getHeadersList())).containsOnlyKeys("content-type");
    }

    @Test
    void failClosedIsA403MarkedAsSuch() {
        CheckResponse r = answer(req -> new PepDecision(false, List.of(), 40, PepDecision.Basis.FAIL_CLOSED));
        assertThat(r.getStatus().getCode()).isEqualTo(7);
        assertThat(r.getDeniedResponse().getStatus().getCodeValue()).isEqualTo(403);
        assertThat(headers(r.getDeniedResponse().getHeadersList()))
                .containsEntry("x-veto-fail-mode", "closed").containsEntry("x-veto-stale", "true");
        assertThat(body(r).get("basis").asString()).isEqualTo("fail-closed");
    }

    @Test
    void failClosedDeniesEvenIfTheDecisionClaimsAllowed() {
        CheckResponse r = answer(req -> new PepDecision(true, List.of(), 40, PepDecision.Basis.FAIL_CLOSED));
        assertThat(r.hasDeniedResponse()).isTrue();
    }

    @Test
    void staleDecisionsAreDecidedAsTheyCameAndMarked() {
        CheckResponse allow = answer(req -> new PepDecision(true, List.of(), 40, PepDecision.Basis.LAST_KNOWN));
        assertThat(headers(allow.getOkResponse().getHeadersList()))
                .containsExactly(Map.entry("x-veto-revision", "40"), Map.entry("x-veto-stale", "true"));
        CheckResponse open = answer(req -> new PepDecision(true, List.of(), 40, PepDecision.Basis.FAIL_OPEN));
        assertThat(headers(open.getOkResponse().getHeadersList()))
                .containsEntry("x-veto-stale", "true").containsEntry("x-veto-fail-mode", "open");
        CheckResponse deny = answer(req -> new PepDecision(false, List.of(ENFORCEMENT), 40, PepDecision.Basis.LAST_KNOWN));
        assertThat(headers(deny.getDeniedResponse().getHeadersList())).containsEntry("x-veto-stale", "true")
                .containsEntry("x-veto-case", "C-0042").doesNotContainKey("x-veto-fail-mode");
        assertThat(body(deny).get("basis").asString()).isEqualTo("last-known");
    }

    @Test
    void anInvalidRequestIsA400NamingTheField() {
        CheckResponse r = answer(req -> {
            throw new PepException.InvalidRequest("action", "action `storage:PutObject` is not in the catalog");
        });
        assertThat(r.getStatus().getCode()).isEqualTo(3);
        assertThat(r.getDeniedResponse().getStatus().getCodeValue()).isEqualTo(400);
        assertThat(r.getDeniedResponse().getBody()).isEqualTo(
                "{\"error\":{\"status\":400,\"code\":\"invalid\",\"message\":\"action `storage:PutObject` is not in the catalog\",\"field\":\"action\"}}");
        assertThat(headers(r.getDeniedResponse().getHeadersList())).containsExactly(Map.entry("content-type", "application/json"));
    }

    @Test
    void aMappingRefusalNeverReachesTheAuthorizer() {
        CheckRequest noType = CHECK.toBuilder().setAttributes(CHECK.getAttributes().toBuilder().removeContextExtensions("veto_resource_type")).build();
        CheckResponse r = new ExtAuthzService(req -> {
            throw new AssertionError("decided");
        }, new EnvoyMapping()).check(noType);
        assertThat(r.getStatus().getCode()).isEqualTo(3);
        assertThat(body(r).at("/error/field").asString()).isEqualTo("resource");
    }

    @Test
    void anEnforcementPointThatCannotDecideIsA503() {
        for (Authorizer a : List.<Authorizer>of(
                req -> {
                    throw new PepException.NotReady("this enforcement point has no verified state yet; retry shortly");
                },
                req -> {
                    throw new PepException.RevisionUnavailable(50, 42);
                })) {
            CheckResponse r = answer(a);
            assertThat(r.getStatus().getCode()).isEqualTo(14);
            assertThat(r.getDeniedResponse().getStatus().getCodeValue()).isEqualTo(503);
            assertThat(body(r).at("/error/code").asString()).isEqualTo("unavailable");
            assertThat(body(r).at("/error/status").asInt()).isEqualTo(503);
            assertThat(body(r).at("/error/field").isMissingNode()).isTrue();
        }
    }

    @Test
    void anUnexpectedFailureIsA503WithoutItsDetails() {
        CheckResponse r = answer(req -> {
            throw new IllegalStateException("secret internal detail");
        });
        assertThat(r.getDeniedResponse().getStatus().getCodeValue()).isEqualTo(503);
        assertThat(r.getDeniedResponse().getBody()).doesNotContain("secret", "Exception", "at dev.veto").contains("req-9");
        assertThat(r.getStatus().getMessage()).doesNotContain("secret");
        CheckResponse nothing = answer(req -> null);
        assertThat(nothing.getDeniedResponse().getStatus().getCodeValue()).isEqualTo(503);
    }

    @Test
    void theServerAnswersOverGrpcAndClosesGracefully() throws Exception {
        ExtAuthzServer server = ExtAuthzServer.start(0, req -> new PepDecision(true, List.of(), 7, PepDecision.Basis.CURRENT), new EnvoyMapping());
        try {
            assertThat(server.port()).isPositive();
            ManagedChannel channel = NettyChannelBuilder.forAddress("127.0.0.1", server.port()).usePlaintext().build();
            try {
                CheckResponse r = AuthorizationGrpc.newBlockingStub(channel).withDeadlineAfter(10, TimeUnit.SECONDS).check(CHECK);
                assertThat(headers(r.getOkResponse().getHeadersList())).containsEntry("x-veto-revision", "7");
            } finally {
                channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
            }
        } finally {
            server.close();
        }
        server.close(); // closing twice is harmless
    }
}
