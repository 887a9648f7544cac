package dev.veto.control;

import java.time.Instant;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * What happened: the only thing the control plane writes to the log. Each event is one log entry
 * ({@link dev.veto.ledger.LogRecord} with the event's {@link #type()} and version 1, its payload the
 * event as JSON). State is a fold over these events, so a new event type or field is a new
 * version, never a change to an old one.
 */
public sealed interface Event {

    /** The log record type, e.g. {@code case.opened}. */
    default String type() {
        return EventCodec.typeOf(getClass());
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
    record EntitiesPut(JsonNode entities, String by) implements Event {}

    record EntityRemoved(Ref entity, String by) implements Event {}

    /** A service and its operations; operations missing from a re-put are removed. */
    record ServicePut(String service, List<Operation> operations, String by) implements Event {}

    record Operation(String name, String access) {}

    record PrinciplePut(String id, String title, String text, String clause, String url, String by) implements Event {}

    /** A platform policy (Cedar text, one static policy). */
    record PolicyPut(String id, String text, String by) implements Event {}

    record PolicyRemoved(String id, String by) implements Event {}

    /** A bearer token; only its SHA-256 is recorded, never the token. */
    record TokenCreated(String id, String name, String role, String org, String sha256, String by) implements Event {}

    // ---- workflow ----

    record CaseOpened(String id, Ref subject, String org, String principle, String summary, String by) implements Event {}

    record EvidenceAdded(String caseId, String id, String kind, String source, String description, String sha256,
            Instant collectedAt, String by) implements Event {}

    record FindingRecorded(String caseId, String id, String principle, String statement, List<String> evidence, String by)
            implements Event {}

    /**
     * A proposed remedy. The export window is either fixed ({@code exportWindowEndsAt}) or a number
     * of days counted from when the enforcement takes effect ({@code exportWindowDays}); the
     * policies here are as compiled at proposal time, for the preview and shadow mode.
     */
    record ProposalMade(String caseId, String id, Ref scope, List<String> services, Instant effectiveAt,
            Instant exportWindowEndsAt, Integer exportWindowDays, String legalGround, String contractualGround, String explanation,
            List<String> territorialScope, boolean shadow, List<CompiledPolicy> policies, String by) implements Event {}

    /** One Cedar policy an enforcement compiles to. */
    record CompiledPolicy(String id, String text) {}

    record ProposalApproved(String proposalId, String by, String comment) implements Event {}

    /** The second approval's consequence: the proposal's policies are enforced from now on. */
    record EnforcementActivated(String id, String caseId, String proposalId, String noticeId, List<CompiledPolicy> policies)
            implements Event {}

    /** A notice to the customer organization: a restriction or a reinstatement. */
    record NoticeIssued(String id, String kind, String caseId, String enforcementId, String appealId, Instant appealDeadline)
            implements Event {}

    record AppealFiled(String id, String caseId, String noticeId, String statement, String by) implements Event {}

    record AppealDecided(String appealId, String outcome, String reasoning, String by) implements Event {}

    /** The enforcement's policies are removed: the service is reinstated. */
    record EnforcementLifted(String id, String reason, String by) implements Event {}

    record CaseClosed(String caseId, String reason, String by) implements Event {}
}
