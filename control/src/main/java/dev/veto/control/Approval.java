package dev.veto.control;

import dev.veto.control.Event.CompiledPolicy;
import java.util.List;

/**
 * An approval and, when it was the second, the enforcement it created.
 *
 * @param status        pending, or enforced when this was the second approval
 * @param approvals     how many approvals the proposal has, this one included
 * @param enforcementId the enforcement created, or null
 * @param noticeId      its notice, or null
 * @param policies      the policies enforced from now on; empty when pending
 */
public record Approval(Committed committed, ProposalStatus status, int approvals, String enforcementId, String noticeId, List<CompiledPolicy> policies) {
    /** The revision from which the enforcement is in force: its activation entry's index + 1; -1 when none. */
    public long enforcementRevision() {
        return committed.events().stream().filter(w -> w.event() instanceof Event.EnforcementActivated).findFirst()
                .map(w -> w.index() + 1).orElse(-1L);
    }
}
