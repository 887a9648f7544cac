package dev.veto.control;

import dev.veto.cedar.value.EntityUid;
import dev.veto.control.Event.CompiledPolicy;
import dev.veto.control.Event.Ref;
import dev.veto.control.EventLog.Decided;
import dev.veto.control.notice.NoticeFacts;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The review and the decision as rules: open a case, add evidence and findings, propose a
 * remedy, approve it (the second approval enforces). Each is a function of the state, the
 * caller, the input and the time to the events it writes, or a {@link Rejection}.
 */
final class ReviewRules {
    /** How long the customer has to appeal a restriction (DSA Art. 20(1): at least six months). */
    static final int APPEAL_MONTHS = 6;
    /** The export window's bounds, however it is given. */
    static final int MIN_WINDOW_DAYS = 1;
    static final int MAX_WINDOW_DAYS = 366;

    private ReviewRules() {}

    /**
     * The reviewer takes case {@code caseId} (or, when it is null, the oldest open case nobody
     * has taken). Taking a case someone else holds is refused: that is for them to hand back by
     * leaving it, not for a colleague to take silently.
     */
    static Decided<String> take(State s, Actor actor, String caseId, Instant now) {
        Access.SHIPPED.require(actor, Permission.CASE_OPEN, Access.Target.PLATFORM_TARGET);
        CaseState c;
        if (caseId == null) {
            c = s.cases.values().stream().filter(x -> x.status == CaseStatus.OPEN && x.assignee == null).findFirst()
                    .orElseThrow(() -> Rejection.notFound("no open case is waiting for a reviewer"));
        } else {
            c = Lookups.caseFor(s, actor, Permission.EVIDENCE_ADD, caseId);
            if (c.status == CaseStatus.CLOSED) {
                throw Rejection.conflict("case " + c.id() + " is closed");
            }
            if (actor.subject().equals(c.assignee)) {
                throw Rejection.conflict("case " + c.id() + " is yours already");
            }
            if (c.assignee != null) {
                throw Rejection.conflict("case " + c.id() + " is taken by " + c.assignee);
            }
        }
        return Decided.of(c.id(), new Event.CaseAssigned(c.id(), actor.subject(), actor.subject()));
    }

    static Decided<Void> openCase(State s, Actor actor, Inputs.OpenCase in, Instant now) {
        Access.SHIPPED.require(actor, Permission.CASE_OPEN, Access.Target.PLATFORM_TARGET);
        Ref subject = Validate.required("subject", in.subject());
        EntityUid uid = Lookups.entity(s, "subject", subject);
        String org = Hierarchy.orgOf(uid, s.entities);
        if (org == null) {
            throw Rejection.invalid("subject", "subject " + uid + " is not under any Org; a case is against a unit of a customer organization");
        }
        String principle = Lookups.principle(s, "principle", in.principle());
        String id = String.format("C-%04d", s.cases.size() + 1);
        return Decided.of(null, new Event.CaseOpened(id, subject, org, principle, Validate.text("summary", in.summary()), actor.subject()));
    }

    static Decided<Void> addEvidence(State s, Actor actor, String caseId, Inputs.AddEvidence in, Instant now) {
        CaseState c = Lookups.caseFor(s, actor, Permission.EVIDENCE_ADD, caseId);
        DueProcess.require(c, DueProcess.Step.ADD_EVIDENCE);
        Boolean content = Validate.required("customerContentAccessed", in.customerContentAccessed());
        if (content) {
            throw Rejection.invalid("customerContentAccessed", "evidence drawn from customer content is refused: a review rests on the provider's own records "
                    + "(billing, metering, contracts, correspondence, press reports), never on what customers store or process; "
                    + "record evidence that did not require accessing customer content");
        }
        return Decided.of(null, new Event.EvidenceAdded(c.id(), "EV-" + (c.evidence.size() + 1), Validate.name("kind", in.kind()),
                Validate.text("source", in.source()), Validate.text("description", in.description()),
                Validate.sha256("sha256", in.sha256()), Validate.notInFuture("collectedAt", in.collectedAt(), now), actor.subject()));
    }

