package dev.veto.server;

import static dev.veto.server.Platform.ok;
import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.veto.control.Actor;
import dev.veto.server.identity.Identities;
import dev.veto.server.identity.OidcSettings;
import java.net.CookieManager;
import java.net.HttpCookie;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import no.nav.security.mock.oauth2.OAuth2Config;
import no.nav.security.mock.oauth2.token.DefaultOAuth2TokenCallback;
import no.nav.security.mock.oauth2.token.KeyProvider;
import no.nav.security.mock.oauth2.token.OAuth2TokenProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * People signing in with OpenID Connect, end to end against a real provider started in-process
 * (mock-oauth2-server): API calls bearing its JWTs (valid, expired, for another audience, signed
 * by a key it rotated to, signed by a key it never had) and a browser's sign-in through the
 * authorization code flow with PKCE, then a session whose writes need the CSRF token.
 */
@Timeout(120)
class OidcTest {
    static final String ISSUER_ID = "idp";
    static final String AUDIENCE = "veto-api";
    static final String CLIENT = "veto-console";

    /** A provider key that can be rotated: it signs with the current key and publishes only it. */
    static final class RotatingKeys extends KeyProvider {
        private volatile RSAKey current = newKey("key-1");

        static RSAKey newKey(String kid) {
            try {
                return new RSAKeyGenerator(2048).keyID(kid).generate();
            } catch (com.nimbusds.jose.JOSEException e) {
                throw new AssertionError(e);
            }
        }

        void rotate(String kid) {
            current = newKey(kid);
        }

        @Override
        public JWK signingKey(String keyId) {
            return current;
        }

        @Override
        public List<JWK> get(JWKSelector selector, SecurityContext context) {
            return selector.select(new JWKSet(current.toPublicJWK()));
        }
    }

    @TempDir
    Path dir;
    final RotatingKeys keys = new RotatingKeys();
    MockOAuth2Server idp;
    Platform p;
    String issuer;

    @BeforeEach
    void start() throws Exception {
        idp = new MockOAuth2Server(new OAuth2Config(false, null, null, false,
                new OAuth2TokenProvider(keys, (kotlin.jvm.functions.Function0<Instant>) Instant::now)));
        idp.start();
        issuer = idp.issuerUrl(ISSUER_ID).toString();
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        OidcSettings oidc = new OidcSettings(URI.create(issuer), AUDIENCE, CLIENT, "secret", URI.create("http://127.0.0.1:" + port),
                "roles", OidcSettings.defaultRoles(), "veto_org");
        p = new Platform(dir, new VetoServer.Options("127.0.0.1", port, AccessLog.failuresTo(System.err), oidc, null));
    }

    @AfterEach
    void stop() {
        p.close();
        idp.shutdown();
    }

    private String jwt(String subject, String audience, Map<String, Object> claims, long expirySeconds) {
        return idp.issueToken(ISSUER_ID, subject, audience, claims, expirySeconds).serialize();
    }

