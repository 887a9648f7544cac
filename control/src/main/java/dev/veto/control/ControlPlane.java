package dev.veto.control;

import dev.veto.cedar.authz.PolicySet;
import dev.veto.cedar.entity.Entity;
import dev.veto.cedar.json.CedarJson;
import dev.veto.cedar.json.JsonFormatException;
import dev.veto.cedar.parser.CedarSyntaxError;
import dev.veto.cedar.parser.PolicyParser;
import dev.veto.cedar.ast.Policy;
import dev.veto.cedar.value.EntityUid;
import dev.veto.control.Event.CompiledPolicy;
import dev.veto.control.Event.Ref;
import dev.veto.control.State.CaseState;
import dev.veto.control.State.ProposalState;
import dev.veto.engine.Change;
import dev.veto.engine.Engine;
import dev.veto.engine.EngineRequest;
import dev.veto.engine.EngineResponse;
import dev.veto.engine.Snapshot;
import dev.veto.ledger.Appended;
import dev.veto.ledger.Log;
import dev.veto.ledger.LogConflictException;
import dev.veto.ledger.LogRecord;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * The control plane: every command is authorized by the access policy, validated against the
 * current state, turned into events, appended to the log in one transaction, then applied to the
 * projections and the engine. On open, the state is rebuilt by replaying the log, which is the
 * truth. The revision every answer reports is the log's size: revision {@code n} means entries
 * {@code 0…n-1} are applied, and a checkpoint of size {@code n} covers exactly that state.
 *
 * <p>Commands are serialised; decisions read the engine's snapshot and never wait for them.
 */
public final class ControlPlane implements AutoCloseable {
    public static final String BASELINE_ID = "baseline";
    public static final String BASELINE_TEXT = "permit (principal, action, resource);";
    /** Leaves room in a log entry (64 KiB) for the record header and the JSON around the entities. */
    private static final int ENTITY_CHUNK_BYTES = 48 * 1024;
    private static final int APPEAL_MONTHS = 6;

    private final Log log;
    private final Clock clock;
    private final Engine engine;
    private final Access access = new Access();
    private final State state;
    private final RecentDecisions recent = new RecentDecisions(4096);
    private final Shadow shadow = new Shadow();
    private final SecureRandom random = new SecureRandom();
    private final Object revisionMonitor = new Object();
    private volatile long revision;
    private final Propagation propagation = new Propagation();
    private final java.util.concurrent.CopyOnWriteArrayList<java.util.function.LongConsumer> listeners = new java.util.concurrent.CopyOnWriteArrayList<>();
    /** Why writes stopped, after entries were appended that could not be applied; null while healthy. */
    private volatile String broken;

    private final String provider;

    private ControlPlane(Log log, Clock clock, String provider) {
        this.log = log;
        this.clock = clock;
        this.provider = provider;
        this.state = new State(provider);
        this.engine = new Engine(clock);
    }

    /**
     * Opens the control plane on a log: replays it, or installs the baseline policy in an empty
     * one. The log is closed with the control plane.
     */
    public static ControlPlane open(Log log, Clock clock) {
        return open(log, clock, "the platform operator");
    }

    /** As {@link #open(Log, Clock)}; {@code provider} is the platform's name as notices sign it. */
    public static ControlPlane open(Log log, Clock clock, String provider) {
        ControlPlane cp = new ControlPlane(log, clock, provider);
        cp.catchUp();
        if (cp.state.size == 0) {
            cp.commit(List.of(new Event.PolicyPut(BASELINE_ID, BASELINE_TEXT, "veto")));
        }
        return cp;
    }

    /**
     * Applies entries other processes appended to the log since this one last looked (a token
     * created with {@code veto token create}, another node's writes). Commands call it first, so
     * they validate against the latest state; servers also call it periodically.
     */
    public synchronized void catchUp() {
        log.refresh();
        long size = log.size();
        if (size <= state.size) {
            return;
        }
        List<Change> changes = new ArrayList<>();
        for (long i = state.size; i < size; i++) {
            LogRecord r = recordAt(i);
            changes.addAll(state.apply(EventCodec.decode(r), i, r.time()));
        }
        engine.apply(changes, size);
        shadow.reset(state.shadow.values());
        publish(size);
    }

    private void publish(long next) {
        synchronized (revisionMonitor) {
            revision = next;
            revisionMonitor.notifyAll();
        }
        for (java.util.function.LongConsumer l : listeners) {
            l.accept(next);
        }
    }

