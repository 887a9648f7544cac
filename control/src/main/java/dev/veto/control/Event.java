package dev.veto.control;

import dev.veto.control.notice.NoticeFacts;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.time.Instant;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * What happened: the only thing the control plane writes to the log. Each event is one log entry
 * ({@link dev.veto.ledger.LogRecord} with the event's {@link #type()} and version 1, its payload the
 * event as JSON). State is a fold over these events: a field is only ever added (absent in what
 * older builds wrote, and refused by a reader that does not know it), never changed or removed.
 */
public sealed interface Event {

    /** The log record type of an event class, e.g. {@code case.opened}; every event class has one. */
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.TYPE)
    @interface Named {
        String value();
    }

    /**
     * The fields of an event anyone may read, in its public envelope: ids of cases, proposals,
     * enforcements, notices and appeals, principles, restricted services, territorial scope,
     * outcomes, dates. Every other field is private: kept beside the log, shown only to who may
     * see it, and committed to in the envelope (see {@link EventCodec}).
     */
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.TYPE)
    @interface Public {
        String[] value();
    }

    /**
     * The private free-text fields of an event (summaries, descriptions, statements, reasons,
     * comments): their own private part, {@code text}, the one that can be erased. The remaining
     * private fields (part {@code state}: who acted, which entities, policy texts) are what
     * decisions and the process's guarantees are rebuilt from, and stay.
     */
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.TYPE)
    @interface Text {
        String[] value();
    }

    /**
     * Marks the events that can change a decision: exactly what the change feed carries to
     * enforcement points with their private state. {@link EngineEffects#apply} is exhaustive over
     * event types, and a test checks every event with engine effects carries this mark.
     */
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.TYPE)
    @interface ChangesDecisions {}

    /** Private list fields whose sizes are public, as {@code "counts": {"entities": 2000}}. */
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.TYPE)
    @interface Counted {
        String[] value();
    }

    /** The log record type, e.g. {@code case.opened}. */
    default String type() {
        return EventCodec.typeOf(getClass());
    }

    /** Whether this event can change a decision (it is marked {@link ChangesDecisions}). */
    default boolean changesDecisions() {
        return getClass().isAnnotationPresent(ChangesDecisions.class);
    }

    /** A reference to an entity, as in Cedar's JSON: {@code {"type": "Unit", "id": "mx/u42"}}. */
    record Ref(String type, String id) {
        @Override
        public String toString() {
            return type + "::\"" + id + "\"";
        }
    }

    // ---- platform state ----

    /** Entities upserted, in Cedar's entity JSON (normalised); a large batch spans several entries. */
    @Named("entities.put")
    @Counted({"entities"})
    @ChangesDecisions
    record EntitiesPut(JsonNode entities, String by) implements Event {}

    @Named("entity.removed")
    @ChangesDecisions
    record EntityRemoved(Ref entity, String by) implements Event {}

    /** A service and its operations; operations missing from a re-put are removed. */
    @Named("service.put")
    @Public({"service", "operations"})
    @ChangesDecisions
    record ServicePut(String service, List<Operation> operations, String by) implements Event {}

    record Operation(String name, String access) {}

    @Named("principle.put")
    @Public({"id", "title", "text", "clause", "url"})
    record PrinciplePut(String id, String title, String text, String clause, String url, String by) implements Event {}

    /** A platform policy (Cedar text, one static policy). */
    @Named("policy.put")
    @ChangesDecisions
    record PolicyPut(String id, String text, String by) implements Event {}

    @Named("policy.removed")
    @ChangesDecisions
    record PolicyRemoved(String id, String by) implements Event {}

    /**
     * The administrator's part of the platform schema: a schema fragment (Cedar {@code format}
     * "cedar" or "json") declaring attributes of entity types, further entity types and the
     * request context ({@code type Context}), on top of what Veto derives from what it stores;
     * it replaces the one before. {@code checkRequests} says whether decision requests must fit
     * the schema from now on. The text is private, as policy texts are: it describes the
     * provider's data, not the process.
     */
    @Named("schema.put")
    @Public({"format", "checkRequests"})
    record SchemaPut(String format, String text, boolean checkRequests, String by) implements Event {}

    /**
     * A bearer token of subject {@code name}, acting in {@code role}; only its SHA-256 is recorded,
     * never the token. {@code expiresAt} is absent in tokens older logs recorded (they do not expire).
     */
    @Named("token.created")
    record TokenCreated(String id, String name, Role role, String org, String sha256, String by, Instant expiresAt) implements Event {}

    @Named("token.revoked")
    @Text({"reason"})
    record TokenRevoked(String id, String reason, String by) implements Event {}

    // ---- the approver roster: who may approve remedies and decide appeals ----

    /** The first approvers, set once by the operator installing Veto. */
    @Named("roster.bootstrapped")
    @Counted({"members"})
    record RosterBootstrapped(List<String> members, String by) implements Event {}

    /** A proposal to add a subject to the roster or remove one; two approvers other than that subject must approve it. */
    @Named("roster.change.proposed")
    @Public({"id", "change"})
    @Text({"reason"})
    record RosterChangeProposed(String id, RosterChange change, String member, String reason, String by) implements Event {}

    @Named("roster.change.approved")
    @Public({"changeId"})
    @Text({"comment"})
    record RosterChangeApproved(String changeId, String by, String comment) implements Event {}

    /** The second approval's consequence: the roster changes. */
    @Named("roster.changed")
    @Public({"changeId", "change"})
    record RosterChanged(String changeId, RosterChange change, String member) implements Event {}

    // ---- workflow ----

    @Named("case.opened")
    @Public({"id", "principle"})
    @Text({"summary"})
    record CaseOpened(String id, Ref subject, String org, String principle, String summary, String by) implements Event {}

    /** A reviewer took the case: it is theirs to work, and they count as involved in it (no appeal of it is theirs to decide). */
    @Named("case.assigned")
    @Public({"caseId"})
    record CaseAssigned(String caseId, String assignee, String by) implements Event {}

    @Named("evidence.added")
    @Public({"caseId", "id"})
    @Text({"description"})
    record EvidenceAdded(String caseId, String id, String kind, String source, String description, String sha256,
            Instant collectedAt, String by) implements Event {}

    @Named("finding.recorded")
    @Public({"caseId", "id", "principle"})
    @Text({"statement"})
    @Counted({"evidence"})
    record FindingRecorded(String caseId, String id, String principle, String statement, List<String> evidence, String by)
            implements Event {}

    /**
     * A proposed remedy. The export window is either fixed ({@code exportWindowEndsAt}) or a number
     * of days counted from when the enforcement takes effect ({@code exportWindowDays}); the
     * policies here are as compiled at proposal time, for the preview and shadow mode.
     */
    @Named("proposal.made")
    @Public({"caseId", "id", "services", "effectiveAt", "exportWindowEndsAt", "exportWindowDays", "territorialScope", "shadow"})
    @Text({"legalGround", "contractualGround", "explanation"})
    @Counted({"policies"})
    record ProposalMade(String caseId, String id, Ref scope, List<String> services, Instant effectiveAt,
            Instant exportWindowEndsAt, Integer exportWindowDays, String legalGround, String contractualGround, String explanation,
            List<String> territorialScope, boolean shadow, List<CompiledPolicy> policies, String by) implements Event {}

    /** One Cedar policy an enforcement compiles to. */
    record CompiledPolicy(String id, String text) {}

    @Named("proposal.approved")
    @Public({"proposalId"})
    @Text({"comment"})
    record ProposalApproved(String proposalId, String by, String comment) implements Event {}

    /** The second approval's consequence: the proposal's policies are enforced from now on. */
    @Named("enforcement.activated")
    @Public({"id", "caseId", "proposalId", "noticeId"})
    @Counted({"policies"})
    @ChangesDecisions
    record EnforcementActivated(String id, String caseId, String proposalId, String noticeId, List<CompiledPolicy> policies)
            implements Event {}

    /**
     * A notice to the customer organization: a restriction or a reinstatement. {@code letterSha256}
     * (private, absent in older logs) binds the letter as issued: SHA-256 of the canonical JSON of
     * its id, kind, subject, sections and text, which a receipt's holder recomputes.
     */
    @Named("notice.issued")
    @Public({"id", "kind", "caseId", "enforcementId", "appealId", "appealDeadline"})
    record NoticeIssued(String id, NoticeFacts.Kind kind, String caseId, String enforcementId, String appealId, Instant appealDeadline,
            String letterSha256) implements Event {}

    @Named("appeal.filed")
    @Public({"id", "caseId", "noticeId"})
    @Text({"statement"})
    record AppealFiled(String id, String caseId, String noticeId, String statement, String by) implements Event {}

    @Named("appeal.decided")
    @Public({"appealId", "outcome"})
    @Text({"reasoning"})
    record AppealDecided(String appealId, AppealOutcome outcome, String reasoning, String by) implements Event {}

    /** The enforcement's policies are removed: the service is reinstated. */
    @Named("enforcement.lifted")
    @Public({"id"})
    @Text({"reason"})
    @ChangesDecisions
    record EnforcementLifted(String id, String reason, String by) implements Event {}

    @Named("case.closed")
    @Public({"caseId"})
    @Text({"reason"})
    record CaseClosed(String caseId, String reason, String by) implements Event {}

    /**
     * An entity was moved out of the scope of an active enforcement (by the write at
     * {@code index} - 1): the enforcement keeps restricting it, by name, until a reviewer releases it.
     */
    @Named("evasion.detected")
    @Public({"enforcementId", "caseId"})
    @ChangesDecisions
    record EvasionDetected(String enforcementId, String caseId, Ref entity, Ref from, List<CompiledPolicy> policies) implements Event {}

    /**
     * The private text of log entry {@code entry} was erased (a legal hold ended, an erasure
     * request): its envelope and commitments stay, so the log still verifies; what decisions and
     * the process need stays too (see {@link Text}).
     */
    @Named("payload.erased")
    @Public({"entry", "parts"})
    @Text({"reason"})
    record PayloadErased(long entry, List<String> parts, String reason, String by) implements Event {}

    /** A reviewer lifted the restriction an enforcement kept on a moved entity. */
    @Named("evasion.released")
    @Public({"enforcementId"})
    @Text({"reason"})
    @ChangesDecisions
    record EvasionReleased(String enforcementId, Ref entity, String reason, String by) implements Event {}
}
