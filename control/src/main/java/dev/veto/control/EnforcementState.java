package dev.veto.control;

/** One enforcement as the log has built it. Changed only by {@link State#apply}. */
final class EnforcementState {
    final Event.EnforcementActivated activated;
    final State.Stamp activatedAt;
    EnforcementStatus status = EnforcementStatus.ACTIVE;
    State.Stamp liftedAt;

    EnforcementState(Event.EnforcementActivated activated, State.Stamp at) {
        this.activated = activated;
        this.activatedAt = at;
    }
}
