package dev.veto.control;

import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * The case's due process as one state machine: which step each status allows, and which status
 * each event leads to. Every rule asks here before it writes; {@link State#apply} asks here what
 * an event makes of the case. The guards that depend on more than the status (an appeal period
 * that still runs, an appeal pending) sit beside the table, in {@link #closable}.
 */
final class DueProcess {
    private DueProcess() {}

    /** What can be done to a case. */
    enum Step {
        ADD_EVIDENCE, RECORD_FINDING, PROPOSE, APPROVE, FILE_APPEAL, DECIDE_APPEAL, CLOSE, RELEASE
    }

    /**
     * The table. Under review ({@code OPEN}) a case gathers evidence and findings and its remedies
     * are proposed and approved. Once a remedy is in force ({@code ENFORCED}) the customer may
     * appeal, the review may go on (a further remedy), and a reviewer may release an entity the
     * enforcement kept after it was moved. While an appeal waits ({@code APPEALED}) nothing about
     * the remedy changes: only appeals are filed and decided. A {@code CLOSED} case takes nothing but
     * releases (an upheld enforcement stays in force after its case closes).
     */
    private static final Map<CaseStatus, Set<Step>> ALLOWED = new EnumMap<>(Map.of(
            CaseStatus.OPEN, EnumSet.of(Step.ADD_EVIDENCE, Step.RECORD_FINDING, Step.PROPOSE, Step.APPROVE, Step.CLOSE),
            CaseStatus.ENFORCED, EnumSet.of(Step.ADD_EVIDENCE, Step.RECORD_FINDING, Step.PROPOSE, Step.APPROVE, Step.FILE_APPEAL, Step.CLOSE,
                    Step.RELEASE),
            CaseStatus.APPEALED, EnumSet.of(Step.FILE_APPEAL, Step.DECIDE_APPEAL, Step.RELEASE),
            CaseStatus.CLOSED, EnumSet.of(Step.RELEASE)));

    static boolean allows(CaseStatus status, Step step) {
        return ALLOWED.get(status).contains(step);
    }

    /** Refuses {@code step} on case {@code c} unless its status allows it, saying why. */
    static void require(CaseState c, Step step) {
        if (allows(c.status, step)) {
            return;
        }
        throw Rejection.conflict(switch (c.status) {
            case OPEN -> "case " + c.id() + " has no restriction in force yet; there is nothing to " + (step == Step.FILE_APPEAL ? "appeal" : "do here");
            case ENFORCED -> "case " + c.id() + " has no appeal waiting for a decision";
            case APPEALED -> "case " + c.id() + " is under appeal; wait for the appeal decision";
            case CLOSED -> "case " + c.id() + " is closed" + (step == Step.FILE_APPEAL
                    ? "; out-of-court dispute settlement and the courts remain open" : "");
        });
    }

    /** The status an event leads a case to; {@code appealsPending} is whether appeals still wait after it. */
    static CaseStatus after(CaseStatus status, Event event, boolean appealsPending) {
        return switch (event) {
            case Event.CaseOpened e -> CaseStatus.OPEN;
            case Event.EnforcementActivated e -> CaseStatus.ENFORCED;
            case Event.AppealFiled e -> CaseStatus.APPEALED;
            case Event.AppealDecided e -> appealsPending ? CaseStatus.APPEALED : CaseStatus.ENFORCED;
            case Event.CaseClosed e -> CaseStatus.CLOSED;
            default -> status;
        };
    }

    /**
     * Why case {@code c} cannot be closed at {@code now}, or null when it can: an appeal still
     * waits, or an enforcement in force can still be appealed (its notice promised an appeal until
     * a date not yet passed, and nobody has appealed it). Closing never takes away an appeal a
     * notice promised.
     */
    static String closable(State s, CaseState c, java.time.Instant now) {
        for (String a : c.appeals) {
            if (s.appeals.get(a).decision == null) {
                return "case " + c.id() + " has an undecided appeal (" + a + "); decide it first";
            }
        }
        for (String n : c.notices) {
            NoticeState notice = s.notices.get(n);
            if (notice.issued().kind() != dev.veto.control.notice.NoticeFacts.Kind.RESTRICTION) {
                continue;
            }
            EnforcementState enf = s.enforcements.get(notice.issued().enforcementId());
            boolean appealed = c.appeals.stream().anyMatch(a -> s.appeals.get(a).filed.noticeId().equals(n));
            if (enf.status == EnforcementStatus.ACTIVE && !appealed && !now.isAfter(notice.issued().appealDeadline())) {
                return "enforcement " + enf.activated.id() + " is in force and notice " + n + " lets the customer appeal until "
                        + notice.issued().appealDeadline() + "; the case can be closed once that period ends or the appeal is decided";
            }
        }
        return null;
    }
}
