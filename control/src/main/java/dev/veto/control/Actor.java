package dev.veto.control;

import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * Who is calling: a subject (see {@link Subjects}) and the roles it acts with. Every token of a
 * subject, and every sign-in, is the same actor: holding two tokens does not make one person two
 * approvers.
 *
 * @param subject the stable subject id, as recorded in every event the actor causes
 * @param roles   the roles held: one for a token, those the identity provider and the roster
 *                give for a signed-in person; a customer holds {@link Role#CUSTOMER} alone
 * @param org     for a customer, the organization it belongs to; null otherwise
 */
public record Actor(String subject, Set<Role> roles, String org) {
    /** The local operator using the CLI with the database and key file in hand. */
    public static final Actor OPERATOR = new Actor("operator", Set.of(Role.ADMIN), null);

    public Actor {
        Objects.requireNonNull(subject, "subject");
        roles = roles.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(roles));
        if (roles.contains(Role.CUSTOMER) && roles.size() > 1) {
            throw new IllegalArgumentException("a customer acts for its organization alone; it holds no other role");
        }
        if (roles.contains(Role.CUSTOMER) != (org != null)) {
            throw new IllegalArgumentException(roles.contains(Role.CUSTOMER) ? "a customer actor needs an org" : "only a customer actor has an org");
        }
    }

    /** An actor of one role; a local subject named {@code name}, in its one spelling. */
    public Actor(String name, Role role, String org) {
        this(Subjects.recorded(name), Set.of(role), org);
    }

    public boolean has(Role role) {
        return roles.contains(role);
    }

    public boolean isCustomer() {
        return roles.contains(Role.CUSTOMER);
    }

    /** The offline operator (the CLI with the database and signer key in hand), who installs and bootstraps. */
    public boolean isOperator() {
        return this.equals(OPERATOR);
    }

    /** How messages name this actor's standing: its roles, or its organization for a customer. */
    public String standing() {
        if (isCustomer()) {
            return "customer of organization \"" + org + "\"";
        }
        return roles.size() == 1 ? "role \"" + roles.iterator().next().wireName() + "\""
                : "roles " + roles.stream().map(Role::wireName).sorted().toList();
    }
}
