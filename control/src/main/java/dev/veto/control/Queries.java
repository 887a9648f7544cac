package dev.veto.control;

import dev.veto.ledger.SignedCheckpoint;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every read, typed, under the access policy: each finds its object as the caller may see it (a
 * customer's view of another organization's case is "there is none"), checks the caller may read
 * it, and builds its view while no command changes the state.
 */
public final class Queries {
    private final EventLog events;
    private final Decisions decisions;

    Queries(EventLog events) {
        this.events = events;
        this.decisions = events.decisions();
    }

    public Views.CaseView caseView(Actor actor, String id) {
        return events.read(s -> {
            Lookups.caseFor(s, actor, Permission.CASE_READ, id);
            return Views.caseView(s, decisions, id, actor.isCustomer());
        });
    }

    /** Ids of the cases the actor may see: all of them for staff, its organization's for a customer. */
    public List<String> visibleCases(Actor actor) {
        return events.read(s -> {
            List<String> out = new ArrayList<>();
            for (CaseState c : s.cases.values()) {
                if (!Lookups.hiddenFrom(actor, c) && Access.SHIPPED.permits(actor, Permission.CASE_READ, Lookups.target(c))) {
                    out.add(c.id());
                }
            }
            return out;
        });
    }

    public Views.ProposalView proposal(Actor actor, String id) {
        return events.read(s -> {
            Lookups.proposalFor(s, actor, Permission.CASE_READ, id);
            if (actor.isCustomer() && !Views.isDecided(s, id)) {
                // drafts and shadow trials are the provider's internal work, invisible to the customer
                throw Rejection.notFound("there is no proposal \"" + id + "\"");
            }
            return Views.proposal(s, decisions, id, actor.isCustomer());
        });
    }

    public Views.EnforcementView enforcement(Actor actor, String id) {
        return events.read(s -> {
            Lookups.enforcementFor(s, actor, Permission.CASE_READ, id);
            return Views.enforcement(s, id);
        });
    }

    public Views.NoticeView notice(Actor actor, String id) {
        return events.read(s -> {
            Lookups.noticeFor(s, actor, Permission.NOTICE_READ, id);
            return Views.notice(s, id);
        });
    }

    /** The statement of reasons of a notice, in the DSA Transparency Database's field names and values. */
    public Map<String, Object> statementOfReasons(Actor actor, String id) {
        return events.read(s -> {
            Lookups.noticeFor(s, actor, Permission.NOTICE_READ, id);
            return Views.statementOfReasons(s, id);
        });
    }

    /** The platform policies by id, as their Cedar text. */
    public Map<String, String> policies(Actor actor) {
        require(actor, Permission.PLATFORM_READ);
        return events.read(s -> new LinkedHashMap<>(s.policies));
    }

    /** The service catalog by service name. */
    public Map<String, Event.ServicePut> services(Actor actor) {
        require(actor, Permission.PLATFORM_READ);
        return events.read(s -> new LinkedHashMap<>(s.services));
    }

    public Map<String, Event.PrinciplePut> principles(Actor actor) {
        require(actor, Permission.PLATFORM_READ);
        return events.read(s -> new LinkedHashMap<>(s.principles));
    }

    /** The transparency report over the log's entries up to {@code checkpoint}. */
    public Map<String, Object> transparencyReport(Actor actor, SignedCheckpoint checkpoint) {
        require(actor, Permission.REPORT_READ);
        return TransparencyReport.compute(events.log(), checkpoint);
    }

    /** The approver roster and its changes. */
    public Views.RosterView roster(Actor actor) {
        require(actor, Permission.PLATFORM_READ);
        return events.read(Views::roster);
    }

    /** Tokens (never their secrets): all of them for an admin, one's own otherwise. */
    public List<Views.TokenView> tokens(Actor actor) {
        boolean all = may(actor, Permission.TOKEN_REVOKE);
        return events.read(s -> {
            List<Views.TokenView> out = new ArrayList<>();
            for (int i = 1; i <= s.tokens.count(); i++) {
                Tokens.Token t = s.tokens.byId(String.format("T-%04d", i));
                if (t != null && (all || t.subject.equals(actor.subject()))) {
                    out.add(Views.token(t));
                }
            }
            return out;
        });
    }

    /** How many moves out of an enforcement's scope have been seen, released or not (for the metrics). */
    public long evasionsDetected() {
        return events.read(s -> s.enforcements.values().stream().mapToLong(e -> e.kept.size()).sum());
    }

    /** The shipped access policy's Cedar text: what each role may do. */
    public String accessPolicy() {
        return Access.policyText();
    }

    /** Refuses the actor unless the access policy grants it {@code permission} on the platform. */
    public void require(Actor actor, Permission permission) {
        Access.SHIPPED.require(actor, permission, Access.Target.PLATFORM_TARGET);
    }

    /** Whether the access policy grants the actor {@code permission} on the platform. */
    public boolean may(Actor actor, Permission permission) {
        return Access.SHIPPED.permits(actor, permission, Access.Target.PLATFORM_TARGET);
    }
}