    /**
     * Calls {@code listener} with each new revision once its entries are applied (for the change
     * feed). It runs on the writing thread: it must only hand the revision on, not block.
     */
    public AutoCloseable onRevision(java.util.function.LongConsumer listener) {
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    public Propagation propagation() {
        return propagation;
    }

    /** Whether an entry of this type can change a decision: what the change feed carries. */
    public static boolean changesDecisions(String type) {
        return switch (type) {
            case "entities.put", "entity.removed", "service.put", "policy.put", "policy.removed", "enforcement.activated", "enforcement.lifted" -> true;
            default -> false;
        };
    }

    /** The event in log entry {@code index}. */
    public Event decodeEntry(long index) {
        return EventCodec.decode(recordAt(index));
    }

    private LogRecord recordAt(long index) {
        LogRecord.Decoded d = LogRecord.decode(log.entry(index));
        if (!(d instanceof LogRecord.Record r)) {
            throw new EventCodec.UnreadableEventException("log entry " + index + " is not a Veto record: " + ((LogRecord.NotARecord) d).reason());
        }
        return r.record();
    }

    public Log log() {
        return log;
    }

    public String provider() {
        return provider;
    }

    public Clock clock() {
        return clock;
    }

    /** The revision: how many log entries the current state reflects. */
    public long revision() {
        return revision;
    }

    /**
     * Waits up to {@code timeout} for the state to reach {@code atLeast}; false if it did not.
     * A decision must never be made on older state than its caller demands.
     */
    public boolean awaitRevision(long atLeast, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (revisionMonitor) {
            while (revision < atLeast) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                TimeUnit.NANOSECONDS.timedWait(revisionMonitor, left);
            }
        }
        return true;
    }

    // ---- commit ----

    /** What a command wrote: its events with their log indices, and the revision they produced. */
    public record Committed(List<Written> events, long revision) {
        public long firstIndex() {
            return events.get(0).index();
        }
    }

    public record Written(long index, Event event) {}

    private Committed commit(List<Event> events) {
        return commit(events, clock.instant());
    }

    /** Appends and applies {@code events}, recorded at {@code now}: the instant the command computed its dates from. */
    private synchronized Committed commit(List<Event> events, Instant now) {
        if (broken != null) {
            throw new Rejection(Rejection.Kind.UNAVAILABLE, broken);
        }
        List<byte[]> entries = new ArrayList<>(events.size());
        for (Event e : events) {
            byte[] bytes = EventCodec.encode(e, now).encode();
            if (bytes.length > Log.MAX_ENTRY_SIZE) {
                throw new Rejection(Rejection.Kind.TOO_LARGE, "the " + e.type() + " event is " + bytes.length
                        + " bytes; a log entry holds at most " + Log.MAX_ENTRY_SIZE + "; shorten the texts");
            }
            entries.add(bytes);
        }
        Appended a;
        try {
            // Only where this command's validation looked: never after entries it has not seen.
            a = log.appendIfSize(entries, state.size);
        } catch (LogConflictException e) {
            catchUp();
            throw Rejection.conflict("another writer changed the state while this command was checked; nothing was written, retry it");
        }
        try {
            List<Change> changes = new ArrayList<>();
            List<Written> written = new ArrayList<>(events.size());
            for (int i = 0; i < events.size(); i++) {
                long index = a.firstIndex() + i;
                changes.addAll(state.apply(events.get(i), index, now));
                written.add(new Written(index, events.get(i)));
            }
            long next = a.lastIndex() + 1;
            // Every revision gets a snapshot, even one that changes no policy or entity, so the
            // snapshot's revision is always the log size a decision can be checked against.
            engine.apply(changes, next);
            shadow.reset(state.shadow.values());
            publish(next);
            return new Committed(written, next);
        } catch (RuntimeException e) {
            // The entries are in the log but could not be applied: the state here no longer
            // matches the log. Stop taking writes rather than build on it; decisions go on from
            // the last good snapshot, and a restart replays the log (and says what fails).
            broken = "this server stopped taking writes: log entries from index " + a.firstIndex() + " could not be applied ("
                    + e.getMessage() + "); restart it";
            throw new IllegalStateException(broken, e);
        }
    }

    // ---- tokens ----

    /** A new token: the secret (shown once) and its record. */
    public record IssuedToken(String token, String id, String name, String role, String org, long revision) {}

    public IssuedToken createToken(Actor actor, Inputs.CreateToken in) {
        synchronized (this) {
            catchUp();
            access.require(actor, "token.create", Access.Target.PLATFORM_TARGET);
            String roleText = Validate.text("role", in.role());
            String org = in.org();
            if (roleText.startsWith("customer:")) {
                if (org != null && !org.equals(roleText.substring(9))) {
                    throw Rejection.invalid("org", "`role` names organization \"" + roleText.substring(9) + "\" but `org` is \"" + org + "\"");
                }
                org = roleText.substring(9);
                roleText = "customer";
            }
            Role role = Role.parse(roleText);
            String name = Validate.id("name", in.name());
            if (role == Role.CUSTOMER) {
                Validate.text("org", org);
                if (!state.entities.containsKey(EntityUid.of("Org", org))) {
                    throw Rejection.invalid("org", "there is no organization Org::\"" + org + "\"; add it with PUT /v1/entities first");
                }
            } else if (org != null) {
                throw Rejection.invalid("org", "only a customer token belongs to an organization; leave `org` out for role \"" + role.wireName() + "\"");
            }
            byte[] secret = new byte[32];
            random.nextBytes(secret);
            String token = "veto_" + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
            String id = String.format("T-%04d", state.tokenCount + 1);
            Committed c = commit(List.of(new Event.TokenCreated(id, name, role.wireName(), org, sha256Hex(token), actor.name())));
            return new IssuedToken(token, id, name, role.wireName(), org, c.revision());
        }
    }

