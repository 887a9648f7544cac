package dev.veto.pep.envoy;

import com.google.rpc.Code;
import com.google.rpc.Status;
import dev.veto.pep.PepDecision;
import dev.veto.pep.PepException;
import io.envoyproxy.envoy.config.core.v3.HeaderValue;
import io.envoyproxy.envoy.config.core.v3.HeaderValueOption;
import io.envoyproxy.envoy.service.auth.v3.CheckResponse;
import io.envoyproxy.envoy.service.auth.v3.DeniedHttpResponse;
import io.envoyproxy.envoy.service.auth.v3.OkHttpResponse;
import io.envoyproxy.envoy.type.v3.HttpStatus;
import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;

/**
 * The one place decisions and refusals become ext_authz answers.
 *
 * <ul>
 *   <li>allow: gRPC {@code OK}; the upstream request gets {@code x-veto-revision} (and
 *       {@code x-veto-stale: true} when the decision was not made on current state);
 *   <li>deny: gRPC {@code PERMISSION_DENIED}, HTTP 403, the body {@code {decision, case, notice,
 *       policy, revision, basis}} and the headers {@code x-veto-case}, {@code x-veto-notice} when
 *       known, {@code x-veto-stale}, and {@code x-veto-fail-mode} when the basis is a fail mode;
 *   <li>refusals: the body {@code {"error": {status, code, message, field?}}}, the server's shape:
 *       invalid requests gRPC {@code INVALID_ARGUMENT} and HTTP 400, an enforcement point that
 *       cannot decide gRPC {@code UNAVAILABLE} and HTTP 503.
 * </ul>
 *
 * <p>Every header Veto sets overwrites one of the same name, so a client cannot send its own
 * {@code x-veto-revision} to the upstream or its own {@code x-veto-case} back to itself.
 */
final class ExtAuthzResponses {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private ExtAuthzResponses() {}

    static CheckResponse of(PepDecision d) {
        // a fail-closed basis is a denial whatever the flag says: nothing was decided
        boolean allowed = d.allowed() && d.basis() != PepDecision.Basis.FAIL_CLOSED;
        String failMode = switch (d.basis()) {
            case CURRENT, LAST_KNOWN -> null;
            case FAIL_CLOSED -> "closed";
            case FAIL_OPEN -> "open";
        };
        if (allowed) {
            OkHttpResponse.Builder ok = OkHttpResponse.newBuilder().addHeaders(header("x-veto-revision", Long.toString(d.revision())));
            if (d.stale()) {
                ok.addHeaders(header("x-veto-stale", "true"));
            }
            if (failMode != null) {
                ok.addHeaders(header("x-veto-fail-mode", failMode));
            }
            return CheckResponse.newBuilder().setStatus(status(Code.OK, "allowed")).setOkResponse(ok).build();
        }
        PepDecision.Reason enforcement = d.enforcement();
        PepDecision.Reason reason = enforcement != null ? enforcement : d.reasons().isEmpty() ? null : d.reasons().getFirst();
        String caseId = enforcement == null ? null : enforcement.caseId();
        String noticeId = enforcement == null ? null : enforcement.noticeId();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("decision", "deny");
        body.put("case", caseId);
        body.put("notice", noticeId);
        body.put("policy", reason == null ? null : reason.policyId());
        body.put("revision", d.revision());
        body.put("basis", d.basis().wire());
        DeniedHttpResponse.Builder denied = denied(403, body);
        if (caseId != null) {
            denied.addHeaders(header("x-veto-case", caseId));
        }
        if (noticeId != null) {
            denied.addHeaders(header("x-veto-notice", noticeId));
        }
        if (d.stale()) {
            denied.addHeaders(header("x-veto-stale", "true"));
        }
        if (failMode != null) {
            denied.addHeaders(header("x-veto-fail-mode", failMode));
        }
        String message = caseId != null ? "denied by case " + caseId : failMode != null ? "denied: fail mode " + failMode : "denied";
        return CheckResponse.newBuilder().setStatus(status(Code.PERMISSION_DENIED, message)).setDeniedResponse(denied).build();
    }

    static CheckResponse of(PepException e) {
        return switch (e) {
            case PepException.InvalidRequest i -> refusal(Code.INVALID_ARGUMENT, 400, "invalid", i.getMessage(), i.field());
            case PepException.RevisionUnavailable r -> unavailable(r.getMessage());
            case PepException.NotReady n -> unavailable(n.getMessage());
        };
    }

    static CheckResponse unavailable(String message) {
        return refusal(Code.UNAVAILABLE, 503, "unavailable", message, null);
    }

    private static CheckResponse refusal(Code grpc, int http, String code, String message, String field) {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("status", http);
        error.put("code", code);
        error.put("message", message);
        if (field != null) {
            error.put("field", field);
        }
        return CheckResponse.newBuilder()
                .setStatus(status(grpc, message))
                .setDeniedResponse(denied(http, Map.of("error", error)))
                .build();
    }

    private static DeniedHttpResponse.Builder denied(int http, Map<String, Object> body) {
        return DeniedHttpResponse.newBuilder()
                .setStatus(HttpStatus.newBuilder().setCodeValue(http))
                .setBody(JSON.writeValueAsString(body))
                .addHeaders(header("content-type", "application/json"));
    }

    private static Status status(Code code, String message) {
        return Status.newBuilder().setCode(code.getNumber()).setMessage(message).build();
    }

    private static HeaderValueOption header(String name, String value) {
        return HeaderValueOption.newBuilder()
                .setHeader(HeaderValue.newBuilder().setKey(name).setValue(value))
                .setAppendAction(HeaderValueOption.HeaderAppendAction.OVERWRITE_IF_EXISTS_OR_ADD)
                .build();
    }
}
