package dev.veto.control;

import dev.veto.cedar.value.EntityUid;
import java.util.LinkedHashMap;
import java.util.Map;

/** One enforcement as the log has built it. Changed only by {@link State#apply}. */
final class EnforcementState {
    final Event.EnforcementActivated activated;
    final State.Stamp activatedAt;
    EnforcementStatus status = EnforcementStatus.ACTIVE;
    State.Stamp liftedAt;
    /** Entities moved out of the scope while the enforcement was active, which it keeps restricting by name. */
    final Map<EntityUid, Kept> kept = new LinkedHashMap<>();

    /** An entity kept restricted after it left the scope, until a reviewer releases it. */
    static final class Kept {
        final Event.EvasionDetected detected;
        final State.Stamp detectedAt;
        Event.EvasionReleased released;
        State.Stamp releasedAt;

        Kept(Event.EvasionDetected detected, State.Stamp at) {
            this.detected = detected;
            this.detectedAt = at;
        }
    }

    EnforcementState(Event.EnforcementActivated activated, State.Stamp at) {
        this.activated = activated;
        this.activatedAt = at;
    }
}