    /** The actor behind a bearer token. */
    public Actor authenticate(String token) {
        if (token == null || token.isBlank()) {
            throw new Rejection(Rejection.Kind.UNAUTHENTICATED, "missing bearer token; send the header `Authorization: Bearer <token>` (create one with `veto token create`)");
        }
        Event.TokenCreated t = state.tokensBySha256.get(sha256Hex(token));
        if (t == null) {
            throw new Rejection(Rejection.Kind.UNAUTHENTICATED, "unknown bearer token; check it was copied whole, or create a new one with `veto token create`");
        }
        return new Actor(t.name(), Role.parse(t.role()), t.org());
    }

    static String sha256Hex(String s) {
        return HexFormat.of().formatHex(sha256(s.getBytes(StandardCharsets.UTF_8)));
    }

    static byte[] sha256(byte[] b) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(b);
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    // ---- platform state ----

    public synchronized Committed putEntities(Actor actor, JsonNode body) {
        catchUp();
        access.require(actor, "platform.write", Access.Target.PLATFORM_TARGET);
        List<Entity> entities;
        try {
            entities = CedarJson.parseEntities(body, "body", null);
        } catch (JsonFormatException e) {
            throw Rejection.invalid(null, e.getMessage());
        }
        if (entities.isEmpty()) {
            throw Rejection.invalid(null, "body: expected a non-empty JSON array of Cedar entities");
        }
        for (int i = 0; i < entities.size(); i++) {
            if (entities.get(i).uid().type().equals("Action")) {
                throw Rejection.invalid("[" + i + "]", "body: [" + i + "]: actions come from the service catalog; use PUT /v1/services/{service}");
            }
        }
        Hierarchy.refuseCycles(entities, state.entities);
        List<Event> events = new ArrayList<>();
        ArrayNode chunk = JsonNodeFactory.instance.arrayNode();
        int bytes = 0;
        for (Entity e : entities) {
            JsonNode json = CedarJson.toJson(e);
            int size = json.toString().length();
            if (size > ENTITY_CHUNK_BYTES) {
                throw new Rejection(Rejection.Kind.TOO_LARGE, "entity " + e.uid() + " is " + size + " bytes of JSON; at most " + ENTITY_CHUNK_BYTES + " fit in one log entry");
            }
            if (bytes + size > ENTITY_CHUNK_BYTES) {
                events.add(new Event.EntitiesPut(chunk, actor.name()));
                chunk = JsonNodeFactory.instance.arrayNode();
                bytes = 0;
            }
            chunk.add(json);
            bytes += size + 1;
        }
        events.add(new Event.EntitiesPut(chunk, actor.name()));
        return commit(events);
    }

    public synchronized Committed removeEntity(Actor actor, String type, String id) {
        catchUp();
        access.require(actor, "platform.write", Access.Target.PLATFORM_TARGET);
        EntityUid uid = EntityUid.of(type, id);
        if (!state.entities.containsKey(uid)) {
            throw Rejection.notFound("there is no entity " + uid);
        }
        return commit(List.of(new Event.EntityRemoved(new Ref(type, id), actor.name())));
    }

    public synchronized Committed putService(Actor actor, String service, Inputs.PutService in) {
        catchUp();
        access.require(actor, "platform.write", Access.Target.PLATFORM_TARGET);
        Validate.name("service", service);
        if (service.equals("service") || service.equals("access")) {
            throw Rejection.invalid("service", "service names \"service\" and \"access\" are reserved: Action::\"service:…\" and Action::\"access:…\" are the catalog's action groups");
        }
        List<Event.Operation> ops = Validate.nonEmpty("operations", in.operations());
        java.util.Set<String> names = new java.util.HashSet<>();
        for (int i = 0; i < ops.size(); i++) {
            Event.Operation op = ops.get(i);
            Validate.name("operations[" + i + "].name", op.name());
            if (!names.add(op.name())) {
                throw Rejection.invalid("operations[" + i + "].name", "operation \"" + op.name() + "\" is listed twice");
            }
            if (!Catalog.ACCESS_KINDS.contains(op.access())) {
                throw Rejection.invalid("operations[" + i + "].access", "`operations[" + i + "].access` must be one of read, write, export, admin; got "
                        + (op.access() == null ? "nothing" : "\"" + op.access() + "\""));
            }
        }
        return commit(List.of(new Event.ServicePut(service, ops, actor.name())));
    }

    public synchronized Committed putPrinciple(Actor actor, String id, Inputs.PutPrinciple in) {
        catchUp();
        access.require(actor, "platform.write", Access.Target.PLATFORM_TARGET);
        Validate.name("id", id);
        return commit(List.of(new Event.PrinciplePut(id, Validate.text("title", in.title()), Validate.text("text", in.text()),
                Validate.text("clause", in.clause()), Validate.url("url", in.url()), actor.name())));
    }

