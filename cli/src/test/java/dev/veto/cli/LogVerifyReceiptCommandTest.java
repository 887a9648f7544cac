package dev.veto.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code veto log verify-receipt} on a receipt from the demo: exit 0 when it holds, 2 naming what was altered, 1 for bad input. */
class LogVerifyReceiptCommandTest {
    @TempDir
    Path dir;

    private static String send(String method, String url, String token, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + token)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        HttpResponse<String> r = HttpClient.newHttpClient().send(b.build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isBetween(200, 201);
        return r.body();
    }

    @Test
    void aReceiptHoldsAndEveryAlterationIsNamed() throws Exception {
        try (DemoCommand.Running demo = DemoCommand.start("127.0.0.1", 0, dir.resolve("demo"))) {
            String base = "http://127.0.0.1:" + demo.server().port();
            send("POST", base + "/v1/proposals/P-0001-1/approvals", demo.tokens().get("APPROVER_A"), "{}");
            send("POST", base + "/v1/proposals/P-0001-1/approvals", demo.tokens().get("APPROVER_B"), "{}");
            String receipt = send("GET", base + "/v1/notices/N-0001-1/receipt", demo.tokens().get("CUSTOMER"), null);
            String logKey = demo.server().plane().events().log().verifierKey().toString();
            String witnessKey = demo.witness().witness().verifierKey().toString();
            Path file = dir.resolve("receipt.json");
            Files.writeString(file, receipt);

            CliRun ok = CliRun.of("log", "verify-receipt", file.toString(), "--key", logKey, "--witness", witnessKey);
            assertThat(ok.exitCode()).as(ok.err()).isZero();
            assertThat(ok.out()).startsWith("ok: notice N-0001-1 is the one issued and logged;").contains("cosigned by 1 of the 1 witnesses (quorum 1)");

            Path altered = dir.resolve("altered.json");
            Files.writeString(altered, receipt.replace("Unit 42", "Unit 17"));
            CliRun bad = CliRun.of("log", "verify-receipt", altered.toString(), "--key", logKey);
            assertThat(bad.exitCode()).isEqualTo(2);
            assertThat(bad.out()).startsWith("invalid: ");

            Files.writeString(altered, "{not json");
            assertThat(CliRun.of("log", "verify-receipt", altered.toString(), "--key", logKey).err()).startsWith("error: the receipt").contains("is not JSON");
            CliRun quorum = CliRun.of("log", "verify-receipt", file.toString(), "--key", logKey, "--witness", witnessKey, "--quorum", "2");
            assertThat(quorum.exitCode()).isEqualTo(1);
            assertThat(quorum.err()).startsWith("error: --quorum 2 must be between 1 and the 1 witnesses given");
            assertThat(CliRun.of("log", "verify-receipt", dir.resolve("none.json").toString(), "--key", logKey).err())
                    .startsWith("error: cannot read the receipt");
        }
    }
}
