package dev.veto.server.console;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.veto.server.Platform;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;

/**
 * The public page's check of the log, in a real browser: it verifies a real entry, and fails
 * visibly when a proxy between the browser and the server alters one byte of an entry tile.
 */
class PublicVerificationTest {
    @TempDir
    Path dir;
    Platform p;
    HttpServer proxy;
    final AtomicInteger tampered = new AtomicInteger();

    @BeforeEach
    void setUp() throws Exception {
        p = new Platform(dir);
        p.enforce(p.propose(p.openCase("mx/u42"), "mx/u42", ""));
        // passes everything through, but flips one byte in the middle of every entry tile
        HttpClient upstream = HttpClient.newHttpClient();
        proxy = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        proxy.createContext("/", ex -> {
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + p.server.port() + ex.getRequestURI()))
                    .method(ex.getRequestMethod(), HttpRequest.BodyPublishers.ofByteArray(ex.getRequestBody().readAllBytes()));
            try {
                HttpResponse<byte[]> r = upstream.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
                byte[] body = r.body();
                if (ex.getRequestURI().getPath().startsWith("/log/tile/entries/") && body.length > 0) {
                    body = body.clone();
                    body[body.length / 2] ^= 0x01;
                    tampered.incrementAndGet();
                }
                r.headers().firstValue("Content-Type").ifPresent(t -> ex.getResponseHeaders().add("Content-Type", t));
                ex.sendResponseHeaders(r.statusCode(), body.length == 0 ? -1 : body.length);
                ex.getResponseBody().write(body);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                ex.close();
            }
        });
        proxy.start();
    }

    @AfterEach
    void tearDown() {
        proxy.stop(0);
        p.close();
    }

    @Test
    void theBrowserVerifiesARealEntry() throws Exception {
        try (Browser b = new Browser(p.server.port())) {
            b.go("/transparency?index=3");
            b.waitFor(d -> d.findElement(By.id("verify-result")).getText().startsWith("Verified"), "the check to pass");
            assertThat(b.text()).contains("Verified: entry 3 is in the log").contains("✓ the checkpoint is signed by the log key")
                    .contains("✓ it equals the signed checkpoint's root");
            assertThat(b.all("#verify-steps li.bad")).isEmpty();
        }
    }

    @Test
    void aTamperedTileFailsVisibly() throws Exception {
        try (Browser b = new Browser(proxy.getAddress().getPort())) {
            b.go("/transparency");
            b.waitFor(d -> d.findElement(By.id("verify-result")).getText().startsWith("Verification failed"), "the check to fail");
            assertThat(tampered.get()).isPositive();
            assertThat(b.find("#verify-result").getText()).contains("the entry was altered");
            assertThat(b.all("#verify-steps li.bad")).hasSize(1);
            assertThat(b.text()).doesNotContain("Verified:");
            b.check("transparency-tampered");
        }
    }
}