    public synchronized Committed putPolicy(Actor actor, String id, String text) {
        catchUp();
        access.require(actor, "platform.write", Access.Target.PLATFORM_TARGET);
        Validate.id("id", id);
        refuseEnforcementId(id);
        if (text == null || text.isBlank()) {
            throw Rejection.invalid(null, "the body must be the policy's Cedar text, e.g. " + BASELINE_TEXT);
        }
        List<Policy> parsed;
        try {
            parsed = PolicyParser.parsePolicies(text, "policy " + id);
        } catch (CedarSyntaxError e) {
            throw Rejection.invalid(null, e.getMessage());
        }
        if (parsed.size() != 1) {
            throw Rejection.invalid(null, "policy " + id + ": the body holds " + parsed.size() + " policies; PUT one policy per id");
        }
        if (parsed.get(0).isTemplate()) {
            throw Rejection.invalid(null, "policy " + id + ": templates (with ?principal or ?resource) are not platform policies; write the policy with concrete entities");
        }
        return commit(List.of(new Event.PolicyPut(id, text, actor.name())));
    }

    public synchronized Committed removePolicy(Actor actor, String id) {
        catchUp();
        access.require(actor, "platform.write", Access.Target.PLATFORM_TARGET);
        refuseEnforcementId(id);
        if (!state.policies.containsKey(id)) {
            throw Rejection.notFound("there is no platform policy \"" + id + "\"");
        }
        return commit(List.of(new Event.PolicyRemoved(id, actor.name())));
    }

    private static void refuseEnforcementId(String id) {
        if (id.startsWith("enf-")) {
            throw new Rejection(Rejection.Kind.CONFLICT, "policy ids starting with \"enf-\" belong to enforcements; they change only through their case (approval, appeal)");
        }
    }

    // ---- workflow ----

    public synchronized Committed openCase(Actor actor, Inputs.OpenCase in) {
        catchUp();
        access.require(actor, "case.open", Access.Target.PLATFORM_TARGET);
        Ref subject = Validate.required("subject", in.subject());
        EntityUid uid = entityRef("subject", subject);
        String org = Hierarchy.orgOf(uid, state.entities);
        if (org == null) {
            throw Rejection.invalid("subject", "subject " + uid + " is not under any Org; a case is against a unit of a customer organization");
        }
        String principle = principle("principle", in.principle());
        String id = String.format("C-%04d", state.cases.size() + 1);
        return commit(List.of(new Event.CaseOpened(id, subject, org, principle, Validate.text("summary", in.summary()), actor.name())));
    }

    public synchronized Committed addEvidence(Actor actor, String caseId, Inputs.AddEvidence in) {
        catchUp();
        CaseState c = caseFor(actor, "evidence.add", caseId);
        requireOpen(c);
        Boolean content = Validate.required("customerContentAccessed", in.customerContentAccessed());
        if (content) {
            throw Rejection.invalid("customerContentAccessed", "evidence drawn from customer content is refused: a review rests on the provider's own records "
                    + "(billing, metering, contracts, correspondence, press reports), never on what customers store or process; "
                    + "record evidence that did not require accessing customer content");
        }
        Event e = new Event.EvidenceAdded(c.id(), "EV-" + (c.evidence.size() + 1), Validate.name("kind", in.kind()),
                Validate.text("source", in.source()), Validate.text("description", in.description()),
                Validate.sha256("sha256", in.sha256()), Validate.notInFuture("collectedAt", in.collectedAt(), clock.instant()), actor.name());
        return commit(List.of(e));
    }

    public synchronized Committed recordFinding(Actor actor, String caseId, Inputs.RecordFinding in) {
        catchUp();
        CaseState c = caseFor(actor, "finding.record", caseId);
        requireOpen(c);
        String principle = principle("principle", in.principle());
        List<String> evidence = Validate.nonEmpty("evidence", in.evidence());
        for (int i = 0; i < evidence.size(); i++) {
            if (!c.evidence.containsKey(evidence.get(i))) {
                throw Rejection.invalid("evidence[" + i + "]", "case " + c.id() + " has no evidence \"" + evidence.get(i) + "\"; it has " + c.evidence.keySet());
            }
        }
        return commit(List.of(new Event.FindingRecorded(c.id(), "F-" + (c.findings.size() + 1), principle,
                Validate.text("statement", in.statement()), evidence, actor.name())));
    }

    /** A new proposal and its impact preview. */
    public record Proposed(Committed committed, String id, Impact.Preview impact) {}

