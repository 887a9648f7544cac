package dev.veto.bench.workload;

import static org.assertj.core.api.Assertions.assertThat;

import dev.veto.cedar.authz.Decision;
import java.util.List;
import org.junit.jupiter.api.Test;

class DecisionTimerTest {

    @Test
    void timesEveryDecisionOfEveryRound() {
        PlatformWorkload w = PlatformWorkload.generate(1, 0.001);
        List<WorkloadRequest> requests = w.requests(0, 50);
        int[] calls = {0};
        Decider denyEveryOther = (request, slice) -> {
            calls[0]++;
            return Verdict.of(calls[0] % 2 == 0 ? Decision.DENY : Decision.ALLOW, List.of("p"), List.of());
        };
        DecisionTimer.Timing t = DecisionTimer.time("test", denyEveryOther, requests, 2, 3);
        assertThat(calls[0]).isEqualTo(50 * 5);
        assertThat(t.decisions()).isEqualTo(150);
        assertThat(t.denies()).isEqualTo(75);
        assertThat(t.medianNanos()).isPositive().isLessThanOrEqualTo(t.p99Nanos());
        assertThat(t.p99Nanos()).isLessThanOrEqualTo(t.maxNanos());
        assertThat(t.perSecond()).isPositive();
        assertThat(t.toString()).startsWith("test: 150 decisions, median ");
    }

    @Test
    void plainDecidersOverFullSliceAndOverStoreAgree() {
        PlatformWorkload w = PlatformWorkload.generate(4, 0.001);
        var policies = w.policySet();
        Decider full = PlainDecider.overFullSlice(policies);
        Decider stored = PlainDecider.overStore(policies, w.entityStore());
        for (WorkloadRequest r : w.requests(0, 200)) {
            assertThat(stored.decide(r.request(), r.slice())).isEqualTo(full.decide(r.request(), w.fullSlice(r)));
        }
    }
}
