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

    /** The log record type, e.g. {@code case.opened}. */
    default String type() {
        return EventCodec.typeOf(getClass());
    }

    /**
     * Whether this event can change a decision: exactly what the change feed carries to
     * enforcement points. Exhaustive, so a new event type must say.
     */
    default boolean changesDecisions() {
        return switch (this) {
            case EntitiesPut e -> true;
            case EntityRemoved e -> true;
            case ServicePut e -> true;
            case PolicyPut e -> true;
            case PolicyRemoved e -> true;
            case EnforcementActivated e -> true;
            case EnforcementLifted e -> true;
            case PrinciplePut e -> false;
            case TokenCreated e -> false;
            case TokenRevoked e -> false;
            case RosterBootstrapped e -> false;
            case RosterChangeProposed e -> false;
            case RosterChangeApproved e -> false;
            case RosterChanged e -> false;
            case EvasionDetected e -> true;
            case EvasionReleased e -> true;
            case CaseOpened e -> false;
            case EvidenceAdded e -> false;
            case FindingRecorded e -> false;
            case ProposalMade e -> false;
            case ProposalApproved e -> false;
            case NoticeIssued e -> false;
            case AppealFiled e -> false;
            case AppealDecided e -> false;
            case CaseClosed e -> false;
        };
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
    record EntitiesPut(JsonNode entities, String by) implements Event {}

    @Named("entity.removed")
    record EntityRemoved(Ref entity, String by) implements Event {}

    /** A service and its operations; operations missing from a re-put are removed. */
    @Named("service.put")
    record ServicePut(String service, List<Operation> operations, String by) implements Event {}

    record Operation(String name, String access) {}

    @Named("principle.put")
    record PrinciplePut(String id, String title, String text, String clause, String url, String by) implements Event {}

    /** A platform policy (Cedar text, one static policy). */
    @Named("policy.put")
    record PolicyPut(String id, String text, String by) implements Event {}

    @Named("policy.removed")
    record PolicyRemoved(String id, String by) implements Event {}

    /**
     * A bearer token of subject {@code name}, acting in {@code role}; only its SHA-256 is recorded,
     * never the token. {@code expiresAt} is absent in tokens older logs recorded (they do not expire).
     */
    @Named("token.created")
    record TokenCreated(String id, String name, Role role, String org, String sha256, String by, Instant expiresAt) implements Event {}

    @Named("token.revoked")
    record TokenRevoked(String id, String reason, String by) implements Event {}

    // ---- the approver roster: who may approve remedies and decide appeals ----

    /** The first approvers, set once by the operator installing Veto. */
    @Named("roster.bootstrapped")
    record RosterBootstrapped(List<String> members, String by) implements Event {}

    /** A proposal to add a subject to the roster or remove one; two approvers other than that subject must approve it. */
    @Named("roster.change.proposed")
    record RosterChangeProposed(String id, RosterChange change, String member, String reason, String by) implements Event {}

    @Named("roster.change.approved")
    record RosterChangeApproved(String changeId, String by, String comment) implements Event {}

    /** The second approval's consequence: the roster changes. */
    @Named("roster.changed")
    record RosterChanged(String changeId, RosterChange change, String member) implements Event {}

    // ---- workflow ----

    @Named("case.opened")
    record CaseOpened(String id, Ref subject, String org, String principle, String summary, String by) implements Event {}

    @Named("evidence.added")
    record EvidenceAdded(String caseId, String id, String kind, String source, String description, String sha256,
            Instant collectedAt, String by) implements Event {}

    @Named("finding.recorded")
    record FindingRecorded(String caseId, String id, String principle, String statement, List<String> evidence, String by)
            implements Event {}

    /**
     * A proposed remedy. The export window is either fixed ({@code exportWindowEndsAt}) or a number
     * of days counted from when the enforcement takes effect ({@code exportWindowDays}); the
     * policies here are as compiled at proposal time, for the preview and shadow mode.
     */
    @Named("proposal.made")
    record ProposalMade(String caseId, String id, Ref scope, List<String> services, Instant effectiveAt,
            Instant exportWindowEndsAt, Integer exportWindowDays, String legalGround, String contractualGround, String explanation,
            List<String> territorialScope, boolean shadow, List<CompiledPolicy> policies, String by) implements Event {}

    /** One Cedar policy an enforcement compiles to. */
    record CompiledPolicy(String id, String text) {}

    @Named("proposal.approved")
    record ProposalApproved(String proposalId, String by, String comment) implements Event {}

    /** The second approval's consequence: the proposal's policies are enforced from now on. */
    @Named("enforcement.activated")
    record EnforcementActivated(String id, String caseId, String proposalId, String noticeId, List<CompiledPolicy> policies)
            implements Event {}

    /** A notice to the customer organization: a restriction or a reinstatement. */
    @Named("notice.issued")
    record NoticeIssued(String id, NoticeFacts.Kind kind, String caseId, String enforcementId, String appealId, Instant appealDeadline)
            implements Event {}

    @Named("appeal.filed")
    record AppealFiled(String id, String caseId, String noticeId, String statement, String by) implements Event {}

    @Named("appeal.decided")
    record AppealDecided(String appealId, AppealOutcome outcome, String reasoning, String by) implements Event {}

    /** The enforcement's policies are removed: the service is reinstated. */
    @Named("enforcement.lifted")
    record EnforcementLifted(String id, String reason, String by) implements Event {}

    @Named("case.closed")
    record CaseClosed(String caseId, String reason, String by) implements Event {}

    /**
     * An entity was moved out of the scope of an active enforcement (by the write at
     * {@code index} - 1): the enforcement keeps restricting it, by name, until a reviewer releases it.
     */
    @Named("evasion.detected")
    record EvasionDetected(String enforcementId, String caseId, Ref entity, Ref from, List<CompiledPolicy> policies) implements Event {}

    /** A reviewer lifted the restriction an enforcement kept on a moved entity. */
    @Named("evasion.released")
    record EvasionReleased(String enforcementId, Ref entity, String reason, String by) implements Event {}
}