    public synchronized Proposed propose(Actor actor, String caseId, Inputs.Propose in) {
        catchUp();
        CaseState c = caseFor(actor, "proposal.make", caseId);
        requireOpen(c);
        Ref scope = Validate.required("scope", in.scope());
        EntityUid scopeUid = entityRef("scope", scope);
        EntityUid subject = EntityUid.of(c.opened.subject().type(), c.opened.subject().id());
        if (!scopeUid.equals(subject) && !engine.snapshot().isAncestor(scopeUid, subject)) {
            throw Rejection.invalid("scope", "scope " + scopeUid + " is not the case's subject " + subject + " or below it; a remedy reaches no further than its case");
        }
        List<String> services = Validate.nonEmpty("services", in.services());
        for (int i = 0; i < services.size(); i++) {
            if (!state.services.containsKey(services.get(i))) {
                throw Rejection.invalid("services[" + i + "]", "there is no service \"" + services.get(i) + "\" in the catalog; known: " + state.services.keySet());
            }
        }
        Instant now = clock.instant();
        if (in.effectiveAt() != null && in.effectiveAt().isBefore(now.minusSeconds(300))) {
            throw Rejection.invalid("effectiveAt", "`effectiveAt` " + in.effectiveAt() + " is in the past; leave it out to take effect on approval");
        }
        if ((in.exportWindowDays() == null) == (in.exportWindowEndsAt() == null)) {
            throw Rejection.invalid("exportWindowDays", "give exactly one of `exportWindowDays` (counted from when the enforcement takes effect) and `exportWindowEndsAt`");
        }
        if (in.exportWindowDays() != null && (in.exportWindowDays() < 1 || in.exportWindowDays() > 366)) {
            throw Rejection.invalid("exportWindowDays", "`exportWindowDays` must be between 1 and 366 (the customer always gets time to export its data), got " + in.exportWindowDays());
        }
        Instant horizon = now.plus(Duration.ofDays(3660));
        if (in.effectiveAt() != null && in.effectiveAt().isAfter(horizon)) {
            throw Rejection.invalid("effectiveAt", "`effectiveAt` " + in.effectiveAt() + " is more than ten years ahead");
        }
        if (in.exportWindowEndsAt() != null && in.exportWindowEndsAt().isAfter(horizon)) {
            throw Rejection.invalid("exportWindowEndsAt", "`exportWindowEndsAt` " + in.exportWindowEndsAt() + " is more than ten years ahead");
        }
        Instant start = in.effectiveAt() == null ? now : in.effectiveAt();
        if (in.exportWindowEndsAt() != null && in.exportWindowEndsAt().isBefore(start)) {
            throw Rejection.invalid("exportWindowEndsAt", "`exportWindowEndsAt` " + in.exportWindowEndsAt() + " is before the enforcement takes effect (" + start + ")");
        }
        String caseNo = c.id().substring(2);
        int seq = c.proposals.size() + 1;
        String id = "P-" + caseNo + "-" + seq;
        List<CompiledPolicy> policies = EnforcementCompiler.compile(remedy(c, seq, scopeUid, services, in.effectiveAt(),
                windowEnd(in.exportWindowEndsAt(), in.exportWindowDays(), start)), now);
        Event.ProposalMade made = new Event.ProposalMade(c.id(), id, scope, services, in.effectiveAt(), in.exportWindowEndsAt(),
                in.exportWindowDays(), Validate.optionalText("legalGround", in.legalGround()), Validate.text("contractualGround", in.contractualGround()),
                Validate.text("explanation", in.explanation()), Validate.countries("territorialScope", in.territorialScope()),
                Boolean.TRUE.equals(in.shadow()), policies, actor.name());
        Impact.Preview preview = Impact.preview(scopeUid, policies, engine.snapshot(), state.entities.keySet(), recent.snapshot(), start,
                windowEnd(in.exportWindowEndsAt(), in.exportWindowDays(), start));
        return new Proposed(commit(List.of(made)), id, preview);
    }

    private EnforcementCompiler.Remedy remedy(CaseState c, int seq, EntityUid scope, List<String> services, Instant effectiveAt, Instant windowEnd) {
        String caseNo = c.id().substring(2);
        return new EnforcementCompiler.Remedy(c.id(), c.opened.principle(), "ENF-" + caseNo + "-" + seq, "N-" + caseNo + "-" + seq,
                scope, services, effectiveAt, windowEnd);
    }

    private static Instant windowEnd(Instant endsAt, Integer days, Instant start) {
        return endsAt != null ? endsAt : start.plus(Duration.ofDays(days));
    }

    /** An approval and, when it was the second, the enforcement it created. */
    public record Approval(Committed committed, String status, int approvals, String enforcementId, String noticeId, List<CompiledPolicy> policies) {
        /** The revision from which the enforcement is in force: its activation entry's index + 1. */
        public long enforcementRevision() {
            return committed.events().stream().filter(w -> w.event() instanceof Event.EnforcementActivated).findFirst()
                    .map(w -> w.index() + 1).orElse(-1L);
        }
    }

