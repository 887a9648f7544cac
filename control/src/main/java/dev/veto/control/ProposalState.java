package dev.veto.control;

import dev.veto.cedar.authz.PolicySet;
import java.util.ArrayList;
import java.util.List;

/** One proposed remedy as the log has built it. Changed only by {@link State#apply}. */
final class ProposalState {
    final Event.ProposalMade made;
    final State.Stamp madeAt;
    /** The proposal's policies, parsed once when the proposal was applied: for its preview and shadow mode. */
    final List<PolicySet.Entry> parsed;
    final List<Event.ProposalApproved> approvals = new ArrayList<>();
    ProposalStatus status = ProposalStatus.PENDING;
    String enforcementId;

    ProposalState(Event.ProposalMade made, State.Stamp at, List<PolicySet.Entry> parsed) {
        this.made = made;
        this.madeAt = at;
        this.parsed = parsed;
    }

    List<String> approvers() {
        return approvals.stream().map(Event.ProposalApproved::by).toList();
    }
}
