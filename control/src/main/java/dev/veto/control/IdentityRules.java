package dev.veto.control;

import dev.veto.cedar.value.EntityUid;
import dev.veto.control.EventLog.Decided;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Identities as rules: tokens (each of one subject, in one role it holds, expiring, revocable)
 * and the approver roster (set once at installation, then changed only with two approvals by
 * approvers other than the subject). An admin can neither mint an approver nor act as one: the
 * approver role comes from the roster alone, and nobody but the approver (or the operator
 * installing Veto) makes an approver's tokens.
 */
final class IdentityRules {
    static final int DEFAULT_TOKEN_DAYS = 90;
    static final int MAX_TOKEN_DAYS = 366;
    /** The fewest approvers the roster may hold: fewer, and no remedy could ever be approved. */
    static final int MIN_ROSTER = 2;

    private IdentityRules() {}

    /** A token's record, before it is written; the secret itself never reaches the log. */
    record NewToken(String id, String subject, Role role, String org, Instant expiresAt) {}

    static Decided<NewToken> createToken(State s, Actor actor, Inputs.CreateToken in, String secretSha256, Instant now) {
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
        boolean own = in.name() == null;
        String subject = own ? actor.subject() : Subjects.local("name", in.name());
        if (own || subject.equals(actor.subject()) && !actor.isOperator()) {
            // A token of one's own: no more than the caller holds now.
            Access.SHIPPED.require(actor, Permission.TOKEN_SELF, Access.Target.PLATFORM_TARGET);
            if (!actor.has(role)) {
                throw new Rejection(Rejection.Kind.FORBIDDEN, "a token carries no more authority than its subject holds: \"" + actor.subject()
                        + "\" does not hold role \"" + role.wireName() + "\"");
            }
            if (role == Role.CUSTOMER && org != null && !org.equals(actor.org())) {
                throw Rejection.invalid("org", "a customer's token acts for its own organization, \"" + actor.org() + "\"");
            }
            org = role == Role.CUSTOMER ? actor.org() : org;
        } else {
            Access.SHIPPED.require(actor, Permission.TOKEN_CREATE, Access.Target.PLATFORM_TARGET);
            refuseImpersonation(s, actor, subject, role);
        }
        if (role == Role.CUSTOMER) {
            Validate.text("org", org);
            if (!s.entities.containsKey(EntityUid.of("Org", org))) {
                throw Rejection.invalid("org", "there is no organization Org::\"" + org + "\"; add it with PUT /v1/entities first");
            }
        } else if (org != null) {
            throw Rejection.invalid("org", "only a customer token belongs to an organization; leave `org` out for role \"" + role.wireName() + "\"");
        }
        Tokens.Holder held = s.tokens.holder(subject);
        if (held != null && (role == Role.CUSTOMER) != (held.org() != null)) {
            throw new Rejection(Rejection.Kind.CONFLICT, "\"" + subject + "\" is " + (held.org() != null ? "a customer of organization \"" + held.org() + "\""
                    : "a member of the platform's staff") + "; one account is not both staff and customer");
        }
        if (held != null && held.org() != null && !held.org().equals(org)) {
            throw new Rejection(Rejection.Kind.CONFLICT, "\"" + subject + "\" is a customer of organization \"" + held.org() + "\", not of \"" + org + "\"");
        }
        int days = in.expiresInDays() == null ? DEFAULT_TOKEN_DAYS : in.expiresInDays();
        if (days < 1 || days > MAX_TOKEN_DAYS) {
            throw Rejection.invalid("expiresInDays", "`expiresInDays` must be between 1 and " + MAX_TOKEN_DAYS + ", got " + days);
        }
        Instant expiresAt = now.plus(Duration.ofDays(days));
        String id = String.format("T-%04d", s.tokens.count() + 1);
        return Decided.of(new NewToken(id, subject, role, org, expiresAt),
                new Event.TokenCreated(id, subject, role, org, secretSha256, actor.subject(), expiresAt));
    }

    /**
     * Someone else's token is made by an admin (or the operator), but never one that acts as an
     * approver: the approver role is the roster's, and an approver's tokens are the approver's
     * own (the operator installing Veto, who holds the database and the key, excepted).
     */
    private static void refuseImpersonation(State s, Actor actor, String subject, Role role) {
        if (actor.isOperator()) {
            if (role == Role.APPROVER && !s.roster.contains(subject)) {
                throw new Rejection(Rejection.Kind.FORBIDDEN, "\"" + subject + "\" is not on the approver roster; bootstrap it with "
                        + "`veto roster init`, or have two approvers add it");
            }
            return;
        }
        if (role == Role.APPROVER) {
            throw new Rejection(Rejection.Kind.FORBIDDEN, "an admin cannot make approvers or their tokens: the approver role comes from the roster, "
                    + "which two approvers change (POST /v1/roster/changes), and an approver makes its own tokens");
        }
        if (s.roster.contains(subject)) {
            throw new Rejection(Rejection.Kind.FORBIDDEN, "\"" + subject + "\" is an approver; nobody else makes tokens in an approver's name");
        }
    }