    public synchronized Approval approve(Actor actor, String proposalId, Inputs.Approve in) {
        catchUp();
        ProposalState p = state.proposals.get(proposalId);
        if (p == null || hiddenFrom(actor, state.cases.get(p.made.caseId()))) {
            throw Rejection.notFound("there is no proposal \"" + proposalId + "\"");
        }
        CaseState c = state.cases.get(p.made.caseId());
        access.require(actor, "proposal.approve", Access.Target.of("Proposal", proposalId).with("org", c.opened.org())
                .with("proposer", p.made.by()).with("approvers", p.approvals.stream().map(Event.ProposalApproved::by).toList()));
        // The access policy carries the two-person rule; this repeats it so that no edit of the
        // policy file can switch it off.
        if (p.made.by().equals(actor.name()) || p.approvals.stream().anyMatch(a -> a.by().equals(actor.name()))) {
            throw new Rejection(Rejection.Kind.FORBIDDEN, "two-person rule: the proposer may not approve, and each approver approves once");
        }
        if (!p.status.equals("pending")) {
            throw Rejection.conflict("proposal " + proposalId + " is " + p.status + "; only a pending proposal can be approved");
        }
        requireOpen(c);
        if (c.findings.isEmpty()) {
            throw Rejection.conflict("case " + c.id() + " has no findings yet; record findings (POST /v1/cases/" + c.id() + "/findings) before approving a remedy");
        }
        String comment = in == null ? null : Validate.optionalText("comment", in.comment());
        List<Event> events = new ArrayList<>();
        events.add(new Event.ProposalApproved(proposalId, actor.name(), comment));
        if (p.approvals.size() + 1 < 2) {
            Committed done = commit(events);
            return new Approval(done, "pending", p.approvals.size(), null, null, List.of());
        }
        Instant now = clock.instant();
        int seq = Integer.parseInt(proposalId.substring(proposalId.lastIndexOf('-') + 1));
        Instant start = p.made.effectiveAt() == null || p.made.effectiveAt().isBefore(now) ? now : p.made.effectiveAt();
        EnforcementCompiler.Remedy r = remedy(c, seq, EntityUid.of(p.made.scope().type(), p.made.scope().id()), p.made.services(),
                p.made.effectiveAt(), windowEnd(p.made.exportWindowEndsAt(), p.made.exportWindowDays(), start));
        if (!r.exportWindowEndsAt().isAfter(now)) {
            throw Rejection.conflict("the export window of proposal " + proposalId + " ended on " + r.exportWindowEndsAt()
                    + "; an enforcement must leave the customer time to export its data: make a new proposal with a later window");
        }
        List<CompiledPolicy> policies = EnforcementCompiler.compile(r, now);
        Instant deadline = now.atZone(ZoneOffset.UTC).plusMonths(APPEAL_MONTHS).toInstant();
        checkNotice(() -> state.noticeFacts(r.noticeId(), "restriction", c.id(), r.enforcementId(), proposalId, now, now, deadline, null, null));
        events.add(new Event.EnforcementActivated(r.enforcementId(), c.id(), proposalId, r.noticeId(), policies));
        events.add(new Event.NoticeIssued(r.noticeId(), "restriction", c.id(), r.enforcementId(), null, deadline));
        Committed done = commit(events, now);
        return new Approval(done, "enforced", p.approvals.size(), r.enforcementId(), r.noticeId(), policies);
    }

    public synchronized Committed fileAppeal(Actor actor, String caseId, Inputs.FileAppeal in) {
        catchUp();
        CaseState c = caseFor(actor, "appeal.file", caseId);
        if (c.status.equals("closed")) {
            throw Rejection.conflict("case " + c.id() + " is closed; out-of-court dispute settlement and the courts remain open");
        }
        String noticeId = in.notice();
        if (noticeId == null) {
            noticeId = c.notices.stream().filter(n -> state.notices.get(n).issued.kind().equals("restriction")).reduce((a, b) -> b).orElse(null);
            if (noticeId == null) {
                throw Rejection.conflict("case " + c.id() + " has no restriction notice; there is nothing to appeal yet");
            }
        }
        State.NoticeState n = state.notices.get(noticeId);
        if (n == null || !n.issued.caseId().equals(c.id()) || !n.issued.kind().equals("restriction")) {
            throw Rejection.invalid("notice", "case " + c.id() + " has no restriction notice \"" + noticeId + "\"");
        }
        if (clock.instant().isAfter(n.issued.appealDeadline())) {
            throw Rejection.conflict("the appeal period for notice " + noticeId + " ended on " + n.issued.appealDeadline()
                    + "; out-of-court dispute settlement and the courts remain open");
        }
        String nid = noticeId;
        if (c.appeals.stream().anyMatch(a -> state.appeals.get(a).filed.noticeId().equals(nid))) {
            throw Rejection.conflict("notice " + noticeId + " has already been appealed");
        }
        String id = "A-" + c.id().substring(2) + "-" + (c.appeals.size() + 1);
        return commit(List.of(new Event.AppealFiled(id, c.id(), noticeId, Validate.text("statement", in.statement()), actor.name())));
    }

