package dev.veto.cli;

import dev.veto.cedar.ast.Effect;
import dev.veto.control.Decisions;
import dev.veto.control.Rejection;
import dev.veto.engine.EngineRequest;
import dev.veto.engine.EngineResponse;
import dev.veto.pep.PepDecision;
import dev.veto.pep.PepException;
import dev.veto.pep.VetoPep;
import dev.veto.server.decision.DecisionEndpoint;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * An enforcement point's replica as the decision endpoints' source: the sidecar answers with the
 * server's contract. A decision made by the fail mode, not on the state, carries one reason
 * saying so: policy {@code veto.fail-closed} (a denial) or {@code veto.fail-open} (an allow),
 * annotated with the mode and the revision last verified; on {@code last-known} each reason is
 * annotated {@code stale: "true"}.
 */
final class PepSource implements DecisionEndpoint.Source {
    private final VetoPep pep;

    PepSource(VetoPep pep) {
        this.pep = pep;
    }

    @Override
    public Decisions.Decision decide(EngineRequest request) {
        PepDecision d;
        try {
            d = pep.decide(request);
        } catch (PepException.InvalidRequest e) {
            throw new Decisions.Refused(e.field(), e.getMessage());
        } catch (PepException e) {
            throw new Rejection(Rejection.Kind.UNAVAILABLE, e.getMessage());
        }
        return new Decisions.Decision(response(d), List.of());
    }

    static EngineResponse response(PepDecision d) {
        Effect effect = d.allowed() ? Effect.PERMIT : Effect.FORBID;
        List<EngineResponse.Reason> reasons = new ArrayList<>(Math.max(1, d.reasons().size()));
        switch (d.basis()) {
            case FAIL_CLOSED, FAIL_OPEN -> reasons.add(new EngineResponse.Reason(d.allowed() ? "veto.fail-open" : "veto.fail-closed", effect,
                    Map.of("failMode", d.allowed() ? "open" : "closed", "verifiedRevision", Long.toString(d.revision()))));
            case LAST_KNOWN -> {
                for (PepDecision.Reason r : d.reasons()) {
                    Map<String, String> a = new java.util.LinkedHashMap<>(r.annotations());
                    a.put("stale", "true");
                    reasons.add(new EngineResponse.Reason(r.policyId(), effect, a));
                }
            }
            case CURRENT -> {
                for (PepDecision.Reason r : d.reasons()) {
                    reasons.add(new EngineResponse.Reason(r.policyId(), effect, r.annotations()));
                }
            }
        }
        return new EngineResponse(d.allowed() ? dev.veto.cedar.authz.Decision.ALLOW : dev.veto.cedar.authz.Decision.DENY, reasons, List.of(),
                d.revision());
    }

    @Override
    public long revision() {
        return pep.revision();
    }

    @Override
    public boolean awaitRevision(long atLeast, Duration timeout) throws InterruptedException {
        try {
            pep.awaitRevision(atLeast, timeout);
            return true;
        } catch (PepException.RevisionUnavailable e) {
            return false;
        }
    }
}