    static Decided<Void> recordFinding(State s, Actor actor, String caseId, Inputs.RecordFinding in, Instant now) {
        CaseState c = Lookups.caseFor(s, actor, Permission.FINDING_RECORD, caseId);
        DueProcess.require(c, DueProcess.Step.RECORD_FINDING);
        String principle = Lookups.principle(s, "principle", in.principle());
        List<String> evidence = Validate.nonEmpty("evidence", in.evidence());
        for (int i = 0; i < evidence.size(); i++) {
            if (!c.evidence.containsKey(evidence.get(i))) {
                throw Rejection.invalid("evidence[" + i + "]", "case " + c.id() + " has no evidence \"" + evidence.get(i) + "\"; it has " + c.evidence.keySet());
            }
        }
        return Decided.of(null, new Event.FindingRecorded(c.id(), "F-" + (c.findings.size() + 1), principle,
                Validate.text("statement", in.statement()), evidence, actor.subject()));
    }

    /** A proposal about to be written: its id, and the remedy's scope and window for its preview. */
    record NewProposal(String id, EntityUid scope, Instant start, Instant windowEnd) {}

    static Decided<NewProposal> propose(State s, Actor actor, String caseId, Inputs.Propose in, Instant now) {
        CaseState c = Lookups.caseFor(s, actor, Permission.PROPOSAL_MAKE, caseId);
        DueProcess.require(c, DueProcess.Step.PROPOSE);
        Ref scope = Validate.required("scope", in.scope());
        EntityUid scopeUid = Lookups.entity(s, "scope", scope);
        EntityUid subject = EntityUid.of(c.opened.subject().type(), c.opened.subject().id());
        if (!scopeUid.equals(subject) && !Hierarchy.isAncestor(scopeUid, subject, s.entities)) {
            throw Rejection.invalid("scope", "scope " + scopeUid + " is not the case's subject " + subject + " or below it; a remedy reaches no further than its case");
        }
        List<String> services = Validate.nonEmpty("services", in.services());
        for (int i = 0; i < services.size(); i++) {
            if (!s.services.containsKey(services.get(i))) {
                throw Rejection.invalid("services[" + i + "]", "there is no service \"" + services.get(i) + "\" in the catalog; known: " + s.services.keySet());
            }
        }
        if (in.effectiveAt() != null && in.effectiveAt().isBefore(now.minusSeconds(300))) {
            throw Rejection.invalid("effectiveAt", "`effectiveAt` " + in.effectiveAt() + " is in the past; leave it out to take effect on approval");
        }
        if ((in.exportWindowDays() == null) == (in.exportWindowEndsAt() == null)) {
            throw Rejection.invalid("exportWindowDays", "give exactly one of `exportWindowDays` (counted from when the enforcement takes effect) and `exportWindowEndsAt`");
        }
        if (in.exportWindowDays() != null && (in.exportWindowDays() < MIN_WINDOW_DAYS || in.exportWindowDays() > MAX_WINDOW_DAYS)) {
            throw Rejection.invalid("exportWindowDays", "`exportWindowDays` must be between " + MIN_WINDOW_DAYS + " and " + MAX_WINDOW_DAYS
                    + " (the customer always gets time to export its data), got " + in.exportWindowDays());
        }
        Instant horizon = now.plus(Duration.ofDays(3660));
        if (in.effectiveAt() != null && in.effectiveAt().isAfter(horizon)) {
            throw Rejection.invalid("effectiveAt", "`effectiveAt` " + in.effectiveAt() + " is more than ten years ahead");
        }
        Instant start = in.effectiveAt() == null || in.effectiveAt().isBefore(now) ? now : in.effectiveAt();
        if (in.exportWindowEndsAt() != null) {
            // The same window however it is given: at least a day, at most a year, from the start.
            Duration window = Duration.between(start, in.exportWindowEndsAt());
            if (window.compareTo(Duration.ofDays(MIN_WINDOW_DAYS)) < 0 || window.compareTo(Duration.ofDays(MAX_WINDOW_DAYS)) > 0) {
                throw Rejection.invalid("exportWindowEndsAt", "`exportWindowEndsAt` " + in.exportWindowEndsAt() + " must be between " + MIN_WINDOW_DAYS
                        + " and " + MAX_WINDOW_DAYS + " days after the enforcement takes effect (" + start + "), as `exportWindowDays` must: "
                        + "the customer always gets time to export its data");
            }
        }
        int seq = c.proposals.size() + 1;
        String id = "P-" + c.id().substring(2) + "-" + seq;
        // The window's end is fixed now, so the text the approvers see is the text enforced.
        Instant windowEnd = windowEnd(in.exportWindowEndsAt(), in.exportWindowDays(), start);
        List<CompiledPolicy> policies = EnforcementCompiler.compile(remedy(c, seq, scopeUid, services, in.effectiveAt(), windowEnd), now);
        requireValid(s, policies, "proposal " + id);
        Event.ProposalMade made = new Event.ProposalMade(c.id(), id, scope, services, in.effectiveAt(), windowEnd,
                in.exportWindowDays(), Validate.optionalText("legalGround", in.legalGround()), Validate.text("contractualGround", in.contractualGround()),
                Validate.text("explanation", in.explanation()), Validate.countries("territorialScope", in.territorialScope()),
                Boolean.TRUE.equals(in.shadow()), policies, actor.subject());
        return Decided.of(new NewProposal(id, scopeUid, start, windowEnd), made);
    }

