package dev.veto.control;

import dev.veto.control.EventLog.Decided;
import dev.veto.control.notice.NoticeFacts;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Due process as rules: the customer's appeal, its decision by someone who took no part in the
 * case (a reversal lifts the enforcement and reinstates), and closing a case. Each is a function
 * of the state, the caller, the input and the time to the events it writes, or a {@link Rejection}.
 */
final class DueProcessRules {
    private DueProcessRules() {}

    static Decided<Void> fileAppeal(State s, Actor actor, String caseId, Inputs.FileAppeal in, Instant now) {
        CaseState c = Lookups.caseFor(s, actor, Permission.APPEAL_FILE, caseId);
        DueProcess.require(c, DueProcess.Step.FILE_APPEAL);
        String noticeId = in.notice();
        if (noticeId == null) {
            noticeId = c.notices.stream().filter(n -> s.notices.get(n).issued().kind() == NoticeFacts.Kind.RESTRICTION).reduce((a, b) -> b).orElse(null);
            if (noticeId == null) {
                throw Rejection.conflict("case " + c.id() + " has no restriction notice; there is nothing to appeal yet");
            }
        }
        NoticeState n = s.notices.get(noticeId);
        if (n == null || !n.issued().caseId().equals(c.id()) || n.issued().kind() != NoticeFacts.Kind.RESTRICTION) {
            throw Rejection.invalid("notice", "case " + c.id() + " has no restriction notice \"" + noticeId + "\"");
        }
        if (now.isAfter(n.issued().appealDeadline())) {
            throw Rejection.conflict("the appeal period for notice " + noticeId + " ended on " + n.issued().appealDeadline()
                    + "; out-of-court dispute settlement and the courts remain open");
        }
        String nid = noticeId;
        if (c.appeals.stream().anyMatch(a -> s.appeals.get(a).filed.noticeId().equals(nid))) {
            throw Rejection.conflict("notice " + noticeId + " has already been appealed");
        }
        String id = "A-" + c.id().substring(2) + "-" + (c.appeals.size() + 1);
        return Decided.of(null, new Event.AppealFiled(id, c.id(), noticeId, Validate.text("statement", in.statement()), actor.subject()));
    }

    static Decided<Void> decideAppeal(State s, Actor actor, String appealId, Inputs.DecideAppeal in, Instant now) {
        AppealState a = s.appeals.get(appealId);
        if (a == null || Lookups.hiddenFrom(actor, s.cases.get(a.filed.caseId()))) {
            throw Rejection.notFound("there is no appeal \"" + appealId + "\"");
        }
        CaseState c = s.cases.get(a.filed.caseId());
        Access.SHIPPED.require(actor, Permission.APPEAL_DECIDE, Access.Target.of("Appeal", appealId).with("org", c.org()).with("involved", c.involved));
        // Repeated from the access policy, on subjects, so that no edit of it can switch it off.
        if (!s.roster.contains(actor.subject())) {
            throw new Rejection(Rejection.Kind.FORBIDDEN, "\"" + actor.subject() + "\" is not on the approver roster");
        }
        if (c.involved.contains(actor.subject())) {
            throw new Rejection(Rejection.Kind.FORBIDDEN, "an appeal must be decided by someone who took no part in the case");
        }
        if (a.decision != null) {
            throw Rejection.conflict("appeal " + appealId + " was already decided: " + a.decision.outcome().wireName());
        }
        String outcomeText = Validate.text("outcome", in.outcome());
        AppealOutcome outcome = AppealOutcome.parse(outcomeText);
        if (outcome == null) {
            throw Rejection.invalid("outcome", "`outcome` must be \"upheld\" or \"reversed\", got \"" + outcomeText + "\"");
        }
        String reasoning = Validate.text("reasoning", in.reasoning());
        List<Event> events = new ArrayList<>();
        events.add(new Event.AppealDecided(appealId, outcome, reasoning, actor.subject()));
        NoticeState n = s.notices.get(a.filed.noticeId());
        String enforcementId = n.issued().enforcementId();
        NoticeFacts reinstatement = null;
        switch (outcome) {
            case REVERSED -> {
                events.add(new Event.EnforcementLifted(enforcementId, "appeal " + appealId + " reversed the decision", actor.subject()));
                EnforcementState enf = s.enforcements.get(enforcementId);
                String noticeId = n.issued().id() + "-R";
                reinstatement = Notices.checked(() -> Notices.facts(s, noticeId, NoticeFacts.Kind.REINSTATEMENT, c.id(), enforcementId,
                        enf.activated.proposalId(), enf.activatedAt.time(), now, n.issued().appealDeadline(), appealId, reasoning));
                events.add(new Event.NoticeIssued(noticeId, NoticeFacts.Kind.REINSTATEMENT, c.id(), enforcementId, appealId, null,
                        Notices.letterSha256(reinstatement)));
            }
            case UPHELD -> {}
        }
        // The case is done once no appeal is pending and every enforcement still active has had
        // its appeal decided; an enforcement nobody appealed yet keeps the case open for one.
        boolean otherPending = c.appeals.stream().anyMatch(x -> !x.equals(appealId) && s.appeals.get(x).decision == null);
        boolean unappealedActive = c.enforcements.stream()
                .filter(e -> !e.equals(enforcementId) && s.enforcements.get(e).status == EnforcementStatus.ACTIVE)
                .anyMatch(e -> c.appeals.stream().noneMatch(x -> s.notices.get(s.appeals.get(x).filed.noticeId()).issued().enforcementId().equals(e)
                        && s.appeals.get(x).decision != null));
        if (!otherPending && !unappealedActive) {
            events.add(new Event.CaseClosed(c.id(), "appeal " + appealId + " " + outcome.wireName(), actor.subject()));
        }
        return new Decided<>(events, null, reinstatement);
    }

    static Decided<Void> closeCase(State s, Actor actor, String caseId, Inputs.CloseCase in, Instant now) {
        CaseState c = Lookups.caseFor(s, actor, Permission.CASE_CLOSE, caseId);
        DueProcess.require(c, DueProcess.Step.CLOSE);
        String why = DueProcess.closable(s, c, now);
        if (why != null) {
            throw Rejection.conflict(why);
        }
        return Decided.of(null, new Event.CaseClosed(c.id(), Validate.text("reason", in.reason()), actor.subject()));
    }

    /** Lifts the restriction an enforcement kept on an entity moved out of its scope: a reviewer's call, recorded with why. */
    static Decided<Void> release(State s, Actor actor, String caseId, Inputs.Release in, Instant now) {
        CaseState c = Lookups.caseFor(s, actor, Permission.CASE_RELEASE, caseId);
        DueProcess.require(c, DueProcess.Step.RELEASE);
        Event.Ref entity = Validate.required("entity", in.entity());
        Validate.text("entity.type", entity.type());
        Validate.text("entity.id", entity.id());
        dev.veto.cedar.value.EntityUid uid = dev.veto.cedar.value.EntityUid.of(entity.type(), entity.id());
        String reason = Validate.text("reason", in.reason());
        for (String id : c.enforcements) {
            EnforcementState enf = s.enforcements.get(id);
            EnforcementState.Kept kept = enf.kept.get(uid);
            if (kept != null && kept.releasedAt == null && enf.status == EnforcementStatus.ACTIVE) {
                return Decided.of(null, new Event.EvasionReleased(id, entity, reason, actor.subject()));
            }
        }
        throw Rejection.invalid("entity", "no enforcement of case " + c.id() + " keeps " + uid + " restricted");
    }
}
