package dev.veto.server.identity;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.DefaultJOSEObjectTypeVerifier;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.BadJWTException;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import com.nimbusds.oauth2.sdk.GeneralException;
import com.nimbusds.oauth2.sdk.id.Issuer;
import com.nimbusds.openid.connect.sdk.op.OIDCProviderMetadata;
import dev.veto.control.Rejection;
import dev.veto.control.Role;
import dev.veto.control.Subjects;
import java.io.IOException;
import java.net.MalformedURLException;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * One OpenID Connect provider as Veto trusts it: its metadata from discovery (fetched at first
 * use, and again until it answers), its signing keys from its JWKS (cached, fetched again when a
 * token names a key not seen yet, so a provider that rotates its keys is followed), and the
 * checks every token passes: signature, {@code iss}, {@code aud}, {@code exp} and {@code nbf}
 * (one minute of clock skew), {@code sub}.
 */
final class OidcProvider {
    /** The algorithms a provider's tokens may be signed with: asymmetric only (a shared secret would let any holder mint tokens). */
    static final Set<JWSAlgorithm> ALGORITHMS = Set.of(JWSAlgorithm.RS256, JWSAlgorithm.RS384, JWSAlgorithm.RS512, JWSAlgorithm.PS256,
            JWSAlgorithm.ES256, JWSAlgorithm.ES384, JWSAlgorithm.EdDSA);

    /** Who a verified token (or ID token) says its bearer is. */
    record Claims(String subject, Set<Role> roles, String org) {}

    private final OidcSettings settings;
    private volatile Resolved resolved;

    private record Resolved(OIDCProviderMetadata metadata, JWKSource<SecurityContext> keys, DefaultJWTProcessor<SecurityContext> processor) {}

    OidcProvider(OidcSettings settings) {
        this.settings = settings;
    }

    OidcSettings settings() {
        return settings;
    }

    /** The provider's metadata and keys, discovered on first use. */
    OIDCProviderMetadata metadata() {
        return resolved().metadata();
    }

    JWKSource<SecurityContext> keys() {
        return resolved().keys();
    }

    private Resolved resolved() {
        Resolved r = resolved;
        if (r != null) {
            return r;
        }
        synchronized (this) {
            if (resolved == null) {
                resolved = resolve();
            }
            return resolved;
        }
    }

    private Resolved resolve() {
        OIDCProviderMetadata md;
        try {
            md = OIDCProviderMetadata.resolve(new Issuer(settings.issuer()), 5000, 5000);
        } catch (GeneralException | IOException e) {
            throw new Rejection(Rejection.Kind.UNAVAILABLE, "the identity provider " + settings.issuer() + " cannot be reached or answered no valid "
                    + "discovery document (" + e.getMessage() + "); try again shortly");
        }
        JWKSource<SecurityContext> keys;
        try {
            keys = JWKSourceBuilder.create(md.getJWKSetURI().toURL()).retrying(true).build();
        } catch (MalformedURLException e) {
            throw new Rejection(Rejection.Kind.UNAVAILABLE, "the identity provider's JWKS address " + md.getJWKSetURI() + " is not a URL");
        }
        DefaultJWTProcessor<SecurityContext> p = new DefaultJWTProcessor<>();
        p.setJWSTypeVerifier(new DefaultJOSEObjectTypeVerifier<>(JOSEObjectType.JWT, new JOSEObjectType("at+jwt"), null));
        p.setJWSKeySelector(new JWSVerificationKeySelector<>(ALGORITHMS, keys));
        p.setJWTClaimsSetVerifier(new DefaultJWTClaimsVerifier<>(Set.of(settings.audience()),
                new JWTClaimsSet.Builder().issuer(md.getIssuer().getValue()).build(), Set.of("sub", "exp", "iss", "aud"), null));
        return new Resolved(md, keys, p);
    }

    /** The bearer of an API token, or a 401 that says what is wrong with it. */
    Claims verify(String jwt) {
        JWTClaimsSet claims;
        try {
            claims = resolved().processor().process(jwt, null);
        } catch (ParseException e) {
            throw unauthenticated("the bearer token is not a well-formed JWT");
        } catch (BadJWTException e) {
            throw unauthenticated("the identity provider's token was refused: " + reason(e));
        } catch (BadJOSEException e) {
            throw unauthenticated("the token's signature does not verify with the identity provider's keys (" + e.getMessage() + ")");
        } catch (com.nimbusds.jose.JOSEException e) {
            throw new Rejection(Rejection.Kind.UNAVAILABLE, "the identity provider's keys cannot be read now (" + e.getMessage() + "); try again shortly");
        }
        return claims(claims);
    }

    /** What Veto takes from verified claims: the subject, the roles the configured claim maps to, the customer's organization. */
    Claims claims(JWTClaimsSet claims) {
        String subject = Subjects.oidc(claims.getIssuer(), claims.getSubject());
        Set<Role> roles = EnumSet.noneOf(Role.class);
        for (String value : values(claims.getClaim(settings.roleClaim()))) {
            Role r = settings.roles().get(value);
            if (r != null) {
                roles.add(r);
            }
        }
        Object org = claims.getClaim(settings.orgClaim());
        return new Claims(subject, roles, org instanceof String s && !s.isBlank() ? s : null);
    }

    private static List<String> values(Object claim) {
        List<String> out = new ArrayList<>();
        if (claim instanceof String s) {
            for (String part : s.trim().split("\\s+")) {
                if (!part.isEmpty()) {
                    out.add(part);
                }
            }
        } else if (claim instanceof List<?> list) {
            for (Object o : list) {
                if (o instanceof String s) {
                    out.add(s);
                }
            }
        }
        return out;
    }

    private static String reason(BadJWTException e) {
        String m = String.valueOf(e.getMessage());
        if (m.contains("Expired")) {
            return "it has expired";
        }
        if (m.contains("aud claim") || m.contains("audience")) {
            return "it is not meant for this server (its `aud` does not name it)";
        }
        if (m.contains("iss claim")) {
            return "it was issued by another provider";
        }
        return m;
    }

    private static Rejection unauthenticated(String message) {
        return new Rejection(Rejection.Kind.UNAUTHENTICATED, message);
    }
}