    /**
     * Refuses what the enforcement compiler made unless it validates against the platform schema:
     * it always should (a test holds it to that for every catalog shape), and a policy that does
     * not could fail at run time, a forbid that enforces nothing.
     */
    private static void requireValid(State s, List<CompiledPolicy> policies, String what) {
        Map<String, String> texts = new LinkedHashMap<>();
        policies.forEach(p -> texts.put(p.id(), p.text()));
        s.platformSchema().validateTexts(texts).require("the policies Veto compiled for " + what
                + " do not validate against the platform schema (a fault in Veto; nothing was written)", null);
    }

    private static EnforcementCompiler.Remedy remedy(CaseState c, int seq, EntityUid scope, List<String> services, Instant effectiveAt, Instant windowEnd) {
        String caseNo = c.id().substring(2);
        return new EnforcementCompiler.Remedy(c.id(), c.opened.principle(), "ENF-" + caseNo + "-" + seq, "N-" + caseNo + "-" + seq,
                scope, services, effectiveAt, windowEnd);
    }

    private static Instant windowEnd(Instant endsAt, Integer days, Instant start) {
        return endsAt != null ? endsAt : start.plus(Duration.ofDays(days));
    }

    /** What an approval decided: pending, or enforced with its enforcement, notice and policies; {@code approvals} counts this one. */
    record Approved(ProposalStatus status, int approvals, String enforcementId, String noticeId, List<CompiledPolicy> policies) {}

    /** What enforcing a proposal at a time puts in force: the remedy, its policies, the appeal deadline and the notice's facts. */
    record Enforcing(EnforcementCompiler.Remedy remedy, List<CompiledPolicy> policies, Instant deadline, NoticeFacts facts) {}

