package dev.veto.control;

import dev.veto.cedar.authz.PolicySet;
import dev.veto.cedar.entity.Entity;
import dev.veto.cedar.parser.PolicyParser;
import dev.veto.cedar.value.EntityUid;
import dev.veto.control.Event.CompiledPolicy;
import dev.veto.control.notice.NoticeFacts;
import dev.veto.engine.Change;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The projections: everything the control plane knows, as a fold over the log's events. Only
 * {@link #apply} changes it, and only the {@link EventLog} calls that, in log order, both for a
 * command's events just appended and for the log replayed on start, so both reach the same state.
 *
 * <p>Not thread-safe: the event log applies under its write lock; rules and queries read under
 * its lock. {@link #tokens} alone is read without it.
 */
final class State {
    final String provider;
    long size;

    final Map<EntityUid, Entity> entities = new HashMap<>();
    /**
     * The stored entities below each parent they name: the hierarchy read downwards, so what lies
     * under a scope is found by walking it instead of reading every stored entity (at 1.1 M
     * entities, a walk over the whole map costs about 150 ms of cache misses).
     */
    private final Map<EntityUid, Set<EntityUid>> children = new HashMap<>();
    /** When each org and unit first appeared: the statement of reasons' {@code content_date}. */
    final Map<EntityUid, Instant> firstSeen = new HashMap<>();
    final Map<String, Event.ServicePut> services = new TreeMap<>();
    final Map<String, Event.PrinciplePut> principles = new TreeMap<>();
    final Map<String, String> policies = new TreeMap<>();
    final Tokens tokens = new Tokens();
    final Roster roster = new Roster();

    final Map<String, CaseState> cases = new LinkedHashMap<>();
    final Map<String, ProposalState> proposals = new LinkedHashMap<>();
    final Map<String, EnforcementState> enforcements = new LinkedHashMap<>();
    final Map<String, NoticeState> notices = new LinkedHashMap<>();
    final Map<String, AppealState> appeals = new LinkedHashMap<>();

    /** Policies of proposals in shadow mode, by policy id: evaluated, counted, never enforced. */
    private final Map<String, ShadowPolicy> shadow = new LinkedHashMap<>();
    /** {@link #shadow} as decisions read it; rebuilt only after it changed. */
    private Shadow.Policies shadowPolicies = Shadow.Policies.NONE;
    private boolean shadowChanged;

    private record ShadowPolicy(String proposalId, PolicySet.Entry policy) {}

    /** What events do to decisions, and the entity types stored so far (a request naming another is refused, never silently allowed). */
    final EngineEffects effects = new EngineEffects();

    /** Every entity type stored so far, as decisions read it. */
    Set<String> knownTypes() {
        return effects.types();
    }

    /** The entity types stored so far with their parents' types: the derived part of the platform schema. */
    final PlatformSchema.Observed observed = new PlatformSchema.Observed();
    /** The administrator's extension of the platform schema, as last put; null when none was. */
    Event.SchemaPut schemaExtension;
    /** The platform schema as last built, and whether what it is built from changed since. */
    private PlatformSchema platformSchema;
    private boolean schemaChanged = true;

    /**
     * The platform schema of the state as it stands, built again only after what it is derived
     * from changed. Synchronized: queries call it under the shared read lock.
     */
    synchronized PlatformSchema platformSchema() {
        if (schemaChanged) {
            platformSchema = PlatformSchema.rebuild(observed, services.values(), schemaExtension);
            schemaChanged = false;
        }
        return platformSchema;
    }

    /** The request check decisions must run, or null while requests are not checked (no schema built for it). */
    RequestSchema requestSchema() {
        return schemaExtension != null && schemaExtension.checkRequests() ? platformSchema().requests() : null;
    }

    /** The transparency report's figures over the entries applied so far. */
    final TransparencyReport.Tally tally = new TransparencyReport.Tally();

    /** The entries whose private text was erased, by index: the erasure and where it was recorded. */
    final Map<Long, Erasure> erasures = new HashMap<>();

    /** An erasure of an entry's private text, and where and when it was recorded. */
    record Erasure(Event.PayloadErased event, Stamp at) {}

    /** Where and when an event was recorded: its log index and time. */
    record Stamp(long index, Instant time) {}

    State(String provider) {
        this.provider = provider;
    }

    /** The shadow-mode policies as of the last applied event. */
    Shadow.Policies shadowPolicies() {
        if (shadowChanged) {
            List<PolicySet.Entry> entries = new ArrayList<>();
            Map<String, String> proposalOf = new HashMap<>();
            for (ShadowPolicy p : shadow.values()) {
                entries.add(p.policy());
                proposalOf.put(p.policy().id(), p.proposalId());
            }
            shadowPolicies = new Shadow.Policies(List.copyOf(entries), Map.copyOf(proposalOf));
            shadowChanged = false;
        }
        return shadowPolicies;
    }

    /** A compiled policy parsed: the one parse each policy of a proposal or enforcement gets. */
    static PolicySet.Entry parse(CompiledPolicy p, String source) {
        return new PolicySet.Entry(p.id(), PolicyParser.parsePolicy(p.text(), source), null);
    }

    /**
     * Applies one event, the entry at {@code index}, and returns what it changes in the engine.
     * {@code facts} are a notice's facts when the command that issued it already built them
     * from this same state (null otherwise: replay builds them here). Events reaching here were
     * validated when they were written; a log that breaks that (written by hand, or by a broken
     * build) fails loudly rather than being half applied.
     */
    List<Change> apply(Event event, long index, Instant time, NoticeFacts facts) {
        if (index != size) {
            throw new IllegalStateException("event at index " + index + " applied at size " + size);
        }
        size = index + 1;
        Stamp at = new Stamp(index, time);
        tally.add(TransparencyReport.Tally.counts(event.type()) ? new EventCodec.PublicView(event.type(), time, EventCodec.publicFields(event)) : null);
        // What the event does to decisions: the same code every enforcement point's replica runs.
        List<Change> changes = effects.apply(event, "log entry " + index);
        switch (event) {
            case Event.EntitiesPut e -> {
                for (Change c : changes) {
                    Entity entity = ((Change.PutEntity) c).entity();
                    Entity before = entities.put(entity.uid(), entity);
                    if (before == null || !before.parents().equals(entity.parents())) {
                        unlink(before);
                        for (EntityUid p : entity.parents()) {
                            children.computeIfAbsent(p, k -> new java.util.HashSet<>(4)).add(entity.uid());
                        }
                    }
                    schemaChanged |= observed.observe(entity);
                    if (entity.uid().type().equals("Org") || entity.uid().type().equals("Unit")) {
                        firstSeen.putIfAbsent(entity.uid(), time);
                    }
                }
            }
            case Event.EntityRemoved e -> unlink(entities.remove(EntityUid.of(e.entity().type(), e.entity().id())));
            case Event.ServicePut e -> {
                services.put(e.service(), e);
                schemaChanged = true;
            }
            case Event.SchemaPut e -> {
                schemaExtension = e;
                schemaChanged = true;
            }
            case Event.PrinciplePut e -> principles.put(e.id(), e);
            case Event.PolicyPut e -> policies.put(e.id(), e.text());
            case Event.PolicyRemoved e -> policies.remove(e.id());
            case Event.TokenCreated e -> tokens.add(e);
            case Event.TokenRevoked e -> tokens.revoke(e, time);
            case Event.RosterBootstrapped e -> roster.bootstrap(e.members());
            case Event.RosterChangeProposed e -> roster.changes.put(e.id(), new Roster.Change(e, at));
            case Event.RosterChangeApproved e -> roster.changes.get(e.changeId()).approvals.add(e);
            case Event.RosterChanged e -> {
                roster.changes.get(e.changeId()).appliedAt = at;
                roster.apply(e);
            }
            case Event.EvasionDetected e -> {
                EnforcementState enf = enforcements.get(e.enforcementId());
                EntityUid entity = EntityUid.of(e.entity().type(), e.entity().id());
                enf.kept.put(entity, new EnforcementState.Kept(e, at));
                step(cases.get(e.caseId()), at, e, null);
            }
            case Event.PayloadErased e -> erasures.put(e.entry(), new Erasure(e, at));
            case Event.EvasionReleased e -> {
                EnforcementState enf = enforcements.get(e.enforcementId());
                EnforcementState.Kept kept = enf.kept.get(EntityUid.of(e.entity().type(), e.entity().id()));
                kept.releasedAt = at;
                kept.released = e;
                step(cases.get(enf.activated.caseId()), at, e, e.by());
            }
            case Event.CaseOpened e -> {
                CaseState c = new CaseState(e, at);
                cases.put(e.id(), c);
                reviewStep(c, at, e, e.by());
            }
            case Event.CaseAssigned e -> {
                CaseState c = cases.get(e.caseId());
                c.assignee = e.assignee();
                reviewStep(c, at, e, e.by());
            }
            case Event.EvidenceAdded e -> {
                CaseState c = cases.get(e.caseId());
                c.evidence.put(e.id(), e);
                reviewStep(c, at, e, e.by());
            }
            case Event.FindingRecorded e -> {
                CaseState c = cases.get(e.caseId());
                c.findings.put(e.id(), e);
                reviewStep(c, at, e, e.by());
            }
            case Event.ProposalMade e -> {
                CaseState c = cases.get(e.caseId());
                List<PolicySet.Entry> parsed = e.policies().stream().map(p -> parse(p, "proposal " + e.id())).toList();
                proposals.put(e.id(), new ProposalState(e, at, parsed));
                c.proposals.add(e.id());
                reviewStep(c, at, e, e.by());
                if (e.shadow()) {
                    for (PolicySet.Entry p : parsed) {
                        shadow.put(p.id(), new ShadowPolicy(e.id(), p));
                    }
                    shadowChanged = true;
                }
            }
            case Event.ProposalApproved e -> {
                ProposalState p = proposals.get(e.proposalId());
                p.approvals.add(e);
                reviewStep(cases.get(p.made.caseId()), at, e, e.by());
            }
            case Event.EnforcementActivated e -> {
                enforcements.put(e.id(), new EnforcementState(e, at));
                ProposalState p = proposals.get(e.proposalId());
                p.status = ProposalStatus.ENFORCED;
                p.enforcementId = e.id();
                CaseState c = cases.get(e.caseId());
                c.enforcements.add(e.id());
                c.status = DueProcess.after(c.status, e, false);
                step(c, at, e, null);
                for (CompiledPolicy cp : e.policies()) {
                    shadowChanged |= shadow.remove(cp.id()) != null;
                }
            }
            case Event.NoticeIssued e -> {
                NoticeFacts f = facts != null ? facts : Notices.factsAtApply(this, e, time);
                notices.put(e.id(), new NoticeState(e, at, f));
                CaseState c = cases.get(e.caseId());
                c.notices.add(e.id());
                step(c, at, e, null);
            }
            case Event.AppealFiled e -> {
                appeals.put(e.id(), new AppealState(e, at));
                CaseState c = cases.get(e.caseId());
                c.appeals.add(e.id());
                c.status = DueProcess.after(c.status, e, true);
                step(c, at, e, e.by());
            }
            case Event.AppealDecided e -> {
                AppealState a = appeals.get(e.appealId());
                a.decision = e;
                a.decidedAt = at;
                CaseState c = cases.get(a.filed.caseId());
                boolean pending = c.appeals.stream().anyMatch(x -> appeals.get(x).decision == null);
                c.status = DueProcess.after(c.status, e, pending);
                step(c, at, e, e.by());
            }
            case Event.EnforcementLifted e -> {
                EnforcementState s = enforcements.get(e.id());
                s.status = EnforcementStatus.LIFTED;
                s.liftedAt = at;
                step(cases.get(s.activated.caseId()), at, e, e.by());
            }
            case Event.CaseClosed e -> {
                CaseState c = cases.get(e.caseId());
                c.status = DueProcess.after(c.status, e, false);
                c.closedAt = at;
                for (String pid : c.proposals) {
                    ProposalState p = proposals.get(pid);
                    if (p.status == ProposalStatus.PENDING) {
                        p.status = ProposalStatus.WITHDRAWN;
                        for (CompiledPolicy cp : p.made.policies()) {
                            shadowChanged |= shadow.remove(cp.id()) != null;
                        }
                    }
                }
                step(c, at, e, e.by());
            }
        }
        return changes;
    }

    /** Records a step on the case's timeline. */
    private static void step(CaseState c, Stamp at, Event e, String by) {
        String proposal = switch (e) {
            case Event.ProposalMade p -> p.id();
            case Event.ProposalApproved p -> p.proposalId();
            default -> null;
        };
        c.timeline.add(new TimelineEntry(at.index(), at.time(), e.type(), by, proposal));
    }

    /** Records a step of the review or the decision: whoever took it may not decide an appeal. */
    /** Takes a stored entity that is replaced or removed out of its parents' children. */
    private void unlink(Entity e) {
        if (e == null) {
            return;
        }
        for (EntityUid p : e.parents()) {
            Set<EntityUid> kids = children.get(p);
            if (kids != null && kids.remove(e.uid()) && kids.isEmpty()) {
                children.remove(p);
            }
        }
    }

    /** {@code scope} and every stored entity below it, each once. */
    List<EntityUid> within(EntityUid scope) {
        List<EntityUid> out = new ArrayList<>();
        Set<EntityUid> seen = new java.util.HashSet<>();
        java.util.ArrayDeque<EntityUid> todo = new java.util.ArrayDeque<>(List.of(scope));
        while (!todo.isEmpty()) {
            EntityUid u = todo.poll();
            if (seen.add(u)) {
                out.add(u);
                todo.addAll(children.getOrDefault(u, Set.of()));
            }
        }
        return out;
    }

    private static void reviewStep(CaseState c, Stamp at, Event e, String by) {
        step(c, at, e, by);
        c.involved.add(Subjects.recorded(by));
    }
}
