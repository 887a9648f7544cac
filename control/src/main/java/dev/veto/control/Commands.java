package dev.veto.control;

import dev.veto.engine.Snapshot;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * Every write: each command is decided by its rule on the latest state ({@link PlatformRules},
 * {@link ReviewRules}, {@link DueProcessRules}), appended to the log in one transaction and
 * applied, by the {@link EventLog}. A refusal throws {@link Rejection} and writes nothing.
 */
public final class Commands {
    private final EventLog events;
    private final SecureRandom random = new SecureRandom();

    Commands(EventLog events) {
        this.events = events;
    }

    // ---- platform ----

    /** Creates a bearer token; the secret is returned once and only its SHA-256 is logged. */
    public IssuedToken createToken(Actor actor, Inputs.CreateToken in) {
        byte[] secret = new byte[32];
        random.nextBytes(secret);
        String token = "veto_" + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        String sha256 = Tokens.sha256Hex(token);
        EventLog.Done<IdentityRules.NewToken> done = events.run((s, now) -> IdentityRules.createToken(s, actor, in, sha256, now));
        IdentityRules.NewToken t = done.detail();
        return new IssuedToken(token, t.id(), t.subject(), t.role().wireName(), t.org(), t.expiresAt(), done.committed().revision());
    }

    /** Revokes a token: an admin any, anyone their own. */
    public Committed revokeToken(Actor actor, String id, Inputs.RevokeToken in) {
        return events.run((s, now) -> IdentityRules.revokeToken(s, actor, id, in, now)).committed();
    }

    // ---- the approver roster ----

    /** Names the first approvers (the operator, once, at installation). */
    public Committed bootstrapRoster(Actor actor, java.util.List<String> members) {
        return events.run((s, now) -> IdentityRules.bootstrapRoster(s, actor, members, now)).committed();
    }

    /** Proposes adding a subject to the roster or removing one; returns the change's id with what was written. */
    public RosterProposed proposeRosterChange(Actor actor, Inputs.ProposeRosterChange in) {
        EventLog.Done<String> done = events.run((s, now) -> IdentityRules.proposeRosterChange(s, actor, in, now));
        return new RosterProposed(done.committed(), done.detail());
    }

    /** A roster change proposed, and its id. */
    public record RosterProposed(Committed committed, String id) {}

    /** Approves a roster change; the second approval by an approver other than its subject applies it. */
    public Committed approveRosterChange(Actor actor, String id, Inputs.Approve in) {
        return events.run((s, now) -> IdentityRules.approveRosterChange(s, actor, id, in, now)).committed();
    }

    /** Erases the private text of log entry {@code index}; the erasure is itself a log entry. */
    public Committed eraseText(Actor actor, long index, Inputs.Erase in) {
        return events.run((s, now) -> {
            dev.veto.ledger.Log log = events.log();
            if (index < 0 || index >= s.size) {
                throw Rejection.notFound("there is no log entry " + index + "; the log has " + s.size + " entries");
            }
            return PlatformRules.eraseText(s, actor, index, log.entry(index), log.privateParts(index), in, now);
        }).committed();
    }

    public Committed putEntities(Actor actor, JsonNode body) {
        return events.run((s, now) -> PlatformRules.putEntities(s, actor, body, now)).committed();
    }

    public Committed removeEntity(Actor actor, String type, String id) {
        return events.run((s, now) -> PlatformRules.removeEntity(s, actor, type, id, now)).committed();
    }

    public Committed putService(Actor actor, String service, Inputs.PutService in) {
        return events.run((s, now) -> PlatformRules.putService(s, actor, service, in, now)).committed();
    }

    public Committed putPrinciple(Actor actor, String id, Inputs.PutPrinciple in) {
        return events.run((s, now) -> PlatformRules.putPrinciple(s, actor, id, in, now)).committed();
    }

    /** Puts a platform policy once it validates against the platform schema; what it was warned of comes back. */
    public Validated putPolicy(Actor actor, String id, String text) {
        EventLog.Done<List<PolicyIssue>> done = events.run((s, now) -> PlatformRules.putPolicy(s, actor, id, text, now));
        return new Validated(done.committed(), done.detail());
    }

    /** A write that was validated: what it wrote, and the validator's warnings (which did not refuse it). */
    public record Validated(Committed committed, List<PolicyIssue> warnings) {
        public Validated {
            warnings = List.copyOf(warnings);
        }
    }

    /**
     * Puts the administrator's extension of the platform schema: a schema fragment in the Cedar
     * format, or the JSON one when {@code text} is a JSON object; {@code checkRequests} turns the
     * check of decision requests on (or keeps it off).
     */
    public Committed putSchema(Actor actor, String text, boolean checkRequests) {
        String format = text != null && text.stripLeading().startsWith("{") ? PlatformSchema.FORMAT_JSON : PlatformSchema.FORMAT_CEDAR;
        return events.run((s, now) -> {
            // the engine's snapshot is of the state the rule sees: both are published under the write lock the rule runs in
            Snapshot snapshot = events.decisions().snapshot();
            return PlatformRules.putSchema(s, actor, format, text, checkRequests, id -> {
                var entry = snapshot.policy(id);
                return entry == null ? null : entry.policy();
            }, now);
        }).committed();
    }

