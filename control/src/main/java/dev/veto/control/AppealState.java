package dev.veto.control;

/** One appeal as the log has built it. Changed only by {@link State#apply}. */
final class AppealState {
    final Event.AppealFiled filed;
    final State.Stamp filedAt;
    Event.AppealDecided decision;
    State.Stamp decidedAt;

    AppealState(Event.AppealFiled filed, State.Stamp at) {
        this.filed = filed;
        this.filedAt = at;
    }
}