    @Test
    void aProvidersJwtIsAPersonWithTheRolesItsClaimsGive() {
        String reviewer = jwt("alice-sub", AUDIENCE, Map.of("roles", List.of("reviewer", "approver")), 3600);
        JsonNode session = ok(p.api.get("/v1/session", reviewer)).get("actor");
        assertThat(session.get("subject").asString()).isEqualTo("oidc:" + issuer + "#alice-sub");
        assertThat(session.get("roles").toString()).as("a claim never makes an approver").isEqualTo("[\"reviewer\"]");
        String caseId = ok(p.api.post("/v1/cases", reviewer, """
                {"subject": {"type": "Unit", "id": "mx/u42"}, "principle": "no-mass-surveillance", "summary": "from a signed-in reviewer"}""")).get("id").asString();
        assertThat(ok(p.api.get("/v1/cases/" + caseId, reviewer)).get("openedBy").asString()).isEqualTo("oidc:" + issuer + "#alice-sub");
        // the roster, not the claim, makes an approver
        p.plane.commands().proposeRosterChange(new Actor("adam", dev.veto.control.Role.ADMIN, null),
                new dev.veto.control.Inputs.ProposeRosterChange("add", "oidc:" + issuer + "#dora-sub", "a signed-in approver"));
        p.plane.commands().approveRosterChange(new Actor("anna", dev.veto.control.Role.APPROVER, null), "R-0001", null);
        p.plane.commands().approveRosterChange(new Actor("ben", dev.veto.control.Role.APPROVER, null), "R-0001", null);
        String dora = jwt("dora-sub", AUDIENCE, Map.of("roles", "auditor"), 3600);
        assertThat(ok(p.api.get("/v1/session", dora)).get("actor").get("roles").toString()).contains("approver", "auditor");
        // a customer's claims name its organization, and it sees only that organization's cases
        String customer = jwt("legal-sub", AUDIENCE, Map.of("roles", List.of("customer"), "veto_org", "oc"), 3600);
        p.refused(p.api.get("/v1/cases/" + caseId, customer), 404, "no case");
    }

