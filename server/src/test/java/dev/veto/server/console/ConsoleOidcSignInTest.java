package dev.veto.server.console;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JOSEObjectType;
import dev.veto.server.AccessLog;
import dev.veto.server.Platform;
import dev.veto.server.VetoServer;
import dev.veto.server.identity.OidcSettings;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import no.nav.security.mock.oauth2.token.DefaultOAuth2TokenCallback;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Signing in to the console through a real OpenID Connect provider (an in-process mock OAuth2
 * server): from the sign-in page, through the provider's authorization code flow with PKCE, to the
 * queue, as the person the provider's claims describe; and out again.
 */
class ConsoleOidcSignInTest {
    @TempDir
    Path dir;

    @Test
    void aPersonSignsInThroughTheProviderAndOut() throws Exception {
        MockOAuth2Server idp = new MockOAuth2Server();
        idp.start();
        try {
            String issuer = idp.issuerUrl("veto").toString();
            int port;
            try (ServerSocket s = new ServerSocket(0)) {
                port = s.getLocalPort();
            }
            OidcSettings oidc = new OidcSettings(URI.create(issuer), "veto-api", "veto-console", "secret", URI.create("http://127.0.0.1:" + port),
                    "roles", OidcSettings.defaultRoles(), "veto_org");
            try (Platform p = new Platform(dir, new VetoServer.Options("127.0.0.1", port, AccessLog.failuresTo(System.err), oidc, null));
                 Browser b = new Browser(port)) {
                idp.enqueueCallback(new DefaultOAuth2TokenCallback("veto", "rita-sub", JOSEObjectType.JWT.getType(), List.of("veto-console"),
                        Map.of("roles", List.of("reviewer")), 3600));
                b.go("/console");
                assertThat(b.driver.getCurrentUrl()).endsWith("/console/sign-in");
                b.check("sign-in");
                b.submit("a.button[href^='/login']");
                b.waitFor(d -> d.getCurrentUrl().endsWith("/console/cases"), "the provider to send the browser back, signed in");
                assertThat(b.text()).contains("Signed in as oidc:" + issuer + "#rita-sub (reviewer)").contains("Case queue");
                b.submit("form[action='/console/sign-out'] button");
                assertThat(b.driver.getCurrentUrl()).endsWith("/console/sign-in");
                b.go("/console/cases");
                assertThat(b.driver.getCurrentUrl()).as("signed out").endsWith("/console/sign-in");
            }
        } finally {
            idp.shutdown();
        }
    }
}
