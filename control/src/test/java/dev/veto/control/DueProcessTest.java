package dev.veto.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.veto.control.DueProcess.Step;
import dev.veto.control.Event.Ref;
import java.time.Instant;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The due-process table, every cell of it: which steps each case status allows (written out here
 * once more, by hand, so a change to the table is a change to this test too), that a refused step
 * says why with a conflict, and which status each event leads to.
 */
class DueProcessTest {
    private static final Map<CaseStatus, Set<Step>> EXPECTED = new EnumMap<>(Map.of(
            CaseStatus.OPEN, EnumSet.of(Step.ADD_EVIDENCE, Step.RECORD_FINDING, Step.PROPOSE, Step.APPROVE, Step.CLOSE),
            CaseStatus.ENFORCED, EnumSet.of(Step.ADD_EVIDENCE, Step.RECORD_FINDING, Step.PROPOSE, Step.APPROVE, Step.FILE_APPEAL, Step.CLOSE,
                    Step.RELEASE),
            CaseStatus.APPEALED, EnumSet.of(Step.FILE_APPEAL, Step.DECIDE_APPEAL, Step.RELEASE),
            CaseStatus.CLOSED, EnumSet.of(Step.RELEASE)));

    private static CaseState caseIn(CaseStatus status) {
        CaseState c = new CaseState(new Event.CaseOpened("C-0001", new Ref("Unit", "u"), "mx", "p", "s", "rita"),
                new State.Stamp(0, Instant.EPOCH));
        c.status = status;
        return c;
    }

    @Test
    void everyStatusAllowsExactlyItsSteps() {
        assertThat(EXPECTED.keySet()).containsExactlyInAnyOrder(CaseStatus.values());
        int cells = 0;
        for (CaseStatus status : CaseStatus.values()) {
            for (Step step : Step.values()) {
                boolean allowed = EXPECTED.get(status).contains(step);
                assertThat(DueProcess.allows(status, step)).as(status + " × " + step).isEqualTo(allowed);
                CaseState c = caseIn(status);
                if (allowed) {
                    DueProcess.require(c, step);
                } else {
                    assertThatThrownBy(() -> DueProcess.require(c, step)).as(status + " × " + step)
                            .isInstanceOfSatisfying(Rejection.class, r -> {
                                assertThat(r.kind()).isEqualTo(Rejection.Kind.CONFLICT);
                                assertThat(r.getMessage()).contains("C-0001");
                            });
                }
                cells++;
            }
        }
        assertThat(cells).isEqualTo(CaseStatus.values().length * Step.values().length);
    }

    @Test
    void eachEventLeadsToItsStatus() {
        Event opened = new Event.CaseOpened("C-0001", new Ref("Unit", "u"), "mx", "p", "s", "rita");
        Event enforced = new Event.EnforcementActivated("ENF-0001-1", "C-0001", "P-0001-1", "N-0001-1", List.of());
        Event appealed = new Event.AppealFiled("A-0001-1", "C-0001", "N-0001-1", "x", "mx-legal");
        Event decided = new Event.AppealDecided("A-0001-1", AppealOutcome.UPHELD, "x", "carl");
        Event closed = new Event.CaseClosed("C-0001", "x", "rita");
        Event other = new Event.EvidenceAdded("C-0001", "EV-1", "k", "s", "d", "a".repeat(64), Instant.EPOCH, "rita");
        for (CaseStatus from : CaseStatus.values()) {
            assertThat(DueProcess.after(from, opened, false)).isEqualTo(CaseStatus.OPEN);
            assertThat(DueProcess.after(from, enforced, false)).isEqualTo(CaseStatus.ENFORCED);
            assertThat(DueProcess.after(from, appealed, true)).isEqualTo(CaseStatus.APPEALED);
            assertThat(DueProcess.after(from, decided, true)).as("another appeal still waits").isEqualTo(CaseStatus.APPEALED);
            assertThat(DueProcess.after(from, decided, false)).isEqualTo(CaseStatus.ENFORCED);
            assertThat(DueProcess.after(from, closed, false)).isEqualTo(CaseStatus.CLOSED);
            assertThat(DueProcess.after(from, other, false)).as("evidence changes no status").isEqualTo(from);
        }
    }
}
