package dev.veto.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The demo as a user meets it: the README shows exactly the walk-through the demo prints, and
 * every command of it, run by bash with curl against a freshly seeded demo server, does what its
 * comment says.
 */
@org.junit.jupiter.api.Timeout(180)
class DemoTest {
    @TempDir
    Path dir;

    @Test
    void readmeShowsTheWalkthroughTheDemoPrints() throws IOException {
        String readme = Files.readString(Path.of(System.getenv("VETO_PROJECT_ROOT"), "README.md"));
        assertThat(readme).contains(DemoScenario.walkthrough());
    }

    @Test
    void walkthroughWorksAsPrinted() throws Exception {
        try (DemoCommand.Running demo = DemoCommand.start("127.0.0.1", 0, dir)) {
            // `./veto` runs this build's command line, as the repository's script would
            String veto = "function ./veto { '" + ProcessHandle.current().info().command().orElseThrow() + "' -cp '"
                    + System.getProperty("java.class.path") + "' " + Main.class.getName() + " \"$@\"; }\n";
            String exports = veto + DemoCommand.exports(demo);
            List<String> commands = DemoScenario.walkthrough().lines().filter(l -> l.startsWith("curl ") || l.startsWith("./veto ")).toList();
            List<String> out = new ArrayList<>();
            for (String c : commands) {
                out.add(bash(exports + c));
            }
            assertThat(commands).hasSize(18);
            assertThat(out.get(0)).contains("\"id\":\"C-0001\"", "\"status\":\"pending\"");
            assertThat(out.get(1)).contains("\"members\":[\"anna\",\"ben\",\"carl\"]", "\"status\":\"applied\"");
            assertThat(out.get(2)).contains("\"status\":403", "cannot make approvers");
            assertThat(out.get(3)).contains("\"status\":\"pending\"");
            assertThat(out.get(4)).contains("\"status\":\"enforced\"", "enf-C-0001-1.principal");
            assertThat(out.get(5)).contains("\"decision\":\"deny\"", "\"case\":\"C-0001\"", "\"notice\":\"N-0001-1\"");
            assertThat(out.get(6)).contains("\"decision\":\"allow\"");
            assertThat(out.get(7)).contains("\"decision\":\"allow\"");
            assertThat(out.get(8)).contains("\"restriction\"", "\"redress\"", "Unit 42");
            assertThat(out.get(9)).contains("DECISION_PROVISION_PARTIAL_SUSPENSION");
            assertThat(out.get(10)).isEmpty(); // the receipt went to receipt.json
            assertThat(Files.readString(dir.resolve("receipt.json"))).contains("\"receipt\":\"veto-receipt/1\"", "\"N-0001-1\"");
            assertThat(out.get(11)).startsWith("ok: notice N-0001-1 is the one issued and logged;").contains("cosigned by 1 of the 1 witnesses");
            assertThat(out.get(12)).contains("\"id\":\"A-0001-1\"");
            assertThat(out.get(13)).contains("enforcement.lifted", "case.closed");
            assertThat(out.get(14)).contains("\"decision\":\"allow\"");
            assertThat(out.get(15)).contains("\"reversed\":1");
            assertThat(out.get(16)).startsWith("demo.veto.local/log\n").contains("\n— demo.veto.local/witness ");
            assertThat(out.get(17)).as("recomputed from the tiles").isEqualTo(out.get(15));
        }
    }

    /** Each printed link signs its person in to the console, once, as the person the line names. */
    @Test
    void everyPrintedSignInLinkSignsItsPersonIn() throws Exception {
        try (DemoCommand.Running demo = DemoCommand.start("127.0.0.1", 0, dir)) {
            List<String> lines = DemoCommand.signInLinks(demo).lines().toList();
            assertThat(lines).hasSize(7).anySatisfy(l -> assertThat(l).contains("rita (reviewer)"))
                    .anySatisfy(l -> assertThat(l).contains("mx-legal (customer, mx)"));
            java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
            for (String line : lines) {
                String who = line.strip().substring(0, line.strip().indexOf(' '));
                String url = line.substring(line.indexOf("http://"));
                java.net.http.HttpResponse<String> signedIn = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(url))
                        .POST(java.net.http.HttpRequest.BodyPublishers.noBody()).build(), java.net.http.HttpResponse.BodyHandlers.ofString());
                assertThat(signedIn.statusCode()).as(line).isEqualTo(302);
                String cookie = signedIn.headers().firstValue("Set-Cookie").orElseThrow();
                java.net.http.HttpResponse<String> page = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(
                        url.substring(0, url.indexOf("/login/")) + "/transparency")).header("Cookie", cookie.substring(0, cookie.indexOf(';')))
                        .build(), java.net.http.HttpResponse.BodyHandlers.ofString());
                assertThat(page.body()).as(line).contains("Signed in as <strong>" + who + " (");
                assertThat(http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(url)).POST(java.net.http.HttpRequest.BodyPublishers
                        .noBody()).build(), java.net.http.HttpResponse.BodyHandlers.ofString()).statusCode()).as("a link works once").isEqualTo(404);
            }
        }
    }

    private String bash(String script) throws Exception {
        Process p = new ProcessBuilder("bash", "-euo", "pipefail", "-c", script).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(out).isZero();
        return out;
    }
}
