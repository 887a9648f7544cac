package dev.veto.control;

import dev.veto.cedar.entity.Entity;
import dev.veto.cedar.value.EntityUid;
import dev.veto.cedar.value.StringValue;
import dev.veto.control.notice.NoticeFacts;
import dev.veto.control.notice.NoticeWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Supplier;

/**
 * The facts of a notice, from the state as it stands when the notice is issued. A command builds
 * them before it appends (so a notice that cannot be written is refused, not logged) and hands
 * them to {@link State#apply}; replay builds them from the same state, so it reaches the same letter.
 */
final class Notices {
    private Notices() {}

    /**
     * The facts of a notice about to be issued.
     *
     * @param activatedAt when the enforcement took (or takes) effect
     * @param reasoning   the appeal decision's reasoning, for a reinstatement
     */
    static NoticeFacts facts(State s, String noticeId, NoticeFacts.Kind kind, String caseId, String enforcementId, String proposalId,
            Instant activatedAt, Instant issuedAt, Instant appealDeadline, String appealId, String reasoning) {
        CaseState c = s.cases.get(caseId);
        ProposalState p = s.proposals.get(proposalId);
        Event.PrinciplePut principle = s.principles.get(c.opened.principle());
        boolean reinstatement = kind == NoticeFacts.Kind.REINSTATEMENT;
        Instant effective = p.made.effectiveAt() == null || p.made.effectiveAt().isBefore(activatedAt) ? activatedAt : p.made.effectiveAt();
        Instant windowEnd = p.made.exportWindowEndsAt() != null ? p.made.exportWindowEndsAt()
                : effective.plus(Duration.ofDays(p.made.exportWindowDays()));
        return new NoticeFacts(noticeId, kind, c.id(), enforcementId,
                c.org(), name(s, EntityUid.of("Org", c.org())), p.made.scope().type(), p.made.scope().id(),
                name(s, EntityUid.of(p.made.scope().type(), p.made.scope().id())), p.made.services(), effective, windowEnd,
                principle.id(), principle.title(), principle.clause(), principle.text(), principle.url(),
                p.made.contractualGround(), p.made.legalGround(), p.made.explanation(),
                c.findings.values().stream().map(Event.FindingRecorded::statement).toList(),
                c.evidence.values().stream().map(x -> new NoticeFacts.EvidenceSummary(x.kind(), x.source(), x.description(), x.collectedAt(), x.sha256())).toList(),
                p.made.territorialScope(), issuedAt, appealDeadline, s.provider, reinstatement ? reasoning : null, reinstatement ? appealId : null);
    }

    /**
     * SHA-256 (hex) of the letter of the notice with {@code facts}, as a receipt's holder
     * recomputes it from the notice it holds: the canonical JSON (sorted keys, no whitespace) of
     * {@code {"id", "kind", "sections", "subject", "text"}}.
     */
    static String letterSha256(NoticeFacts facts) {
        return Receipts.letterSha256(letterFields(NoticeWriter.letter(facts)));
    }

    /** The fields of a letter a receipt binds, as a JSON object. */
    static tools.jackson.databind.node.ObjectNode letterFields(NoticeWriter.Letter l) {
        tools.jackson.databind.node.ObjectNode o = tools.jackson.databind.node.JsonNodeFactory.instance.objectNode();
        o.put("id", l.noticeId());
        o.put("kind", l.kind());
        tools.jackson.databind.node.ObjectNode sections = o.putObject("sections");
        l.sections().forEach(sections::put);
        o.put("subject", l.subject());
        o.put("text", l.text());
        return o;
    }

    /** The facts of notice {@code e} as replay builds them: from the state just before it, at its log time. */
    static NoticeFacts factsAtApply(State s, Event.NoticeIssued e, Instant time) {
        EnforcementState enf = s.enforcements.get(e.enforcementId());
        AppealState appeal = e.appealId() == null ? null : s.appeals.get(e.appealId());
        Instant deadline = e.appealDeadline() != null ? e.appealDeadline() : s.notices.get(enf.activated.noticeId()).issued().appealDeadline();
        return facts(s, e.id(), e.kind(), e.caseId(), e.enforcementId(), enf.activated.proposalId(), enf.activatedAt.time(), time, deadline,
                e.appealId(), appeal == null || appeal.decision == null ? null : appeal.decision.reasoning());
    }

    /** Builds facts, turning a notice that cannot be written into a refusal that names why. */
    static NoticeFacts checked(Supplier<NoticeFacts> facts) {
        try {
            return facts.get();
        } catch (IllegalArgumentException e) {
            throw Rejection.conflict("the notice to the customer cannot be written: " + e.getMessage() + "; correct the case, principle or proposal first");
        }
    }

    private static String name(State s, EntityUid uid) {
        Entity e = s.entities.get(uid);
        if (e != null && e.attributes().get("name") instanceof StringValue v && !v.value().isBlank()) {
            return v.value();
        }
        return null;
    }
}
