package dev.veto.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code veto token create} and {@code veto serve} as an operator uses them: a token created
 * offline works once the server runs; the server creates its log and key, logs JSON lines, and
 * stops cleanly on SIGTERM.
 */
@org.junit.jupiter.api.Timeout(120)
class ServeCommandTest {
    @TempDir
    Path dir;

    @Test
    void tokenCreateNeedsAnInstallation() {
        CliRun r = CliRun.of("token", "create", "--db", dir.resolve("none.db").toString(), "--key-file", dir.resolve("none.key").toString(),
                "--role", "admin", "--name", "adam");
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).contains("signer key file").contains("does not exist");
    }

    @Test
    void serveCreatesTheLogAndATokenCreatedOfflineWorks() throws Exception {
        String db = dir.resolve("veto.db").toString();
        String key = dir.resolve("veto.key").toString();
        Served server = serve(db, key);
        String url = awaitListening(server);
        HttpClient http = HttpClient.newHttpClient();
        assertThat(http.send(HttpRequest.newBuilder(URI.create(url + "/health")).build(), HttpResponse.BodyHandlers.ofString()).body())
                .contains("\"status\":\"ok\"");
        stop(server);
        assertThat(Files.exists(Path.of(key))).isTrue();

        CliRun bad = CliRun.of("token", "create", "--db", db, "--key-file", key, "--role", "wizard", "--name", "adam");
        assertThat(bad.exitCode()).isEqualTo(1);
        assertThat(bad.err()).contains("unknown role \"wizard\"");
        CliRun token = CliRun.of("token", "create", "--db", db, "--key-file", key, "--role", "admin", "--name", "adam");
        assertThat(token.exitCode()).as(token.err()).isZero();
        String secret = token.out().strip();
        assertThat(secret).startsWith("veto_");

        server = serve(db, key);
        url = awaitListening(server);
        HttpResponse<String> policies = http.send(HttpRequest.newBuilder(URI.create(url + "/v1/policies")).header("Authorization", "Bearer " + secret).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(policies.statusCode()).isEqualTo(200);
        assertThat(policies.body()).contains("\"baseline\":\"permit (principal, action, resource);\"");
        HttpResponse<String> denied = http.send(HttpRequest.newBuilder(URI.create(url + "/v1/policies")).header("Authorization", "Bearer veto_wrong").build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(denied.statusCode()).isEqualTo(401);

        // a token created while the server runs is picked up within a second or so
        CliRun live = CliRun.of("token", "create", "--db", db, "--key-file", key, "--role", "auditor", "--name", "audrey");
        assertThat(live.exitCode()).as(live.err()).isZero();
        HttpRequest withLive = HttpRequest.newBuilder(URI.create(url + "/v1/policies")).header("Authorization", "Bearer " + live.out().strip()).build();
        int status = 0;
        for (int i = 0; i < 50 && status != 200; i++) {
            status = http.send(withLive, HttpResponse.BodyHandlers.discarding()).statusCode();
            if (status != 200) {
                Thread.sleep(100);
            }
        }
        assertThat(status).isEqualTo(200);
        stop(server);
    }

    /** A server process and its merged output. */
    private record Served(Process process, BufferedReader out) {}

    private final java.util.List<Process> started = new java.util.ArrayList<>();

    @org.junit.jupiter.api.AfterEach
    void killLeftovers() {
        started.forEach(Process::destroyForcibly);
    }

    private Served serve(String db, String key) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), "dev.veto.cli.Main", "serve", "--db", db, "--key-file", key, "--port", "0")
                .redirectErrorStream(true).start();
        started.add(p);
        return new Served(p, new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8)));
    }

    private static String awaitListening(Served s) throws Exception {
        return awaitListening(s, new StringBuilder());
    }

    /** The server's URL once it says it listens; {@code seen} receives every line up to then. */
    private static String awaitListening(Served s, StringBuilder seen) throws Exception {
        BufferedReader r = s.out();
        Pattern url = Pattern.compile("\"url\":\"(http://[^\"]+)\"");
        for (String line; (line = r.readLine()) != null; ) {
            seen.append(line).append('\n');
            Matcher m = url.matcher(line);
            if (line.contains("\"msg\":\"listening\"") && m.find()) {
                return m.group(1);
            }
        }
        throw new AssertionError("the server did not report listening:\n" + seen);
    }

    @Test
    void libraryLogLinesAreJsonLinesInTheServersOutput() throws Exception {
        Served server = serve(dir.resolve("veto.db").toString(), dir.resolve("veto.key").toString());
        StringBuilder seen = new StringBuilder();
        String url = awaitListening(server, seen);
        // Javalin's own start-up line, through SLF4J and the application's binding, as a JSON line
        String javalin = seen.toString().lines().filter(l -> l.contains("\"logger\":\"io.javalin") && l.contains("Listening on")).findFirst()
                .orElseThrow(() -> new AssertionError("no line from Javalin in:\n" + seen));
        assertThat(javalin).startsWith("{\"time\":").contains("\"level\":\"info\"", "\"msg\":\"Listening on " + url);
        for (String line : seen.toString().lines().toList()) {
            if (line.startsWith("{")) {
                assertThat(new tools.jackson.databind.json.JsonMapper().readTree(line).has("msg")).as(line).isTrue();
            }
        }
        stop(server);
    }

    private static void stop(Served s) throws Exception {
        // Through the handle: SIGTERM without closing our end of its output (Process.destroy closes it).
        s.process().toHandle().destroy();
        StringBuilder rest = new StringBuilder();
        for (String line; (line = s.out().readLine()) != null; ) {
            rest.append(line).append('\n');
        }
        assertThat(s.process().waitFor(20, TimeUnit.SECONDS)).isTrue();
        assertThat(rest.toString()).contains("\"msg\":\"stopped\"");
    }
}
