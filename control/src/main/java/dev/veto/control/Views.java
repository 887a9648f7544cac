package dev.veto.control;

import dev.veto.control.State.AppealState;
import dev.veto.control.State.CaseState;
import dev.veto.control.State.EnforcementState;
import dev.veto.control.State.ProposalState;
import dev.veto.cedar.entity.Entity;
import dev.veto.cedar.value.EntityUid;
import dev.veto.cedar.value.StringValue;
import dev.veto.control.notice.NoticeFacts;
import dev.veto.control.notice.NoticeWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Read models for the API: plain maps and lists (JSON-ready), built from the projections under
 * the control plane's lock. Every workflow step names the log index that records it.
 */
public final class Views {
    private final State state;
    private final ControlPlane plane;

    private final boolean customer;

    Views(State state, ControlPlane plane, boolean customer) {
        this.state = state;
        this.plane = plane;
        this.customer = customer;
    }

    public Map<String, Object> caseView(String id) {
        CaseState c = state.cases.get(id);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", c.id());
        m.put("status", c.status);
        m.put("subject", c.opened.subject());
        m.put("org", c.opened.org());
        m.put("principle", c.opened.principle());
        m.put("summary", c.opened.summary());
        m.put("openedBy", c.opened.by());
        m.put("openedAt", c.openedAt.time());
        m.put("evidence", new ArrayList<>(c.evidence.values()));
        m.put("findings", new ArrayList<>(c.findings.values()));
        // A customer sees the remedies decided against it, not internal drafts.
        m.put("proposals", c.proposals.stream().filter(p -> !customer || state.proposals.get(p).status.equals("enforced")).map(this::proposalView).toList());
        m.put("enforcements", c.enforcements.stream().map(this::enforcementView).toList());
        m.put("notices", List.copyOf(c.notices));
        m.put("appeals", c.appeals.stream().map(this::appealView).toList());
        List<Map<String, Object>> timeline = new ArrayList<>();
        for (State.TimelineEntry t : c.timeline) {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("index", t.index());
            e.put("time", t.time());
            e.put("type", t.type());
            if (t.by() != null) {
                e.put("by", t.by());
            }
            timeline.add(e);
        }
        m.put("timeline", timeline);
        return m;
    }

    public Map<String, Object> proposalView(String id) {
        ProposalState p = state.proposals.get(id);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", id);
        m.put("case", p.made.caseId());
        m.put("status", p.status);
        m.put("scope", p.made.scope());
        m.put("services", p.made.services());
        m.put("effectiveAt", p.made.effectiveAt());
        m.put("exportWindowDays", p.made.exportWindowDays());
        m.put("exportWindowEndsAt", p.made.exportWindowEndsAt());
        m.put("legalGround", p.made.legalGround());
        m.put("contractualGround", p.made.contractualGround());
        m.put("explanation", p.made.explanation());
        m.put("territorialScope", p.made.territorialScope());
        m.put("shadow", p.made.shadow());
        if (!customer && p.made.shadow() && p.status.equals("pending")) {
            m.put("shadowWouldDeny", plane.shadowCounts().getOrDefault(id, 0L));
        }
        m.put("proposedBy", p.made.by());
        m.put("index", p.madeAt.index());
        m.put("approvals", p.approvals.stream().map(a -> {
            Map<String, Object> x = new LinkedHashMap<>();
            x.put("by", a.by());
            if (a.comment() != null) {
                x.put("comment", a.comment());
            }
            return x;
        }).toList());
        m.put("enforcement", p.enforcementId);
        m.put("policies", p.made.policies());
        return m;
    }

    public Map<String, Object> enforcementView(String id) {
        EnforcementState e = state.enforcements.get(id);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", id);
        m.put("case", e.activated.caseId());
        m.put("proposal", e.activated.proposalId());
        m.put("status", e.status);
        m.put("notice", e.activated.noticeId());
        m.put("activatedAt", e.activatedAt.time());
        m.put("revision", e.activatedAt.index() + 1);
        if (e.liftedAt != null) {
            m.put("liftedAt", e.liftedAt.time());
            m.put("liftedRevision", e.liftedAt.index() + 1);
        }
        m.put("policies", e.activated.policies());
        return m;
    }

    public Map<String, Object> appealView(String id) {
        AppealState a = state.appeals.get(id);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", id);
        m.put("case", a.filed.caseId());
        m.put("notice", a.filed.noticeId());
        m.put("statement", a.filed.statement());
        m.put("filedBy", a.filed.by());
        m.put("filedAt", a.filedAt.time());
        if (a.decision != null) {
            m.put("outcome", a.decision.outcome());
            m.put("reasoning", a.decision.reasoning());
            m.put("decidedBy", a.decision.by());
            m.put("decidedAt", a.decidedAt.time());
        }
        return m;
    }

    /** The notice letter (DSA Art. 17(3) elements) and where the log records it. */
    public Map<String, Object> noticeLetter(String id) {
        State.NoticeState n = state.notices.get(id);
        NoticeWriter.Letter letter = NoticeWriter.letter(n.facts);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", id);
        m.put("kind", letter.kind());
        m.put("case", n.issued.caseId());
        m.put("enforcement", n.issued.enforcementId());
        m.put("org", state.cases.get(n.issued.caseId()).opened.org());
        m.put("issuedAt", n.issuedAt.time());
        m.put("index", n.issuedAt.index());
        if (n.issued.appealDeadline() != null) {
            m.put("appealDeadline", n.issued.appealDeadline());
        }
        m.put("subject", letter.subject());
        m.put("sections", letter.sections());
        m.put("text", letter.text());
        return m;
    }

    /** The statement of reasons in the DSA Transparency Database's field names and values. */
    public Map<String, Object> statementOfReasons(String id) {
        State.NoticeState n = state.notices.get(id);
        Map<String, Object> sor = NoticeWriter.statementOfReasons(n.facts);
        CaseState c = state.cases.get(n.issued.caseId());
        Instant hosted = state.firstSeen.get(EntityUid.of(c.opened.subject().type(), c.opened.subject().id()));
        if (hosted != null) {
            // When the platform started serving the unit: the API's required `content_date`.
            sor.put("content_date", java.time.format.DateTimeFormatter.ISO_LOCAL_DATE.format(hosted.atZone(java.time.ZoneOffset.UTC)));
        }
        return sor;
    }

    public Map<String, String> policies() {
        return new LinkedHashMap<>(state.policies);
    }

    public Map<String, Event.ServicePut> services() {
        return new LinkedHashMap<>(state.services);
    }

    public Map<String, Event.PrinciplePut> principles() {
        return new LinkedHashMap<>(state.principles);
    }
}
