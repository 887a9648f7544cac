package dev.veto.bench.cedarjava;

import static org.assertj.core.api.Assertions.assertThat;

import dev.veto.bench.workload.Decider;
import dev.veto.bench.workload.PlainDecider;
import dev.veto.bench.workload.PlatformWorkload;
import dev.veto.bench.workload.Verdict;
import dev.veto.bench.workload.WorkloadCounts;
import dev.veto.bench.workload.WorkloadRequest;
import dev.veto.cedar.authz.Decision;
import dev.veto.cedar.authz.PolicySet;
import dev.veto.cedar.entity.Entities;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** cedar-java and our plain authorizer give the same decision, reasons and errors on workload requests. */
class CedarJavaAgreementTest {
    private static final int REQUESTS = 400;

    @Test
    void agreesAtScaleOneThousandth() {
        // every permit kind appears (at 0.001 there would be one permit), and three services
        // so that enforcements differ in what they close
        WorkloadCounts counts = WorkloadCounts.scaled(0.001).withPermits(40).withServices(3);
        assertAgreement(PlatformWorkload.generate(7, counts));
    }

    @Test
    void agreesAtScaleOneHundredth() {
        assertAgreement(PlatformWorkload.generate(11, 0.01));
    }

    private static void assertAgreement(PlatformWorkload w) {
        PolicySet policies = w.policySet();
        Entities store = w.entityStore();
        CedarJavaAuthorizer cedarJava = CedarJavaAuthorizer.of(w.policyTexts());
        Decider plainFull = PlainDecider.overFullSlice(policies);
        Decider plainStore = PlainDecider.overStore(policies, store);
        List<String> disagreements = new ArrayList<>();
        int denies = 0;
        int forbidReasons = 0;
        int errors = 0;
        for (WorkloadRequest r : w.requests(0, REQUESTS)) {
            WorkloadRequest full = w.withFullSlice(r);
            Verdict expected = cedarJava.decide(full.request(), full.slice());
            Verdict viaFull = plainFull.decide(full.request(), full.slice());
            Verdict viaStore = plainStore.decide(r.request(), r.slice());
            if (!expected.equals(viaFull) || !expected.equals(viaStore)) {
                disagreements.add("request " + r.index() + " " + r.request() + "\n  cedar-java: " + expected
                        + "\n  ours (full slice): " + viaFull + "\n  ours (store): " + viaStore);
            }
            denies += expected.decision() == Decision.DENY ? 1 : 0;
            forbidReasons += expected.reasons().stream().anyMatch(id -> id.startsWith("enf-")) ? 1 : 0;
            errors += expected.errors().isEmpty() ? 0 : 1;
        }
        assertThat(disagreements).isEmpty();
        // the workload exercises what it is for: denials by enforcements, and permit errors
        assertThat(denies).as("denied requests").isGreaterThan(REQUESTS / 50);
        assertThat(forbidReasons).as("requests denied by an enforcement").isEqualTo(denies);
        System.out.println(w.counts() + ": " + REQUESTS + " requests, " + denies + " denied, " + errors + " with errors");
    }
}
