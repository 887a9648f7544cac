package dev.veto.server.identity;

import dev.veto.control.Role;
import java.net.URI;
import java.util.Map;
import java.util.Objects;

/**
 * How Veto trusts an OpenID Connect provider.
 *
 * @param issuer       the provider's issuer identifier; its discovery document is at
 *                     {@code <issuer>/.well-known/openid-configuration}
 * @param audience     the audience ({@code aud}) API tokens must name: Veto's own identifier at the provider
 * @param clientId     Veto's client id, for people signing in through {@code /login}; null when only API tokens are accepted
 * @param clientSecret its secret (client_secret_basic), or null for a public client (PKCE alone)
 * @param publicUrl    where people reach this server ({@code /login/callback} is under it); null when there is no sign-in
 * @param roleClaim    the claim that lists a person's roles (a string or an array of strings)
 * @param roles        claim value → Veto role; the approver role is never taken from a claim (the roster gives it)
 * @param orgClaim     the claim that names a customer's organization
 */
public record OidcSettings(URI issuer, String audience, String clientId, String clientSecret, URI publicUrl, String roleClaim,
        Map<String, Role> roles, String orgClaim) {
    public static final String DEFAULT_ROLE_CLAIM = "roles";
    public static final String DEFAULT_ORG_CLAIM = "veto_org";

    public OidcSettings {
        Objects.requireNonNull(issuer, "issuer");
        Objects.requireNonNull(audience, "audience");
        roleClaim = roleClaim == null ? DEFAULT_ROLE_CLAIM : roleClaim;
        orgClaim = orgClaim == null ? DEFAULT_ORG_CLAIM : orgClaim;
        roles = Map.copyOf(roles);
        if (roles.containsValue(Role.APPROVER)) {
            throw new IllegalArgumentException("no claim makes an approver: the approver role comes from the roster, which two approvers change");
        }
        if ((clientId == null) != (publicUrl == null)) {
            throw new IllegalArgumentException("sign-in needs both the client id and the server's public URL");
        }
    }

    /** Claim values that name a role by its own name: {@code admin}, {@code reviewer}, {@code auditor}, {@code pep}, {@code customer}. */
    public static Map<String, Role> defaultRoles() {
        Map<String, Role> m = new java.util.HashMap<>();
        for (Role r : Role.values()) {
            if (r != Role.APPROVER) {
                m.put(r.wireName(), r);
            }
        }
        return m;
    }

    boolean signIn() {
        return clientId != null;
    }
}