    public synchronized Committed decideAppeal(Actor actor, String appealId, Inputs.DecideAppeal in) {
        catchUp();
        State.AppealState a = state.appeals.get(appealId);
        if (a == null || hiddenFrom(actor, state.cases.get(a.filed.caseId()))) {
            throw Rejection.notFound("there is no appeal \"" + appealId + "\"");
        }
        CaseState c = state.cases.get(a.filed.caseId());
        access.require(actor, "appeal.decide", Access.Target.of("Appeal", appealId).with("org", c.opened.org()).with("involved", c.involved));
        if (c.involved.contains(actor.name())) {
            throw new Rejection(Rejection.Kind.FORBIDDEN, "an appeal must be decided by someone who took no part in the case");
        }
        if (a.decision != null) {
            throw Rejection.conflict("appeal " + appealId + " was already decided: " + a.decision.outcome());
        }
        String outcome = Validate.text("outcome", in.outcome());
        if (!outcome.equals("upheld") && !outcome.equals("reversed")) {
            throw Rejection.invalid("outcome", "`outcome` must be \"upheld\" or \"reversed\", got \"" + outcome + "\"");
        }
        String reasoning = Validate.text("reasoning", in.reasoning());
        List<Event> events = new ArrayList<>();
        events.add(new Event.AppealDecided(appealId, outcome, reasoning, actor.name()));
        State.NoticeState n = state.notices.get(a.filed.noticeId());
        String enforcementId = n.issued.enforcementId();
        if (outcome.equals("reversed")) {
            Instant now = clock.instant();
            events.add(new Event.EnforcementLifted(enforcementId, "appeal " + appealId + " reversed the decision", actor.name()));
            State.EnforcementState enf = state.enforcements.get(enforcementId);
            checkNotice(() -> state.noticeFacts(n.issued.id() + "-R", "reinstatement", c.id(), enforcementId, enf.activated.proposalId(),
                    enf.activatedAt.time(), now, n.issued.appealDeadline(), appealId, reasoning));
            events.add(new Event.NoticeIssued(n.issued.id() + "-R", "reinstatement", c.id(), enforcementId, appealId, null));
        }
        // The case is done once no appeal is pending and every enforcement still active has had
        // its appeal decided; an enforcement nobody appealed yet keeps the case open for one.
        boolean otherPending = c.appeals.stream().anyMatch(x -> !x.equals(appealId) && state.appeals.get(x).decision == null);
        boolean unappealedActive = c.enforcements.stream()
                .filter(e -> !e.equals(enforcementId) && state.enforcements.get(e).status.equals("active"))
                .anyMatch(e -> c.appeals.stream().noneMatch(x -> state.notices.get(state.appeals.get(x).filed.noticeId()).issued.enforcementId().equals(e)
                        && state.appeals.get(x).decision != null));
        if (!otherPending && !unappealedActive) {
            events.add(new Event.CaseClosed(c.id(), "appeal " + appealId + " " + outcome, actor.name()));
        }
        return commit(events);
    }

    public synchronized Committed closeCase(Actor actor, String caseId, Inputs.CloseCase in) {
        catchUp();
        CaseState c = caseFor(actor, "case.close", caseId);
        requireOpen(c);
        if (c.appeals.stream().anyMatch(x -> state.appeals.get(x).decision == null)) {
            throw Rejection.conflict("case " + c.id() + " has an undecided appeal; decide it first");
        }
        return commit(List.of(new Event.CaseClosed(c.id(), Validate.text("reason", in.reason()), actor.name())));
    }

    private CaseState caseFor(Actor actor, String action, String caseId) {
        CaseState c = state.cases.get(caseId);
        if (c == null || hiddenFrom(actor, c)) {
            throw Rejection.notFound("there is no case \"" + caseId + "\"");
        }
        access.require(actor, action, caseTarget(c));
        return c;
    }

    /** A customer learns nothing about other organizations' cases, not even that they exist. */
    private static boolean hiddenFrom(Actor actor, CaseState c) {
        return actor.role() == Role.CUSTOMER && !c.opened.org().equals(actor.org());
    }

    private void checkNotice(java.util.function.Supplier<?> facts) {
        try {
            facts.get();
        } catch (IllegalArgumentException e) {
            throw Rejection.conflict("the notice to the customer cannot be written: " + e.getMessage() + "; correct the case, principle or proposal first");
        }
    }

    private static Access.Target caseTarget(CaseState c) {
        return Access.Target.of("Case", c.id()).with("org", c.opened.org());
    }

    private static void requireOpen(CaseState c) {
        if (c.status.equals("closed")) {
            throw Rejection.conflict("case " + c.id() + " is closed");
        }
        if (c.status.equals("appealed")) {
            throw Rejection.conflict("case " + c.id() + " is under appeal; wait for the appeal decision");
        }
    }

    private EntityUid entityRef(String field, Ref ref) {
        Validate.text(field + ".type", ref.type());
        Validate.text(field + ".id", ref.id());
        EntityUid uid = EntityUid.of(ref.type(), ref.id());
        if (!state.entities.containsKey(uid)) {
            throw Rejection.invalid(field, "there is no entity " + uid + "; add it with PUT /v1/entities first");
        }
        return uid;
    }

    private String principle(String field, String id) {
        Validate.text(field, id);
        if (!state.principles.containsKey(id)) {
            throw Rejection.invalid(field, "there is no principle \"" + id + "\"; known: " + state.principles.keySet() + " (add one with PUT /v1/principles/{id})");
        }
        return id;
    }

