package dev.veto.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.veto.control.Actor;
import dev.veto.control.Inputs;
import dev.veto.ledger.note.SignerKey;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * {@code veto log report} against real servers: the report it recomputes from the public tiles
 * and entries is the server's, byte for byte, at the latest and at an older checkpoint; a log
 * with entries written before envelopes needs an auditor's token and says so; a tile that does
 * not match the checkpoint is an inconsistency.
 */
@Timeout(120)
class LogReportCommandTest {
    private static final String ORIGIN = "report.veto.test/log";

    @TempDir
    Path dir;

    @Test
    void theReportIsTheServersByteForByteAtTheLatestAndAnOlderCheckpoint() throws Exception {
        SignerKey key = SignerKey.generate(ORIGIN);
        try (ServedLog served = ServedLog.create(dir.resolve("veto.db").toString(), ORIGIN, key).seed()) {
            long older = served.size();
            String c2 = served.enforcedCase("ministry/u17", "FR");
            served.closedCase("ministry/u42");
            served.appealReversed(c2);
            long latest = served.size();
            assertThat(latest).isGreaterThan(older);

            CliRun now = CliRun.of("log", "report", "--url", served.url());
            assertThat(now.exitCode()).as(now.err()).isZero();
            assertThat(now.out().getBytes(StandardCharsets.UTF_8)).isEqualTo(served.report(latest));
            JsonNode report = ServedLog.JSON.readTree(now.out());
            assertThat(report.get("checkpoint").get("size").asLong()).isEqualTo(latest);
            assertThat(report.get("enforcements").asLong()).isEqualTo(2);
            assertThat(report.get("enforcementsByTerritory").toString()).isEqualTo("{\"DE\":1,\"FR\":1}");
            assertThat(report.get("appeals").get("reversed").asLong()).isEqualTo(1);
            assertThat(report.get("medianDaysCaseOpenedToEnforcement").asDouble()).isPositive();

            CliRun then = CliRun.of("log", "report", "--url", served.url() + "/", "--size", String.valueOf(older), "--key", key.verifier().toString());
            assertThat(then.exitCode()).as(then.err()).isZero();
            assertThat(then.out().getBytes(StandardCharsets.UTF_8)).isEqualTo(served.report(older));
            assertThat(then.out()).isNotEqualTo(now.out());
        }
    }

    @Test
    void aLogWithEntriesWrittenBeforeEnvelopesNeedsAnAuditorsToken() throws Exception {
        Path legacy = CliRun.root().resolve("server/src/test/resources/dev/veto/server/legacy");
        Path db = dir.resolve("legacy.db");
        Files.copy(legacy.resolve("veto.db"), db);
        SignerKey key = SignerKey.parse(Files.readString(legacy.resolve("veto.key")).strip());
        JsonNode tokens = ServedLog.JSON.readTree(Files.readString(legacy.resolve("tokens.json")));
        try (ServedLog served = ServedLog.open(db.toString(), key, Instant.parse("2027-03-25T12:00:00Z"))) {
            long formatOne = served.size();
            // written by this build: envelopes from here on
            served.plane.commands().createToken(Actor.OPERATOR, new Inputs.CreateToken("auditor", "quinn", null));
            long size = served.size();
            assertThat(size).isGreaterThan(formatOne);

            CliRun refused = CliRun.of("log", "report", "--url", served.url());
            assertThat(refused.exitCode()).isEqualTo(1);
            assertThat(refused.err()).hasLineCount(1).startsWith("error: entries 0 to " + (size - 1) + " (tile/entries/000.p/" + size + ") are served only to auditors (HTTP 401")
                    .contains("written before envelopes").contains("pass --token with an auditor's token");
            assertThat(refused.out()).isEmpty();

            CliRun notAnAuditor = CliRun.of("log", "report", "--url", served.url(), "--token", tokens.get("rita").asString());
            assertThat(notAnAuditor.exitCode()).isEqualTo(1);
            assertThat(notAnAuditor.err()).hasLineCount(1).contains("the token given may not read them (HTTP 403");

            CliRun audited = CliRun.of("log", "report", "--url", served.url(), "--token", tokens.get("auditor").asString(), "--key", key.verifier().toString());
            assertThat(audited.exitCode()).as(audited.err()).isZero();
            assertThat(audited.out().getBytes(StandardCharsets.UTF_8)).isEqualTo(served.report(size));
            assertThat(ServedLog.JSON.readTree(audited.out()).get("casesOpened").asLong()).isPositive();
        }
    }

    @Test
    void aHashTileThatDoesNotGiveTheSignedRootIsAnInconsistency() throws Exception {
        try (ServedLog served = ServedLog.create(dir.resolve("veto.db").toString(), ORIGIN, SignerKey.generate(ORIGIN)).seed();
                LogProxy proxy = new LogProxy(served.url())) {
            proxy.alter(LogProxy.flipLastByte("/log/tile/0/"));
            CliRun r = CliRun.of("log", "report", "--url", proxy.url());
            assertThat(r.exitCode()).as(r.err()).isEqualTo(2);
            assertThat(r.err()).hasLineCount(1).startsWith("inconsistency: " + ORIGIN + " at size " + served.size() + ": root: the hash tiles of size "
                    + served.size() + " give root ");
            assertThat(r.out()).isEmpty();

            proxy.alter(LogProxy.flipLastByte("/log/tile/entries/"));
            CliRun entry = CliRun.of("log", "report", "--url", proxy.url());
            assertThat(entry.exitCode()).isEqualTo(2);
            assertThat(entry.err()).contains("entry " + (served.size() - 1) + " (in tile/entries/000.p/" + served.size() + ") does not match the signed tree");
        }
    }

    @Test
    void badInputAndAnUnreachableServerAreOneLine() throws Exception {
        SignerKey key = SignerKey.generate(ORIGIN);
        try (ServedLog served = ServedLog.create(dir.resolve("veto.db").toString(), ORIGIN, key).seed()) {
            assertOneLineError(CliRun.of("log", "report", "--url", "veto.example.com"), "is not an http:// or https:// URL with a host");
            assertOneLineError(CliRun.of("log", "report", "--url", served.url(), "--size", "99999"),
                    "has no checkpoint signed at size 99999");
            assertOneLineError(CliRun.of("log", "report", "--url", served.url(), "--size", "-1"), "--size -1 is negative");
            assertOneLineError(CliRun.of("log", "report", "--url", served.url(), "--key", SignerKey.generate(ORIGIN).verifier().toString()),
                    "is refused: signed note has no signature by a known key");
            assertOneLineError(CliRun.of("log", "report", "--url", served.url(), "--key", "nonsense"), "verifier key");
        }
        int closed;
        try (ServerSocket s = new ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        assertOneLineError(CliRun.of("log", "report", "--url", "http://127.0.0.1:" + closed), "cannot reach http://127.0.0.1:" + closed + "/log/checkpoint");
    }

    static void assertOneLineError(CliRun r, String message) {
        assertThat(r.exitCode()).as(r.err()).isEqualTo(1);
        assertThat(r.err()).startsWith("error: ").contains(message).hasLineCount(1);
        assertThat(r.out()).isEmpty();
    }
}
