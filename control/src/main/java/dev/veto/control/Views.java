package dev.veto.control;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.veto.cedar.value.EntityUid;
import dev.veto.control.Event.CompiledPolicy;
import dev.veto.control.Event.Ref;
import dev.veto.control.notice.NoticeFacts;
import dev.veto.control.notice.NoticeWriter;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Read models for the API: plain records, JSON-ready, built from the projections while no command
 * changes them, and holding nothing of the control plane. Every workflow step names the log
 * index that records it. Values absent from a record are left out of its JSON, except where a
 * component says {@code ALWAYS} (the API has always written those as {@code null}).
 */
public final class Views {
    private Views() {}

    /** A case: its subject, evidence, findings, remedies, notices, appeals and timeline. */
    public record CaseView(String id, CaseStatus status, Ref subject, String org, String principle, String summary, String openedBy,
            Instant openedAt, String assignee, List<Event.EvidenceAdded> evidence, List<Event.FindingRecorded> findings, List<ProposalView> proposals,
            List<EnforcementView> enforcements, List<String> notices, List<AppealView> appeals, List<EvasionView> evasions,
            List<TimelineEntry> timeline) {}

    /**
     * A case as a queue lists it: what it is about, where it stands, how old it is, what waits in
     * it; {@code searchText} is what a search of the queue matches, in lower case (made once per
     * summary, not once per search).
     */
    public record CaseSummary(String id, CaseStatus status, Ref subject, String org, String principle, String summary, String openedBy,
            Instant openedAt, String assignee, int evidence, int pendingProposals, int pendingAppeals, String searchText) {}

    /**
     * An entity moved out of an enforcement's scope, which the enforcement kept restricting by
     * name: when the move was seen (the log entry after the write that made it), and whether and
     * why a reviewer released it.
     */
    public record EvasionView(String enforcement, Ref entity, Ref from, Instant detectedAt, long index, List<String> policies,
            Instant releasedAt, String releasedBy, String reason) {}

    /** A proposed remedy; {@code shadowWouldDeny} only for staff, while a shadow proposal is pending. */
    public record ProposalView(String id, @JsonProperty("case") String caseId, ProposalStatus status, Ref scope, List<String> services,
            @JsonInclude(JsonInclude.Include.ALWAYS) Instant effectiveAt,
            @JsonInclude(JsonInclude.Include.ALWAYS) Integer exportWindowDays,
            @JsonInclude(JsonInclude.Include.ALWAYS) Instant exportWindowEndsAt,
            @JsonInclude(JsonInclude.Include.ALWAYS) String legalGround,
            String contractualGround, String explanation, List<String> territorialScope, boolean shadow, Long shadowWouldDeny,
            String proposedBy, long index, List<ApprovalView> approvals,
            @JsonInclude(JsonInclude.Include.ALWAYS) String enforcement,
            List<CompiledPolicy> policies) {}

    public record ApprovalView(String by, String comment) {}

    /** An enforcement; {@code revision} is the one from which it is in force, {@code liftedRevision} the one from which it is not. */
    public record EnforcementView(String id, @JsonProperty("case") String caseId, String proposal, EnforcementStatus status, String notice,
            Instant activatedAt, long revision, Instant liftedAt, Long liftedRevision, List<CompiledPolicy> policies) {

        /** The revision an enforcement point must have applied to enforce this as it stands: the lifting once lifted. */
        public long requiredRevision() {
            return switch (status) {
                case ACTIVE -> revision;
                case LIFTED -> liftedRevision;
            };
        }
    }

    public record AppealView(String id, @JsonProperty("case") String caseId, String notice, String statement, String filedBy, Instant filedAt,
            AppealOutcome outcome, String reasoning, String decidedBy, Instant decidedAt) {}

    /** A notice letter (DSA Art. 17(3) elements) and where the log records it. */
    public record NoticeView(String id, NoticeFacts.Kind kind, @JsonProperty("case") String caseId, String enforcement, String org,
            Instant issuedAt, long index, Instant appealDeadline, String subject, Map<String, String> sections, String text) {}

    /** The approver roster: its members and every change proposed to it. */
    public record RosterView(List<String> members, List<RosterChangeView> changes) {}

    public record RosterChangeView(String id, RosterChange change, String member, String reason, String proposedBy, Instant proposedAt,
            long index, List<ApprovalView> approvals, String status, Instant appliedAt) {}

    /** A token's record, without its secret (never stored). */
    public record TokenView(String id, String subject, Role role, String org, Instant expiresAt, String createdBy, Instant revokedAt) {}

    // ---- built from the projections, under the event log's read lock ----

    static RosterView roster(State s) {
        List<RosterChangeView> changes = new ArrayList<>();
        for (Roster.Change c : s.roster.changes.values()) {
            Event.RosterChangeProposed p = c.proposed;
            changes.add(new RosterChangeView(p.id(), p.change(), p.member(), p.reason(), p.by(), c.proposedAt.time(), c.proposedAt.index(),
                    c.approvals.stream().map(a -> new ApprovalView(a.by(), a.comment())).toList(), c.pending() ? "pending" : "applied",
                    c.appliedAt == null ? null : c.appliedAt.time()));
        }
        return new RosterView(s.roster.members(), changes);
    }

    static TokenView token(Tokens.Token t) {
        return new TokenView(t.id, t.subject, t.role, t.org, t.expiresAt, t.createdBy, t.revokedAt);
    }

