package dev.veto.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.util.Base64;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The optional TLS listener, from a PKCS#12 keystore and from PEM files: a client that trusts the
 * certificate gets the same API over TLS; one that does not, no connection; a key in a form Veto
 * does not read is a clear error.
 */
@Timeout(120)
class TlsTest {
    @TempDir
    Path dir;

    /** A self-signed certificate for 127.0.0.1, made by the JDK's keytool. */
    private Path keystore() throws Exception {
        Path p12 = dir.resolve("veto.p12");
        String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
        Process p = new ProcessBuilder(keytool, "-genkeypair", "-keystore", p12.toString(), "-storetype", "PKCS12", "-storepass", "changeit",
                "-alias", "veto", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=veto.test", "-ext", "san=ip:127.0.0.1", "-validity", "2")
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        return p12;
    }

    private static KeyStore load(Path p12) throws Exception {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(p12)) {
            ks.load(in, "changeit".toCharArray());
        }
        return ks;
    }

    private static HttpClient trusting(KeyStore ks) throws Exception {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("veto", ks.getCertificate("veto"));
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext ssl = SSLContext.getInstance("TLS");
        ssl.init(null, tmf.getTrustManagers(), null);
        return HttpClient.newBuilder().sslContext(ssl).build();
    }

    private void servesTheApiOverTls(TlsSettings tls, KeyStore certificate) throws Exception {
        try (Platform p = new Platform(dir, new VetoServer.Options("127.0.0.1", 0, AccessLog.failuresTo(System.err), null, tls))) {
            int port = p.server.tlsPort();
            assertThat(port).isPositive();
            HttpResponse<String> health = trusting(certificate).send(HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + port + "/health")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(health.statusCode()).isEqualTo(200);
            assertThat(health.body()).contains("\"status\":\"ok\"");
            HttpResponse<String> cases = trusting(certificate).send(HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + port + "/v1/cases"))
                    .header("Authorization", "Bearer " + p.t("audrey")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(cases.statusCode()).isEqualTo(200);
            // a client that does not trust the certificate gets no connection
            assertThatThrownBy(() -> HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + port + "/health")).build(),
                    HttpResponse.BodyHandlers.ofString())).isInstanceOf(javax.net.ssl.SSLHandshakeException.class);
        }
    }

    @Test
    void fromAPkcs12Keystore() throws Exception {
        Path p12 = keystore();
        servesTheApiOverTls(new TlsSettings(0, null, null, p12, "changeit"), load(p12));
    }

    @Test
    void fromPemFiles() throws Exception {
        Path p12 = keystore();
        KeyStore ks = load(p12);
        Certificate cert = ks.getCertificate("veto");
        PrivateKey key = (PrivateKey) ks.getKey("veto", "changeit".toCharArray());
        Path certPem = dir.resolve("cert.pem");
        Path keyPem = dir.resolve("key.pem");
        Files.writeString(certPem, pem("CERTIFICATE", cert.getEncoded()));
        Files.writeString(keyPem, pem("PRIVATE KEY", key.getEncoded()));
        servesTheApiOverTls(new TlsSettings(0, certPem, keyPem, null, null), ks);
        // a key in a form Veto does not read says so
        Path sec1 = dir.resolve("ec.pem");
        Files.writeString(sec1, pem("EC PRIVATE KEY", key.getEncoded()));
        assertThatThrownBy(() -> new TlsSettings(0, certPem, sec1, null, null).keyStore()).hasMessageContaining("openssl pkcs8");
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(der) + "\n-----END " + type + "-----\n";
    }
}
