package dev.veto.bench.cedarjava;

import static org.assertj.core.api.Assertions.assertThat;

import com.cedarpolicy.model.policy.Policy;
import com.cedarpolicy.model.policy.PolicySet;
import dev.veto.bench.workload.PlatformWorkload;
import dev.veto.bench.workload.WorkloadCounts;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Every policy the workload generates is Cedar as the reference implementation reads it. */
class CedarJavaParsesWorkloadTest {

    @Test
    void everyPolicyOfTheFullWorkloadParses() throws Exception {
        PlatformWorkload w = PlatformWorkload.generate(1, 1.0);
        PolicySet parsed = PolicySet.parsePolicies(w.policyText());
        assertThat(parsed.getNumPolicies()).isEqualTo(WorkloadCounts.FULL.policies());
        assertThat(parsed.getNumTemplates()).isZero();
    }

    @Test
    void eachPolicyParsesAloneAndCarriesItsIdAnnotation() throws Exception {
        PlatformWorkload w = PlatformWorkload.generate(1, WorkloadCounts.scaled(0.01).withPermits(40));
        for (Map.Entry<String, String> t : w.policyTexts().entrySet()) {
            Policy p = Policy.parseStaticPolicy(t.getValue());
            assertThat(p.getAnnotation("id")).as(t.getKey()).isEqualTo(t.getKey());
        }
    }
}
