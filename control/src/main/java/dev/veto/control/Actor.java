package dev.veto.control;

import java.util.Objects;

/**
 * Who is calling: the person (or system) behind a token. Two tokens with the same name are the
 * same actor, so holding two tokens does not make one person two approvers.
 *
 * @param name the actor's name, as recorded in every event it causes
 * @param role one of {@link Role}
 * @param org  for a customer, the organization it belongs to; null otherwise
 */
public record Actor(String name, Role role, String org) {
    /** The local operator using the CLI with the database and key file in hand. */
    public static final Actor OPERATOR = new Actor("operator", Role.ADMIN, null);

    public Actor {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(role, "role");
        if ((role == Role.CUSTOMER) != (org != null)) {
            throw new IllegalArgumentException(role == Role.CUSTOMER ? "a customer actor needs an org" : "only a customer actor has an org");
        }
    }
}
