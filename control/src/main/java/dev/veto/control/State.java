package dev.veto.control;

import dev.veto.cedar.entity.Entity;
import dev.veto.cedar.json.CedarJson;
import dev.veto.cedar.parser.PolicyParser;
import dev.veto.cedar.value.EntityUid;
import dev.veto.control.Event.CompiledPolicy;
import dev.veto.control.notice.NoticeFacts;
import dev.veto.engine.Change;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The projections: everything the control plane knows, as a fold over the log's events. Only
 * {@link #apply} changes it, and it is called in log order both when a command's events have just
 * been appended and when the log is replayed on start, so both paths reach the same state.
 *
 * <p>Not thread-safe: the control plane applies under its write lock and reads under its read lock.
 */
final class State {
    long size;

    final Map<EntityUid, Entity> entities = new HashMap<>();
    /** When each org and unit first appeared: the statement of reasons' {@code content_date}. */
    final Map<EntityUid, Instant> firstSeen = new HashMap<>();
    final Map<String, Event.ServicePut> services = new TreeMap<>();
    final Map<String, Event.PrinciplePut> principles = new TreeMap<>();
    final Map<String, String> policies = new TreeMap<>();
    // Concurrent: decisions authenticate without taking the command lock.
    final Map<String, Event.TokenCreated> tokensBySha256 = new java.util.concurrent.ConcurrentHashMap<>();
    int tokenCount;

    final Map<String, CaseState> cases = new LinkedHashMap<>();
    final Map<String, ProposalState> proposals = new LinkedHashMap<>();
    final Map<String, EnforcementState> enforcements = new LinkedHashMap<>();
    final Map<String, NoticeState> notices = new LinkedHashMap<>();
    final Map<String, AppealState> appeals = new LinkedHashMap<>();

    /** Policies of proposals in shadow mode, by policy id: evaluated, recorded, never enforced. */
    final Map<String, ShadowPolicy> shadow = new LinkedHashMap<>();

    record ShadowPolicy(String proposalId, CompiledPolicy policy) {}

    record Stamp(long index, Instant time) {}

    /** One step of a case, for its timeline. */
    record TimelineEntry(long index, Instant time, String type, String by, Event event) {}

    static final class CaseState {
        final Event.CaseOpened opened;
        final Stamp openedAt;
        String status = "open";
        final Map<String, Event.EvidenceAdded> evidence = new LinkedHashMap<>();
        final Map<String, Event.FindingRecorded> findings = new LinkedHashMap<>();
        final List<String> proposals = new ArrayList<>();
        final List<String> enforcements = new ArrayList<>();
        final List<String> notices = new ArrayList<>();
        final List<String> appeals = new ArrayList<>();
        final List<TimelineEntry> timeline = new ArrayList<>();
        /** Everyone who took part in the review or the decision; none of them may decide an appeal. */
        final Set<String> involved = new LinkedHashSet<>();
        Stamp closedAt;

        CaseState(Event.CaseOpened opened, Stamp at) {
            this.opened = opened;
            this.openedAt = at;
        }

        String id() {
            return opened.id();
        }
    }

    static final class ProposalState {
        final Event.ProposalMade made;
        final Stamp madeAt;
        final List<Event.ProposalApproved> approvals = new ArrayList<>();
        String status = "pending";
        String enforcementId;

        ProposalState(Event.ProposalMade made, Stamp at) {
            this.made = made;
            this.madeAt = at;
        }
    }

    static final class EnforcementState {
        final Event.EnforcementActivated activated;
        final Stamp activatedAt;
        String status = "active";
        Stamp liftedAt;

        EnforcementState(Event.EnforcementActivated activated, Stamp at) {
            this.activated = activated;
            this.activatedAt = at;
        }
    }

    static final class NoticeState {
        final Event.NoticeIssued issued;
        final Stamp issuedAt;
        /** The facts as they stood when the notice was issued; later edits do not rewrite it. */
        final NoticeFacts facts;

        NoticeState(Event.NoticeIssued issued, Stamp at, NoticeFacts facts) {
            this.issued = issued;
            this.issuedAt = at;
            this.facts = facts;
        }
    }

    final String provider;

    State(String provider) {
        this.provider = provider;
    }

    /**
     * The facts of a notice about to be issued, from the current state. The commands build them
     * before appending (so a notice that cannot be written is refused, not logged) and apply
     * builds them again from the same state, so replay reaches the same letter.
     */
    NoticeFacts noticeFacts(String noticeId, String kind, String caseId, String enforcementId, String proposalId, Instant activatedAt,
            Instant issuedAt, Instant appealDeadline, String appealId, String reasoning) {
        CaseState c = cases.get(caseId);
        ProposalState p = proposals.get(proposalId);
        Event.PrinciplePut principle = principles.get(c.opened.principle());
        boolean reinstatement = kind.equals("reinstatement");
        Instant effective = p.made.effectiveAt() == null || p.made.effectiveAt().isBefore(activatedAt) ? activatedAt : p.made.effectiveAt();
        Instant windowEnd = p.made.exportWindowEndsAt() != null ? p.made.exportWindowEndsAt()
                : effective.plus(java.time.Duration.ofDays(p.made.exportWindowDays()));
        return new NoticeFacts(noticeId, reinstatement ? NoticeFacts.Kind.REINSTATEMENT : NoticeFacts.Kind.RESTRICTION, c.id(), enforcementId,
                c.opened.org(), name(EntityUid.of("Org", c.opened.org())), p.made.scope().type(), p.made.scope().id(),
                name(EntityUid.of(p.made.scope().type(), p.made.scope().id())), p.made.services(), effective, windowEnd,
                principle.id(), principle.title(), principle.clause(), principle.text(), principle.url(),
                p.made.contractualGround(), p.made.legalGround(), p.made.explanation(),
                c.findings.values().stream().map(Event.FindingRecorded::statement).toList(),
                c.evidence.values().stream().map(x -> new NoticeFacts.EvidenceSummary(x.kind(), x.source(), x.description(), x.collectedAt(), x.sha256())).toList(),
                p.made.territorialScope(), issuedAt, appealDeadline, provider, reinstatement ? reasoning : null, reinstatement ? appealId : null);
    }

    private String name(EntityUid uid) {
        Entity e = entities.get(uid);
        if (e != null && e.attributes().get("name") instanceof dev.veto.cedar.value.StringValue s && !s.value().isBlank()) {
            return s.value();
        }
        return null;
    }

    static final class AppealState {
        final Event.AppealFiled filed;
        final Stamp filedAt;
        Event.AppealDecided decision;
        Stamp decidedAt;

        AppealState(Event.AppealFiled filed, Stamp at) {
            this.filed = filed;
            this.filedAt = at;
        }
    }

    /**
     * Applies one event, the entry at {@code index}, and returns what it changes in the engine.
     * Events reaching here were validated when they were written; a log that breaks that (written
     * by hand, or by a broken build) fails loudly rather than being half applied.
     */
    List<Change> apply(Event event, long index, Instant time) {
        if (index != size) {
            throw new IllegalStateException("event at index " + index + " applied at size " + size);
        }
        size = index + 1;
        Stamp at = new Stamp(index, time);
        List<Change> changes = new ArrayList<>(2);
        switch (event) {
            case Event.EntitiesPut e -> {
                for (Entity entity : CedarJson.parseEntities(e.entities(), "log entry " + index, null)) {
                    entities.put(entity.uid(), entity);
                    if (entity.uid().type().equals("Org") || entity.uid().type().equals("Unit")) {
                        firstSeen.putIfAbsent(entity.uid(), time);
                    }
                    changes.add(new Change.PutEntity(entity));
                }
            }
            case Event.EntityRemoved e -> {
                EntityUid uid = EntityUid.of(e.entity().type(), e.entity().id());
                entities.remove(uid);
                changes.add(new Change.RemoveEntity(uid));
            }
            case Event.ServicePut e -> {
                Event.ServicePut before = services.put(e.service(), e);
                Set<String> kept = new LinkedHashSet<>();
                for (Event.Operation op : e.operations()) {
                    kept.add(op.name());
                    changes.add(new Change.PutEntity(Catalog.actionEntity(e.service(), op)));
                }
                if (before != null) {
                    for (Event.Operation op : before.operations()) {
                        if (!kept.contains(op.name())) {
                            changes.add(new Change.RemoveEntity(Catalog.actionUid(e.service(), op.name())));
                        }
                    }
                }
            }
            case Event.PrinciplePut e -> principles.put(e.id(), e);
            case Event.PolicyPut e -> {
                policies.put(e.id(), e.text());
                changes.add(new Change.PutPolicy(e.id(), PolicyParser.parsePolicy(e.text(), "policy " + e.id())));
            }
            case Event.PolicyRemoved e -> {
                policies.remove(e.id());
                changes.add(new Change.RemovePolicy(e.id()));
            }
            case Event.TokenCreated e -> {
                tokensBySha256.put(e.sha256(), e);
                tokenCount++;
            }
            case Event.CaseOpened e -> {
                CaseState c = new CaseState(e, at);
                c.involved.add(e.by());
                cases.put(e.id(), c);
                timeline(c, at, e, e.by());
            }
            case Event.EvidenceAdded e -> {
                CaseState c = cases.get(e.caseId());
                c.evidence.put(e.id(), e);
                c.involved.add(e.by());
                timeline(c, at, e, e.by());
            }
            case Event.FindingRecorded e -> {
                CaseState c = cases.get(e.caseId());
                c.findings.put(e.id(), e);
                c.involved.add(e.by());
                timeline(c, at, e, e.by());
            }
            case Event.ProposalMade e -> {
                CaseState c = cases.get(e.caseId());
                proposals.put(e.id(), new ProposalState(e, at));
                c.proposals.add(e.id());
                c.involved.add(e.by());
                timeline(c, at, e, e.by());
                if (e.shadow()) {
                    for (CompiledPolicy p : e.policies()) {
                        shadow.put(p.id(), new ShadowPolicy(e.id(), p));
                    }
                }
            }
            case Event.ProposalApproved e -> {
                ProposalState p = proposals.get(e.proposalId());
                p.approvals.add(e);
                CaseState c = cases.get(p.made.caseId());
                c.involved.add(e.by());
                timeline(c, at, e, e.by());
            }
            case Event.EnforcementActivated e -> {
                enforcements.put(e.id(), new EnforcementState(e, at));
                ProposalState p = proposals.get(e.proposalId());
                p.status = "enforced";
                p.enforcementId = e.id();
                CaseState c = cases.get(e.caseId());
                c.enforcements.add(e.id());
                c.status = "enforced";
                timeline(c, at, e, null);
                for (CompiledPolicy cp : e.policies()) {
                    shadow.remove(cp.id());
                    changes.add(new Change.PutPolicy(cp.id(), PolicyParser.parsePolicy(cp.text(), "enforcement " + e.id())));
                }
            }
            case Event.NoticeIssued e -> {
                EnforcementState enf = enforcements.get(e.enforcementId());
                AppealState appeal = e.appealId() == null ? null : appeals.get(e.appealId());
                Instant deadline = e.appealDeadline() != null ? e.appealDeadline() : notices.get(enf.activated.noticeId()).issued.appealDeadline();
                notices.put(e.id(), new NoticeState(e, at, noticeFacts(e.id(), e.kind(), e.caseId(), e.enforcementId(), enf.activated.proposalId(),
                        enf.activatedAt.time(), time, deadline, e.appealId(), appeal == null || appeal.decision == null ? null : appeal.decision.reasoning())));
                CaseState c = cases.get(e.caseId());
                c.notices.add(e.id());
                timeline(c, at, e, null);
            }
            case Event.AppealFiled e -> {
                appeals.put(e.id(), new AppealState(e, at));
                CaseState c = cases.get(e.caseId());
                c.appeals.add(e.id());
                c.status = "appealed";
                timeline(c, at, e, e.by());
            }
            case Event.AppealDecided e -> {
                AppealState a = appeals.get(e.appealId());
                a.decision = e;
                a.decidedAt = at;
                CaseState c = cases.get(a.filed.caseId());
                boolean pending = c.appeals.stream().anyMatch(x -> appeals.get(x).decision == null);
                c.status = pending ? "appealed" : "enforced";
                timeline(c, at, e, e.by());
            }
            case Event.EnforcementLifted e -> {
                EnforcementState s = enforcements.get(e.id());
                s.status = "lifted";
                s.liftedAt = at;
                CaseState c = cases.get(s.activated.caseId());
                timeline(c, at, e, e.by());
                for (CompiledPolicy cp : s.activated.policies()) {
                    changes.add(new Change.RemovePolicy(cp.id()));
                }
            }
            case Event.CaseClosed e -> {
                CaseState c = cases.get(e.caseId());
                c.status = "closed";
                c.closedAt = at;
                for (String pid : c.proposals) {
                    ProposalState p = proposals.get(pid);
                    if (p.status.equals("pending")) {
                        p.status = "withdrawn";
                        p.made.policies().forEach(cp -> shadow.remove(cp.id()));
                    }
                }
                timeline(c, at, e, e.by());
            }
        }
        return changes;
    }

    private static void timeline(CaseState c, Stamp at, Event e, String by) {
        c.timeline.add(new TimelineEntry(at.index(), at.time(), e.type(), by, e));
    }
}