    // ---- decisions ----

    /** A decision, and what shadow-mode proposals would have decided. */
    public record Decision(EngineResponse response, List<EngineResponse.Reason> shadowDenials) {}

    /** Decides a request on the current snapshot; an allowed request is also checked in shadow. */
    public Decision authorize(EngineRequest request) {
        request = guardSlice(request);
        EngineResponse r = engine.authorize(request);
        recent.record(request, r.isAllowed());
        List<EngineResponse.Reason> wouldDeny = r.isAllowed() && shadow.active()
                ? shadow.wouldDeny(request, engine.snapshot(), clock.instant()) : List.of();
        return new Decision(r, wouldDeny);
    }

    /**
     * Starts the memory traffic a decision on {@code request} will need (see
     * {@link Engine#prefetch}); a batch calls it for the next request before deciding this one.
     */
    public void prefetch(EngineRequest request) {
        engine.prefetch(request);
    }

    public Snapshot snapshot() {
        return engine.snapshot();
    }

    /**
     * A request's entities may describe its principal and resource, but not undo what Veto
     * stores: actions come from the catalog, and an entity Veto knows keeps its stored parents
     * (the slice can add parents, never detach it from a unit under enforcement).
     *
     * @throws IllegalArgumentException for an action in the slice
     */
    private EngineRequest guardSlice(EngineRequest r) {
        if (r.entities().isEmpty()) {
            return r;
        }
        Snapshot snap = engine.snapshot();
        List<Entity> in = r.entities();
        // made only when an entity changes: most slices pass as they are
        List<Entity> out = null;
        for (int i = 0; i < in.size(); i++) {
            Entity e = in.get(i);
            if (e.uid().type().equals("Action")) {
                throw new IllegalArgumentException("entity " + e.uid() + ": actions come from the service catalog; leave them out of the request");
            }
            Entity stored = snap.get(e.uid());
            if (stored != null && !e.parents().containsAll(stored.parents())) {
                java.util.Set<EntityUid> parents = new java.util.LinkedHashSet<>(e.parents());
                parents.addAll(stored.parents());
                if (out == null) {
                    out = new ArrayList<>(in.subList(0, i));
                }
                out.add(Entity.of(e.uid(), e.attributes(), parents, e.tags()));
            } else if (out != null) {
                out.add(e);
            }
        }
        return out != null ? new EngineRequest(r.principal(), r.action(), r.resource(), r.context(), out) : r;
    }

    /** How many decisions each shadow-mode proposal would have denied, by proposal id. */
    public Map<String, Long> shadowCounts() {
        return shadow.counts();
    }

    // ---- reads ----

    /** Reads that need the state consistent: run {@code read} under the command lock. */
    public synchronized <T> T read(Actor actor, String action, String kind, String id, java.util.function.Function<Views, T> read) {
        Views v = new Views(state, this, actor.role() == Role.CUSTOMER);
        switch (kind) {
            case "case" -> caseFor(actor, action, id);
            case "notice" -> {
                State.NoticeState n = state.notices.get(id);
                if (n == null || hiddenFrom(actor, state.cases.get(n.issued.caseId()))) {
                    throw Rejection.notFound("there is no notice \"" + id + "\"");
                }
                access.require(actor, action, caseTarget(state.cases.get(n.issued.caseId())));
            }
            case "proposal" -> {
                ProposalState p = state.proposals.get(id);
                if (p == null || hiddenFrom(actor, state.cases.get(p.made.caseId()))) {
                    throw Rejection.notFound("there is no proposal \"" + id + "\"");
                }
                access.require(actor, action, caseTarget(state.cases.get(p.made.caseId())));
            }
            case "enforcement" -> {
                State.EnforcementState e = state.enforcements.get(id);
                if (e == null || hiddenFrom(actor, state.cases.get(e.activated.caseId()))) {
                    throw Rejection.notFound("there is no enforcement \"" + id + "\"");
                }
                access.require(actor, action, caseTarget(state.cases.get(e.activated.caseId())));
            }
            case "platform" -> access.require(actor, action, Access.Target.PLATFORM_TARGET);
            default -> throw new IllegalArgumentException(kind);
        }
        return read.apply(v);
    }

    /** Cases the actor may see: all of them for staff, its organization's for a customer. */
    public synchronized List<String> visibleCases(Actor actor) {
        List<String> out = new ArrayList<>();
        for (CaseState c : state.cases.values()) {
            try {
                access.require(actor, "case.read", caseTarget(c));
                out.add(c.id());
            } catch (Rejection r) {
                // not visible to this actor
            }
        }
        return out;
    }

    /** Staff views for code that has already checked access (tests, the CLI). */
    public synchronized Views views() {
        return new Views(state, this, false);
    }

    @Override
    public void close() {
        log.close();
    }

    static PolicySet.Entry entry(CompiledPolicy p) {
        return new PolicySet.Entry(p.id(), PolicyParser.parsePolicy(p.text(), p.id()), null);
    }
}
