package dev.veto.control;

import dev.veto.cedar.value.EntityUid;

/**
 * What a caller may be allowed to do: the actions of the shipped access policy
 * ({@code access.cedar}), each {@code Action::"<wire name>"} there.
 */
public enum Permission {
    DECIDE("decide"),
    FEED_READ("feed.read"),
    PEP_ACK("pep.ack"),
    PLATFORM_READ("platform.read"),
    PLATFORM_WRITE("platform.write"),
    REPORT_READ("report.read"),
    TOKEN_CREATE("token.create"),
    TOKEN_REVOKE("token.revoke"),
    /** Creating a token for oneself, with a role one holds. */
    TOKEN_SELF("token.self"),
    ROSTER_PROPOSE("roster.propose"),
    ROSTER_APPROVE("roster.approve"),
    CASE_OPEN("case.open"),
    CASE_READ("case.read"),
    CASE_CLOSE("case.close"),
    /** Lifting the restriction an enforcement kept on an entity that was moved out of its scope. */
    CASE_RELEASE("case.release"),
    EVIDENCE_ADD("evidence.add"),
    FINDING_RECORD("finding.record"),
    PROPOSAL_MAKE("proposal.make"),
    PROPOSAL_APPROVE("proposal.approve"),
    NOTICE_READ("notice.read"),
    APPEAL_FILE("appeal.file"),
    APPEAL_DECIDE("appeal.decide"),
    /** Reading the private parts of any log entry (a customer reads its own cases' entries through {@link #CASE_READ}). */
    LOG_PRIVATE_READ("log.private.read"),
    /** Erasing the private text of a log entry. */
    PAYLOAD_ERASE("payload.erase");

    private final String wireName;
    private final EntityUid action;

    Permission(String wireName) {
        this.wireName = wireName;
        this.action = EntityUid.of("Action", wireName);
    }

    /** The action's id in the access policy, e.g. {@code case.read}. */
    public String wireName() {
        return wireName;
    }

    EntityUid action() {
        return action;
    }
}
