package dev.veto.control;

import dev.veto.cedar.value.EntityUid;
import dev.veto.control.Event.Ref;
import java.util.function.Function;

/**
 * The look-ups every rule and query starts from: an object by id as the caller may see it (a
 * customer learns nothing of other organizations' cases, not even that they exist), with the
 * access policy applied, and references to stored entities and principles.
 */
final class Lookups {
    private Lookups() {}

    /** A customer sees only its own organization's cases and what hangs off them. */
    static boolean hiddenFrom(Actor actor, CaseState c) {
        return actor.isCustomer() && !c.org().equals(actor.org());
    }

    static Access.Target target(CaseState c) {
        return target(c.id(), c.org());
    }

    static Access.Target target(String caseId, String org) {
        return Access.Target.of("Case", caseId).with("org", org);
    }

    /** The case, if the actor may see it and do {@code action} on it. */
    static CaseState caseFor(State s, Actor actor, Permission action, String caseId) {
        return visible(s, actor, action, s.cases.get(caseId), CaseState::id, "case", caseId);
    }

    /** The proposal, if the actor may see its case and do {@code action} on it. */
    static ProposalState proposalFor(State s, Actor actor, Permission action, String id) {
        return visible(s, actor, action, s.proposals.get(id), p -> p.made.caseId(), "proposal", id);
    }

    static EnforcementState enforcementFor(State s, Actor actor, Permission action, String id) {
        return visible(s, actor, action, s.enforcements.get(id), e -> e.activated.caseId(), "enforcement", id);
    }

    static NoticeState noticeFor(State s, Actor actor, Permission action, String id) {
        return visible(s, actor, action, s.notices.get(id), n -> n.issued().caseId(), "notice", id);
    }

    /**
     * {@code found} (the {@code noun} with this {@code id}, or null), if the actor may see the
     * case it belongs to and do {@code action} on it; "there is none" otherwise, so a customer
     * learns nothing of another organization's cases.
     */
    private static <T> T visible(State s, Actor actor, Permission action, T found, Function<T, String> caseOf, String noun, String id) {
        CaseState c = found == null ? null : s.cases.get(caseOf.apply(found));
        if (c == null || hiddenFrom(actor, c)) {
            throw Rejection.notFound("there is no " + noun + " \"" + id + "\"");
        }
        Access.SHIPPED.require(actor, action, target(c));
        return found;
    }

    /** The stored entity {@code ref} names. */
    static EntityUid entity(State s, String field, Ref ref) {
        Validate.text(field + ".type", ref.type());
        Validate.text(field + ".id", ref.id());
        EntityUid uid = EntityUid.of(ref.type(), ref.id());
        if (!s.entities.containsKey(uid)) {
            throw Rejection.invalid(field, "there is no entity " + uid + "; add it with PUT /v1/entities first");
        }
        return uid;
    }

    /** The principle {@code id} names. */
    static String principle(State s, String field, String id) {
        Validate.text(field, id);
        if (!s.principles.containsKey(id)) {
            throw Rejection.invalid(field, "there is no principle \"" + id + "\"; known: " + s.principles.keySet() + " (add one with PUT /v1/principles/{id})");
        }
        return id;
    }
}