    /**
     * What enforcing proposal {@code proposalId} of case {@code c} at {@code now} puts in force:
     * what the enforcing approval writes, and what the approval page shows before it.
     */
    static Enforcing enforcing(State s, CaseState c, ProposalState p, String proposalId, Instant now) {
        int seq = Integer.parseInt(proposalId.substring(proposalId.lastIndexOf('-') + 1));
        Instant start = p.made.effectiveAt() == null || p.made.effectiveAt().isBefore(now) ? now : p.made.effectiveAt();
        EnforcementCompiler.Remedy r = remedy(c, seq, EntityUid.of(p.made.scope().type(), p.made.scope().id()), p.made.services(),
                p.made.effectiveAt(), windowEnd(p.made.exportWindowEndsAt(), p.made.exportWindowDays(), start));
        if (Duration.between(start, r.exportWindowEndsAt()).compareTo(Duration.ofDays(MIN_WINDOW_DAYS)) < 0) {
            throw Rejection.conflict("the export window of proposal " + proposalId + " ends on " + r.exportWindowEndsAt()
                    + ", less than " + MIN_WINDOW_DAYS + " day after the enforcement would take effect; the customer must have time to export its data: "
                    + "make a new proposal with a later window");
        }
        // Proposals fix their window's end (older logs' proposals counted it from approval), so
        // the policies the approvers saw are the ones enforced.
        List<CompiledPolicy> policies = p.made.exportWindowEndsAt() != null ? p.made.policies() : EnforcementCompiler.compile(r, now);
        Instant deadline = now.atZone(ZoneOffset.UTC).plusMonths(APPEAL_MONTHS).toInstant();
        NoticeFacts facts = Notices.checked(() -> Notices.facts(s, r.noticeId(), NoticeFacts.Kind.RESTRICTION, c.id(), r.enforcementId(), proposalId,
                now, now, deadline, null, null));
        return new Enforcing(r, policies, deadline, facts);
    }

    static Decided<Approved> approve(State s, Actor actor, String proposalId, Inputs.Approve in, Instant now) {
        ProposalState p = s.proposals.get(proposalId);
        if (p == null || Lookups.hiddenFrom(actor, s.cases.get(p.made.caseId()))) {
            throw Rejection.notFound("there is no proposal \"" + proposalId + "\"");
        }
        CaseState c = s.cases.get(p.made.caseId());
        String proposer = Subjects.recorded(p.made.by());
        List<String> approvers = p.approvals.stream().map(a -> Subjects.recorded(a.by())).toList();
        Access.SHIPPED.require(actor, Permission.PROPOSAL_APPROVE, Access.Target.of("Proposal", proposalId).with("org", c.org())
                .with("proposer", proposer).with("approvers", approvers));
        // The access policy carries the two-person rule; this repeats it, on subjects, so that no
        // edit of the policy file can switch it off.
        if (!s.roster.contains(actor.subject())) {
            throw new Rejection(Rejection.Kind.FORBIDDEN, "\"" + actor.subject() + "\" is not on the approver roster");
        }
        if (proposer.equals(actor.subject()) || approvers.contains(actor.subject())) {
            throw new Rejection(Rejection.Kind.FORBIDDEN, "two-person rule: the proposer may not approve, and each approver approves once");
        }
        if (p.status != ProposalStatus.PENDING) {
            throw Rejection.conflict("proposal " + proposalId + " is " + p.status.wireName() + "; only a pending proposal can be approved");
        }
        DueProcess.require(c, DueProcess.Step.APPROVE);
        if (c.findings.isEmpty()) {
            throw Rejection.conflict("case " + c.id() + " has no findings yet; record findings (POST /v1/cases/" + c.id() + "/findings) before approving a remedy");
        }
        String comment = in == null ? null : Validate.optionalText("comment", in.comment());
        Event approved = new Event.ProposalApproved(proposalId, actor.subject(), comment);
        if (p.approvals.size() + 1 < 2) {
            return Decided.of(new Approved(ProposalStatus.PENDING, p.approvals.size() + 1, null, null, List.of()), approved);
        }
        Enforcing e = enforcing(s, c, p, proposalId, now);
        EnforcementCompiler.Remedy r = e.remedy();
        List<CompiledPolicy> policies = e.policies();
        // the schema may have changed since the proposal was made (a service's operations re-put)
        requireValid(s, policies, "proposal " + proposalId);
        NoticeFacts facts = e.facts();
        Instant deadline = e.deadline();
        List<Event> events = new ArrayList<>(List.of(approved,
                new Event.EnforcementActivated(r.enforcementId(), c.id(), proposalId, r.noticeId(), policies),
                new Event.NoticeIssued(r.noticeId(), NoticeFacts.Kind.RESTRICTION, c.id(), r.enforcementId(), null, deadline,
                        Notices.letterSha256(facts))));
        return new Decided<>(events, new Approved(ProposalStatus.ENFORCED, p.approvals.size() + 1, r.enforcementId(), r.noticeId(), policies), facts);
    }
}