    static CaseSummary summary(State s, CaseState c) {
        int pendingProposals = 0;
        for (String p : c.proposals) {
            if (s.proposals.get(p).status == ProposalStatus.PENDING) {
                pendingProposals++;
            }
        }
        int pendingAppeals = 0;
        for (String a : c.appeals) {
            if (s.appeals.get(a).decision == null) {
                pendingAppeals++;
            }
        }
        String search = String.join("\n", c.id(), c.opened.summary(), c.org(), c.opened.principle(), c.opened.subject().id(), c.opened.by(),
                c.assignee == null ? "" : c.assignee).toLowerCase(java.util.Locale.ROOT);
        return new CaseSummary(c.id(), c.status, c.opened.subject(), c.org(), c.opened.principle(), c.opened.summary(), c.opened.by(),
                c.openedAt.time(), c.assignee, c.evidence.size(), pendingProposals, pendingAppeals, search);
    }

    /** {@code customer}: the caller is the case's organization, which sees remedies decided against it, not internal drafts. */
    static CaseView caseView(State s, Decisions decisions, String id, boolean customer) {
        CaseState c = s.cases.get(id);
        List<EvasionView> evasions = new ArrayList<>();
        for (String e : c.enforcements) {
            for (EnforcementState.Kept k : s.enforcements.get(e).kept.values()) {
                evasions.add(new EvasionView(e, k.detected.entity(), k.detected.from(), k.detectedAt.time(), k.detectedAt.index(),
                        k.detected.policies().stream().map(CompiledPolicy::id).toList(), k.releasedAt == null ? null : k.releasedAt.time(),
                        k.released == null ? null : k.released.by(), k.released == null ? null : k.released.reason()));
            }
        }
        return new CaseView(c.id(), c.status, c.opened.subject(), c.org(), c.opened.principle(), c.opened.summary(), c.opened.by(),
                c.openedAt.time(), customer ? null : c.assignee, new ArrayList<>(c.evidence.values()), new ArrayList<>(c.findings.values()),
                c.proposals.stream().filter(p -> !customer || isDecided(s, p)).map(p -> proposal(s, decisions, p, customer)).toList(),
                c.enforcements.stream().map(e -> enforcement(s, e)).toList(), List.copyOf(c.notices),
                c.appeals.stream().map(a -> appeal(s, a)).toList(), evasions.isEmpty() ? null : evasions,
                c.timeline.stream().filter(t -> !customer || customerSees(s, t)).toList());
    }

    /** Whether a customer's view of its case shows step {@code t}: every step but those of drafts and shadow trials. */
    static boolean customerSees(State s, TimelineEntry t) {
        return t.proposal() == null || isDecided(s, t.proposal());
    }

    /** Whether a customer may see proposal {@code id}: only a remedy decided against it, never a draft or a shadow trial. */
    static boolean isDecided(State s, String id) {
        return s.proposals.get(id).status == ProposalStatus.ENFORCED;
    }

    static ProposalView proposal(State s, Decisions decisions, String id, boolean customer) {
        ProposalState p = s.proposals.get(id);
        Event.ProposalMade m = p.made;
        Long wouldDeny = !customer && m.shadow() && p.status == ProposalStatus.PENDING ? decisions.shadowCounts().getOrDefault(id, 0L) : null;
        return new ProposalView(id, m.caseId(), p.status, m.scope(), m.services(), m.effectiveAt(), m.exportWindowDays(), m.exportWindowEndsAt(),
                m.legalGround(), m.contractualGround(), m.explanation(), m.territorialScope(), m.shadow(), wouldDeny, m.by(), p.madeAt.index(),
                p.approvals.stream().map(a -> new ApprovalView(a.by(), a.comment())).toList(), p.enforcementId, m.policies());
    }

    static EnforcementView enforcement(State s, String id) {
        EnforcementState e = s.enforcements.get(id);
        return new EnforcementView(id, e.activated.caseId(), e.activated.proposalId(), e.status, e.activated.noticeId(), e.activatedAt.time(),
                e.activatedAt.index() + 1, e.liftedAt == null ? null : e.liftedAt.time(), e.liftedAt == null ? null : e.liftedAt.index() + 1,
                e.activated.policies());
    }

    static AppealView appeal(State s, String id) {
        AppealState a = s.appeals.get(id);
        Event.AppealDecided d = a.decision;
        return new AppealView(id, a.filed.caseId(), a.filed.noticeId(), a.filed.statement(), a.filed.by(), a.filedAt.time(),
                d == null ? null : d.outcome(), d == null ? null : d.reasoning(), d == null ? null : d.by(), a.decidedAt == null ? null : a.decidedAt.time());
    }

    static NoticeView notice(State s, String id) {
        NoticeState n = s.notices.get(id);
        NoticeWriter.Letter letter = NoticeWriter.letter(n.facts());
        return new NoticeView(id, n.facts().kind(), n.issued().caseId(), n.issued().enforcementId(), s.cases.get(n.issued().caseId()).org(),
                n.issuedAt().time(), n.issuedAt().index(), n.issued().appealDeadline(), letter.subject(), letter.sections(), letter.text());
    }

    /** The statement of reasons in the DSA Transparency Database's field names and values. */
    static Map<String, Object> statementOfReasons(State s, String id) {
        NoticeState n = s.notices.get(id);
        Map<String, Object> sor = NoticeWriter.statementOfReasons(n.facts());
        CaseState c = s.cases.get(n.issued().caseId());
        Instant hosted = s.firstSeen.get(EntityUid.of(c.opened.subject().type(), c.opened.subject().id()));
        if (hosted != null) {
            // When the platform started serving the unit: the API's required `content_date`.
            sor.put("content_date", DateTimeFormatter.ISO_LOCAL_DATE.format(hosted.atZone(ZoneOffset.UTC)));
        }
        return sor;
    }
}