    @Test
    void expiredTokensTokensForAnotherAudienceAndForeignSignaturesAreRefused() throws Exception {
        String expired = jwt("alice-sub", AUDIENCE, Map.of("roles", "reviewer"), -3600);
        p.refused(p.api.get("/v1/cases", expired), 401, "expired");
        String elsewhere = jwt("alice-sub", "another-api", Map.of("roles", "reviewer"), 3600);
        p.refused(p.api.get("/v1/cases", elsewhere), 401, "not meant for this server");
        // a token signed with a key the provider never had, under the provider's key id
        RSAKey attacker = RotatingKeys.newKey("key-1");
        SignedJWT forged = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("key-1").type(JOSEObjectType.JWT).build(),
                new JWTClaimsSet.Builder().issuer(issuer).subject("mallory").audience(AUDIENCE).expirationTime(Date.from(Instant.now().plusSeconds(600)))
                        .claim("roles", List.of("admin")).build());
        forged.sign(new RSASSASigner(attacker));
        p.refused(p.api.get("/v1/cases", forged.serialize()), 401, "signature does not verify");
        // another issuer
        String other = idp.issueToken("other-idp", "alice-sub", AUDIENCE, Map.of("roles", "reviewer"), 3600).serialize();
        p.refused(p.api.get("/v1/cases", other), 401, "refused");
        p.refused(p.api.get("/v1/cases", "a.b.c"), 401, "not a well-formed JWT");
    }

    @Test
    void aRotatedKeyIsFollowed() {
        String before = jwt("alice-sub", AUDIENCE, Map.of("roles", "auditor"), 3600);
        assertThat(p.api.get("/v1/cases", before).status()).isEqualTo(200);
        keys.rotate("key-2");
        String after = jwt("alice-sub", AUDIENCE, Map.of("roles", "auditor"), 3600);
        assertThat(SignedJWT.class.cast(parse(after)).getHeader().getKeyID()).isEqualTo("key-2");
        assertThat(p.api.get("/v1/cases", after).status()).as("a token under the new key verifies once its key is fetched").isEqualTo(200);
    }

    private static com.nimbusds.jwt.JWT parse(String jwt) {
        try {
            return SignedJWT.parse(jwt);
        } catch (java.text.ParseException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void aPersonSignsInWithTheCodeFlowAndPkceAndWritesNeedTheCsrfToken() throws Exception {
        idp.enqueueCallback(new DefaultOAuth2TokenCallback(ISSUER_ID, "rita-sub", JOSEObjectType.JWT.getType(), List.of(CLIENT),
                Map.of("roles", List.of("reviewer")), 3600));
        CookieManager cookies = new CookieManager();
        HttpClient browser = HttpClient.newBuilder().cookieHandler(cookies).followRedirects(HttpClient.Redirect.NEVER).build();
        String base = "http://127.0.0.1:" + p.server.port();
        // 1. Veto sends the browser to the provider, with PKCE
        HttpResponse<String> login = browser.send(HttpRequest.newBuilder(URI.create(base + "/login?next=/v1/cases")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(login.statusCode()).isEqualTo(302);
        URI authorize = URI.create(login.headers().firstValue("Location").orElseThrow());
        assertThat(authorize.getQuery()).contains("code_challenge_method=S256", "code_challenge=", "state=", "nonce=", "client_id=" + CLIENT);
        // 2. the provider (signing the person in without asking) sends it back with a code
        HttpResponse<String> back = browser.send(HttpRequest.newBuilder(authorize).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(back.statusCode()).isEqualTo(302);
        URI callback = URI.create(back.headers().firstValue("Location").orElseThrow());
        assertThat(callback.getPath()).isEqualTo("/login/callback");
        // a callback whose state was never issued is refused
        HttpResponse<String> forgedState = browser.send(HttpRequest.newBuilder(URI.create(base + "/login/callback?code=x&state=made-up")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(forgedState.statusCode()).isEqualTo(401);
        // 3. Veto exchanges the code, checks the ID token, and opens a session
        HttpResponse<String> signedIn = browser.send(HttpRequest.newBuilder(URI.create(base + callback.getRawPath() + "?" + callback.getRawQuery())).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(signedIn.statusCode()).as(signedIn.body()).isEqualTo(302);
        assertThat(signedIn.headers().firstValue("Location").orElseThrow()).isEqualTo("/v1/cases");
        HttpCookie session = cookies.getCookieStore().getCookies().stream().filter(c -> c.getName().equals(Identities.SESSION_COOKIE)).findFirst().orElseThrow();
        assertThat(session.isHttpOnly()).isTrue();
        assertThat(signedIn.headers().allValues("Set-Cookie").toString()).contains("SameSite=Lax");
        // the code is used up
        HttpResponse<String> replay = browser.send(HttpRequest.newBuilder(URI.create(base + callback.getRawPath() + "?" + callback.getRawQuery())).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(replay.statusCode()).isEqualTo(401);
        // 4. the session reads; a write needs the session's CSRF token
        HttpResponse<String> me = browser.send(HttpRequest.newBuilder(URI.create(base + "/v1/session")).build(), HttpResponse.BodyHandlers.ofString());
        JsonNode who = Api.JSON.readTree(me.body());
        assertThat(who.get("actor").get("subject").asString()).isEqualTo("oidc:" + issuer + "#rita-sub");
        String csrf = who.get("csrf").asString();
        String body = "{\"subject\": {\"type\": \"Unit\", \"id\": \"mx/u42\"}, \"principle\": \"no-mass-surveillance\", \"summary\": \"signed in\"}";
        long r = p.revision();
        HttpResponse<String> noCsrf = browser.send(HttpRequest.newBuilder(URI.create(base + "/v1/cases")).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(noCsrf.statusCode()).isEqualTo(403);
        assertThat(p.revision()).isEqualTo(r);
        HttpResponse<String> wrongCsrf = browser.send(HttpRequest.newBuilder(URI.create(base + "/v1/cases")).header(Identities.CSRF_HEADER, "nope")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(wrongCsrf.statusCode()).isEqualTo(403);
        HttpResponse<String> withCsrf = browser.send(HttpRequest.newBuilder(URI.create(base + "/v1/cases")).header(Identities.CSRF_HEADER, csrf)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(withCsrf.statusCode()).as(withCsrf.body()).isEqualTo(201);
        // 5. signing out ends the session
        browser.send(HttpRequest.newBuilder(URI.create(base + "/logout")).POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> gone = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(base + "/v1/session"))
                .header("Cookie", Identities.SESSION_COOKIE + "=" + session.getValue()).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(gone.statusCode()).isEqualTo(401);
    }
}