    static Decided<Void> revokeToken(State s, Actor actor, String id, Inputs.RevokeToken in, Instant now) {
        Tokens.Token t = s.tokens.byId(id);
        boolean own = t != null && t.subject.equals(actor.subject());
        if (t == null || !own && !Access.SHIPPED.permits(actor, Permission.TOKEN_REVOKE, Access.Target.PLATFORM_TARGET)) {
            throw Rejection.notFound("there is no token \"" + id + "\" of yours");
        }
        if (t.revokedAt != null) {
            throw Rejection.conflict("token " + id + " was already revoked at " + t.revokedAt);
        }
        String reason = in == null ? null : Validate.optionalText("reason", in.reason());
        return Decided.of(null, new Event.TokenRevoked(id, reason, actor.subject()));
    }

    /** The first approvers, at installation: the operator names at least {@value #MIN_ROSTER}. */
    static Decided<Void> bootstrapRoster(State s, Actor actor, List<String> members, Instant now) {
        if (!actor.isOperator()) {
            throw new Rejection(Rejection.Kind.FORBIDDEN, "the first approvers are named by the operator installing Veto (`veto roster init`)");
        }
        if (s.roster.bootstrapped()) {
            throw Rejection.conflict("the approver roster was set at installation; change it with a roster change two approvers approve");
        }
        Set<String> ids = new LinkedHashSet<>();
        List<String> given = Validate.nonEmpty("members", members);
        for (int i = 0; i < given.size(); i++) {
            ids.add(subject(s, "members[" + i + "]", given.get(i)));
        }
        if (ids.size() < MIN_ROSTER) {
            throw Rejection.invalid("members", "name at least " + MIN_ROSTER + " different approvers: remedies need two approvals");
        }
        return Decided.of(null, new Event.RosterBootstrapped(List.copyOf(ids), actor.subject()));
    }

    static Decided<String> proposeRosterChange(State s, Actor actor, Inputs.ProposeRosterChange in, Instant now) {
        Access.SHIPPED.require(actor, Permission.ROSTER_PROPOSE, Access.Target.PLATFORM_TARGET);
        if (!s.roster.bootstrapped()) {
            throw Rejection.conflict("the approver roster is not set yet; the operator sets the first approvers with `veto roster init`");
        }
        RosterChange change = RosterChange.parse(Validate.text("change", in.change()));
        if (change == null) {
            throw Rejection.invalid("change", "`change` must be \"add\" or \"remove\", got \"" + in.change() + "\"");
        }
        String member = subject(s, "member", in.member());
        switch (change) {
            case ADD -> {
                if (s.roster.contains(member)) {
                    throw Rejection.conflict("\"" + member + "\" is on the approver roster already");
                }
            }
            case REMOVE -> {
                if (!s.roster.contains(member)) {
                    throw Rejection.conflict("\"" + member + "\" is not on the approver roster");
                }
                if (s.roster.size() - 1 < MIN_ROSTER) {
                    throw Rejection.conflict("the roster would keep " + (s.roster.size() - 1) + " approver(s); remedies need two: add one first");
                }
            }
        }
        for (Roster.Change c : s.roster.changes.values()) {
            if (c.pending() && c.proposed.member().equals(member)) {
                throw Rejection.conflict("roster change " + c.proposed.id() + " about \"" + member + "\" is pending already");
            }
        }
        String id = String.format("R-%04d", s.roster.changes.size() + 1);
        return Decided.of(id, new Event.RosterChangeProposed(id, change, member, Validate.text("reason", in.reason()), actor.subject()));
    }

    /** The second approval by an approver other than the subject applies the change. */
    static Decided<Boolean> approveRosterChange(State s, Actor actor, String id, Inputs.Approve in, Instant now) {
        Roster.Change c = s.roster.changes.get(id);
        if (c == null) {
            throw Rejection.notFound("there is no roster change \"" + id + "\"");
        }
        Access.SHIPPED.require(actor, Permission.ROSTER_APPROVE, Access.Target.of("RosterChange", id).with("member", c.proposed.member())
                .with("approvers", c.approvers()));
        if (!s.roster.contains(actor.subject())) {
            throw new Rejection(Rejection.Kind.FORBIDDEN, "only approvers on the roster approve its changes");
        }
        if (!c.pending()) {
            throw Rejection.conflict("roster change " + id + " was applied already");
        }
        String comment = in == null ? null : Validate.optionalText("comment", in.comment());
        Event approved = new Event.RosterChangeApproved(id, actor.subject(), comment);
        if (c.approvals.size() + 1 < 2) {
            return Decided.of(false, approved);
        }
        // Re-checked at the second approval: the roster may have changed since the proposal.
        if (c.proposed.change() == RosterChange.REMOVE && s.roster.size() - 1 < MIN_ROSTER) {
            throw Rejection.conflict("the roster would keep " + (s.roster.size() - 1) + " approver(s); remedies need two: add one first");
        }
        List<Event> events = new ArrayList<>(List.of(approved, new Event.RosterChanged(id, c.proposed.change(), c.proposed.member())));
        return new Decided<>(events, true, null);
    }

    /** A subject id as given: an OpenID Connect subject as is, a local account in its one spelling; never a customer's. */
    private static String subject(State s, String field, String given) {
        Validate.text(field, given);
        String id = given.startsWith(Subjects.OIDC_PREFIX) ? given : Subjects.local(field, given);
        Tokens.Holder held = s.tokens.holder(id);
        if (held != null && held.org() != null) {
            throw Rejection.invalid(field, "\"" + id + "\" is a customer of organization \"" + held.org() + "\"; a customer cannot approve");
        }
        return id;
    }
}
