package dev.veto.control;

import dev.veto.control.Event.Ref;
import java.time.Instant;
import java.util.List;

/** The commands' inputs, as the API's JSON bodies bind to them. Absent fields are null. */
public final class Inputs {
    private Inputs() {}

    public record OpenCase(Ref subject, String principle, String summary) {}

    public record AddEvidence(String kind, String source, String description, String sha256, Instant collectedAt,
            Boolean customerContentAccessed) {}

    public record RecordFinding(String principle, String statement, List<String> evidence) {}

    public record Propose(Ref scope, List<String> services, Instant effectiveAt, Integer exportWindowDays,
            Instant exportWindowEndsAt, String legalGround, String contractualGround, String explanation,
            List<String> territorialScope, Boolean shadow) {}

    public record Approve(String comment) {}

    public record FileAppeal(String statement, String notice) {}

    public record DecideAppeal(String outcome, String reasoning) {}

    public record CloseCase(String reason) {}

    public record PutService(List<Event.Operation> operations) {}

    public record PutPrinciple(String title, String text, String clause, String url) {}

    /**
     * A new token. {@code name} is the local account it belongs to, left out for a token of one's
     * own; {@code expiresInDays} defaults to {@value IdentityRules#DEFAULT_TOKEN_DAYS}.
     */
    public record CreateToken(String role, String name, String org, Integer expiresInDays) {
        public CreateToken(String role, String name, String org) {
            this(role, name, org, null);
        }
    }

    public record RevokeToken(String reason) {}

    /** A change of the approver roster: {@code change} is {@code add} or {@code remove}; {@code member} a subject id. */
    public record ProposeRosterChange(String change, String member, String reason) {}

    /** Erases the private text of a log entry; {@code reason} is required (a legal hold ended, an erasure request). */
    public record Erase(String reason) {}

    /** Releases an entity an enforcement kept restricting after it was moved out of the scope. */
    public record Release(Ref entity, String reason) {}
}