    public Committed removePolicy(Actor actor, String id) {
        return events.run((s, now) -> PlatformRules.removePolicy(s, actor, id, now)).committed();
    }

    // ---- review and decision ----

    /** A case taken, and where the log records it. */
    public record Taken(Committed committed, String caseId) {}

    /** The reviewer takes case {@code caseId}, or with null the oldest open case nobody has taken. */
    public Taken take(Actor actor, String caseId) {
        EventLog.Done<String> done = events.run((s, now) -> ReviewRules.take(s, actor, caseId, now));
        return new Taken(done.committed(), done.detail());
    }

    public Committed openCase(Actor actor, Inputs.OpenCase in) {
        return events.run((s, now) -> ReviewRules.openCase(s, actor, in, now)).committed();
    }

    public Committed addEvidence(Actor actor, String caseId, Inputs.AddEvidence in) {
        return events.run((s, now) -> ReviewRules.addEvidence(s, actor, caseId, in, now)).committed();
    }

    public Committed recordFinding(Actor actor, String caseId, Inputs.RecordFinding in) {
        return events.run((s, now) -> ReviewRules.recordFinding(s, actor, caseId, in, now)).committed();
    }

    /** Proposes a remedy, and previews its impact on the current state and recent decisions. */
    public Proposed propose(Actor actor, String caseId, Inputs.Propose in) {
        EventLog.Done<ReviewRules.NewProposal> done = events.run((s, now) -> ReviewRules.propose(s, actor, caseId, in, now));
        ReviewRules.NewProposal p = done.detail();
        Snapshot snapshot = events.decisions().snapshot();
        Impact.Preview preview = events.read(s -> Impact.preview(p.scope(), s.proposals.get(p.id()).parsed, snapshot, s.within(p.scope()),
                events.decisions().recent(), p.start(), p.windowEnd()));
        return new Proposed(done.committed(), p.id(), preview);
    }

    /** Approves a proposal; the second approval by a different person enforces it. */
    public Approval approve(Actor actor, String proposalId, Inputs.Approve in) {
        EventLog.Done<ReviewRules.Approved> done = events.run((s, now) -> ReviewRules.approve(s, actor, proposalId, in, now));
        ReviewRules.Approved a = done.detail();
        return new Approval(done.committed(), a.status(), a.approvals(), a.enforcementId(), a.noticeId(), a.policies());
    }

    /**
     * Why {@code actor} may not approve proposal {@code id} now, or null when it may: the rule
     * itself decides, on the current state, and nothing is written (so a page never offers a form
     * the command would refuse, nor hides one it would take).
     */
    public String whyNotApprove(Actor actor, String proposalId) {
        return refusal((s, now) -> ReviewRules.approve(s, actor, proposalId, new Inputs.Approve("(dry run)"), now));
    }

    /** Why {@code actor} may not approve roster change {@code id} now, or null when it may (decided as {@link #whyNotApprove}). */
    public String whyNotApproveRosterChange(Actor actor, String changeId) {
        return refusal((s, now) -> IdentityRules.approveRosterChange(s, actor, changeId, new Inputs.Approve("(dry run)"), now));
    }

    /** Why {@code actor} may not decide appeal {@code id} now, or null when it may (decided as {@link #whyNotApprove}). */
    public String whyNotDecideAppeal(Actor actor, String appealId) {
        return refusal((s, now) -> DueProcessRules.decideAppeal(s, actor, appealId, new Inputs.DecideAppeal("upheld", "(dry run)"), now));
    }

    /** Why {@code actor} may not appeal notice {@code noticeId} of case {@code caseId} now, or null when it may. */
    public String whyNotAppeal(Actor actor, String caseId, String noticeId) {
        return refusal((s, now) -> DueProcessRules.fileAppeal(s, actor, caseId, new Inputs.FileAppeal("(dry run)", noticeId), now));
    }

    private String refusal(java.util.function.BiFunction<State, java.time.Instant, EventLog.Decided<?>> rule) {
        try {
            java.time.Instant now = events.now();
            events.read(s -> rule.apply(s, now));
            return null;
        } catch (Rejection e) {
            return e.getMessage();
        }
    }

    // ---- due process ----

    public Committed fileAppeal(Actor actor, String caseId, Inputs.FileAppeal in) {
        return events.run((s, now) -> DueProcessRules.fileAppeal(s, actor, caseId, in, now)).committed();
    }

    public Committed decideAppeal(Actor actor, String appealId, Inputs.DecideAppeal in) {
        return events.run((s, now) -> DueProcessRules.decideAppeal(s, actor, appealId, in, now)).committed();
    }

    public Committed closeCase(Actor actor, String caseId, Inputs.CloseCase in) {
        return events.run((s, now) -> DueProcessRules.closeCase(s, actor, caseId, in, now)).committed();
    }

    /** Releases an entity an enforcement of the case kept restricting after it was moved out of the scope. */
    public Committed release(Actor actor, String caseId, Inputs.Release in) {
        return events.run((s, now) -> DueProcessRules.release(s, actor, caseId, in, now)).committed();
    }
}
