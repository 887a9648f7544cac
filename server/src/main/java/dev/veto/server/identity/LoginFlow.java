package dev.veto.server.identity;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jwt.JWT;
import com.nimbusds.oauth2.sdk.AuthorizationCode;
import com.nimbusds.oauth2.sdk.AuthorizationCodeGrant;
import com.nimbusds.oauth2.sdk.ParseException;
import com.nimbusds.oauth2.sdk.ResponseType;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.TokenErrorResponse;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.TokenResponse;
import com.nimbusds.oauth2.sdk.auth.ClientAuthentication;
import com.nimbusds.oauth2.sdk.auth.ClientSecretBasic;
import com.nimbusds.oauth2.sdk.auth.Secret;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.id.State;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import com.nimbusds.openid.connect.sdk.AuthenticationRequest;
import com.nimbusds.openid.connect.sdk.Nonce;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponse;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponseParser;
import com.nimbusds.openid.connect.sdk.validators.IDTokenValidator;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import dev.veto.control.Rejection;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Signing in a person: OpenID Connect's authorization code flow with PKCE (S256), a fresh
 * {@code state} and {@code nonce} per attempt. {@code /login} sends the browser to the provider;
 * {@code /login/callback} takes the code back, exchanges it (with the code verifier) for tokens,
 * validates the ID token (signature by the provider's keys, issuer, audience = this client,
 * expiry, nonce) and opens a session.
 */
final class LoginFlow {
    static final Duration ATTEMPT_LIFETIME = Duration.ofMinutes(10);

    /** A sign-in under way: what the callback must match. */
    private record Attempt(CodeVerifier verifier, Nonce nonce, String next, long expiresAtNanos) {}

    private final OidcProvider provider;
    private final Map<String, Attempt> attempts = new ConcurrentHashMap<>();

    LoginFlow(OidcProvider provider) {
        this.provider = provider;
    }

    private URI callback() {
        return provider.settings().publicUrl().resolve("/login/callback");
    }

    /** Where to send the browser to sign in; {@code next} is where it returns afterwards (a path on this server). */
    URI start(String next) {
        forgetOld();
        State state = new State();
        CodeVerifier verifier = new CodeVerifier();
        Nonce nonce = new Nonce();
        attempts.put(state.getValue(), new Attempt(verifier, nonce, next, System.nanoTime() + ATTEMPT_LIFETIME.toNanos()));
        return new AuthenticationRequest.Builder(new ResponseType(ResponseType.Value.CODE), new Scope("openid", "profile"),
                new ClientID(provider.settings().clientId()), callback())
                .endpointURI(provider.metadata().getAuthorizationEndpointURI())
                .state(state)
                .nonce(nonce)
                .codeChallenge(verifier, CodeChallengeMethod.S256)
                .build()
                .toURI();
    }

    /** A completed sign-in: who, and where to go next. */
    record SignedIn(OidcProvider.Claims claims, String next) {}

    /** The callback: the provider's {@code code} for the attempt {@code state} names. */
    SignedIn finish(String code, String stateValue, String error) {
        if (error != null) {
            throw new Rejection(Rejection.Kind.UNAUTHENTICATED, "the identity provider refused the sign-in: " + error);
        }
        if (code == null || stateValue == null) {
            throw Rejection.invalid("code", "the sign-in callback needs `code` and `state`; start again at /login");
        }
        Attempt a = attempts.remove(stateValue);
        if (a == null || System.nanoTime() - a.expiresAtNanos() > 0) {
            throw new Rejection(Rejection.Kind.UNAUTHENTICATED, "this sign-in is unknown or took too long; start again at /login");
        }
        ClientID client = new ClientID(provider.settings().clientId());
        AuthorizationCodeGrant grant = new AuthorizationCodeGrant(new AuthorizationCode(code), callback(), a.verifier());
        URI tokenEndpoint = provider.metadata().getTokenEndpointURI();
        TokenRequest request = provider.settings().clientSecret() != null
                ? new TokenRequest(tokenEndpoint, (ClientAuthentication) new ClientSecretBasic(client, new Secret(provider.settings().clientSecret())), grant, null)
                : new TokenRequest(tokenEndpoint, client, grant, null);
        TokenResponse response;
        try {
            response = OIDCTokenResponseParser.parse(request.toHTTPRequest().send());
        } catch (IOException | ParseException e) {
            throw new Rejection(Rejection.Kind.UNAVAILABLE, "the identity provider's token endpoint did not answer usably (" + e.getMessage() + ")");
        }
        if (!response.indicatesSuccess()) {
            TokenErrorResponse err = response.toErrorResponse();
            throw new Rejection(Rejection.Kind.UNAUTHENTICATED, "the identity provider refused the code: " + err.getErrorObject().getDescription());
        }
        JWT idToken = ((OIDCTokenResponse) response.toSuccessResponse()).getOIDCTokens().getIDToken();
        IDTokenValidator validator = new IDTokenValidator(provider.metadata().getIssuer(), client,
                new JWSVerificationKeySelector<>(OidcProvider.ALGORITHMS, provider.keys()), null);
        try {
            return new SignedIn(provider.claims(validator.validate(idToken, a.nonce()).toJWTClaimsSet()), a.next());
        } catch (BadJOSEException | JOSEException | com.nimbusds.oauth2.sdk.ParseException e) {
            throw new Rejection(Rejection.Kind.UNAUTHENTICATED, "the identity provider's ID token was refused: " + e.getMessage());
        }
    }

    private void forgetOld() {
        long now = System.nanoTime();
        for (Iterator<Attempt> it = attempts.values().iterator(); it.hasNext(); ) {
            if (now - it.next().expiresAtNanos() > 0) {
                it.remove();
            }
        }
    }
}
