package dev.veto.cli;

import static dev.veto.cli.LogReportCommandTest.assertOneLineError;
import static org.assertj.core.api.Assertions.assertThat;

import dev.veto.control.EventCodec;
import dev.veto.control.TransparencyReport;
import dev.veto.ledger.Log;
import dev.veto.ledger.note.CosignerKey;
import dev.veto.ledger.note.SignerKey;
import dev.veto.ledger.witness.KnownLogs;
import dev.veto.ledger.witness.Witness;
import dev.veto.ledger.witness.WitnessStore;
import dev.veto.server.AccessLog;
import dev.veto.server.Cosigning;
import dev.veto.server.witness.WitnessServer;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * {@code veto log monitor} against real servers, some behind a proxy that lies as a log could: it
 * rewinds, forks (a second log with the same key and origin), serves an altered tile, entry or
 * report, or lacks the witnesses' cosignatures. Each is caught with a line that says what and
 * exit code 2 (1 for a checkpoint refused), and the state file is left as it was.
 */
@Timeout(180)
class LogMonitorCommandTest {
    private static final String ORIGIN = "monitor.veto.test/log";

    @TempDir
    Path dir;

    private final SignerKey key;

    LogMonitorCommandTest() throws Exception {
        key = SignerKey.generate(ORIGIN);
    }

    private ServedLog served(String name) {
        return ServedLog.create(dir.resolve(name + ".db").toString(), ORIGIN, key).seed();
    }

    private CliRun monitor(String url, String... more) {
        List<String> args = new ArrayList<>(List.of("log", "monitor", "--url", url, "--key", key.verifier().toString(), "--state", state().toString()));
        args.addAll(List.of(more));
        return CliRun.of(args.toArray(String[]::new));
    }

    private Path state() {
        return dir.resolve("state/monitor.json");
    }

    private JsonNode stateJson() throws Exception {
        return ServedLog.JSON.readTree(Files.readString(state()));
    }

    @Test
    void roundsVerifyTheGrowthAndKeepTheirState() throws Exception {
        try (ServedLog a = served("a")) {
            long first = a.size();
            CliRun r1 = monitor(a.url());
            assertThat(r1.exitCode()).as(r1.err()).isZero();
            assertThat(r1.err()).isEmpty();
            assertThat(r1.out()).hasLineCount(1).startsWith("verified " + ORIGIN + " at size " + first + " (root ")
                    .contains("): log signature; first round; entries 0 to " + (first - 1) + " checked (" + first + " envelopes); ")
                    .endsWith(" and 1 entry bundle matched; transparency report matches\n");
            JsonNode s1 = stateJson();
            assertThat(s1.get("version").asInt()).isEqualTo(1);
            assertThat(s1.get("origin").asString()).isEqualTo(ORIGIN);
            assertThat(s1.get("size").asLong()).isEqualTo(first);
            assertThat(s1.get("root").asString()).isEqualTo(java.util.Base64.getEncoder().encodeToString(a.plane.events().log().checkpoint().checkpoint().root()));
            assertThat(s1.get("checkpoint").asString()).isEqualTo(a.plane.events().log().checkpoint(first).orElseThrow().note());
            assertThat(s1.get("envelopesFrom").asLong()).isZero();
            assertThat(s1.get("tally").get("entries").asLong()).isEqualTo(first);
            assertThat(Files.exists(dir.resolve("state/monitor.json.tmp"))).isFalse();

            String c = a.enforcedCase("ministry/u17", "FR");
            a.appealReversed(c);
            long second = a.size();
            CliRun r2 = monitor(a.url());
            assertThat(r2.exitCode()).as(r2.err()).isZero();
            assertThat(r2.out()).contains("at size " + second + " ").contains("; consistent with size " + first + "; entries " + first + " to " + (second - 1)
                    + " checked (" + (second - first) + " envelopes)");
            assertThat(stateJson().get("size").asLong()).isEqualTo(second);

            CliRun r3 = monitor(a.url());
            assertThat(r3.exitCode()).as(r3.err()).isZero();
            assertThat(r3.out()).contains("at size " + second + " ").contains("; unchanged since the last round; transparency report matches");
        }
    }

    @Test
    void theTallyStateReadBackGivesTheSameReport() throws Exception {
        try (ServedLog a = served("a")) {
            a.appealReversed(a.enforcedCase("ministry/u17", "FR"));
            Log log = a.plane.events().log();
            TransparencyReport.Tally whole = new TransparencyReport.Tally();
            TransparencyReport.Tally half = new TransparencyReport.Tally();
            long n = log.size();
            for (long i = 0; i < n; i++) {
                whole.add(EventCodec.publicView(log.entry(i)));
                if (i == n / 2) {
                    half = TransparencyReport.Tally.fromState(ServedLog.JSON.readTree(ServedLog.JSON.writeValueAsBytes(half.state())));
                }
                half.add(EventCodec.publicView(log.entry(i)));
            }
            TransparencyReport.Tally back = TransparencyReport.Tally.fromState(ServedLog.JSON.readTree(ServedLog.JSON.writeValueAsString(whole.state())));
            assertThat(TransparencyReport.json(back.report(log.checkpoint()))).isEqualTo(a.report(n));
            assertThat(TransparencyReport.json(half.report(log.checkpoint()))).isEqualTo(a.report(n));
        }
    }

    @Test
    void aLogThatRewindsOrForksIsAnInconsistencyAndTheStateStays() throws Exception {
        try (ServedLog a = served("a"); ServedLog b = served("b"); LogProxy proxy = new LogProxy(a.url())) {
            assertThat(b.size()).as("the same writes, other salts: one size, two roots").isEqualTo(a.size());
            assertThat(monitor(proxy.url()).exitCode()).isZero();
            byte[] kept = Files.readAllBytes(state());
            long size = a.size();

            proxy.target(b.url());
            CliRun fork = monitor(proxy.url());
            assertThat(fork.exitCode()).as(fork.err()).isEqualTo(2);
            assertThat(fork.err()).hasLineCount(1).startsWith("inconsistency: " + proxy.url() + ": fork: the checkpoint of size " + size + " has root ")
                    .contains("was verified at that size before; the log shows two different trees of one size; state file \"" + state() + "\" left at size " + size);
            assertThat(fork.out()).isEmpty();
            assertThat(Files.readAllBytes(state())).isEqualTo(kept);

            b.closedCase("ministry/u42");
            CliRun split = monitor(proxy.url());
            assertThat(split.exitCode()).as(split.err()).isEqualTo(2);
            assertThat(split.err()).hasLineCount(1).contains(": fork: size " + size + " (root ")
                    .contains("is not a prefix of size " + b.size()).contains("the consistency proof computed from the hash tiles fails");
            assertThat(Files.readAllBytes(state())).isEqualTo(kept);

            // the honest log grows past the other; then a server showing the other is a rewind
            proxy.target(a.url());
            a.closedCase("ministry/u42");
            a.closedCase("ministry/u17");
            assertThat(monitor(proxy.url()).exitCode()).isZero();
            kept = Files.readAllBytes(state());
            proxy.target(b.url());
            CliRun rewind = monitor(proxy.url());
            assertThat(rewind.exitCode()).isEqualTo(2);
            assertThat(rewind.err()).hasLineCount(1).contains(": rewind: the checkpoint is of size " + b.size() + ", smaller than size " + a.size());
            assertThat(Files.readAllBytes(state())).isEqualTo(kept);
        }
    }

    @Test
    void anAlteredTileEntryOrReportIsAnInconsistencyAndTheStateStays() throws Exception {
        try (ServedLog a = served("a"); LogProxy proxy = new LogProxy(a.url())) {
            assertThat(monitor(proxy.url()).exitCode()).isZero();
            byte[] kept = Files.readAllBytes(state());
            long from = a.size();
            a.closedCase("ministry/u42");
            long to = a.size();

            proxy.alter(LogProxy.flipLastByte("/log/tile/entries/"));
            CliRun entry = monitor(proxy.url());
            assertThat(entry.exitCode()).isEqualTo(2);
            assertThat(entry.err()).hasLineCount(1).contains(": entry " + (to - 1) + " (in tile/entries/000.p/" + to + ") does not match the signed tree: its leaf hash is ")
                    .contains("hash tile tile/0/000.p/" + to + " holds ").contains("at position " + (to - 1));
            assertThat(Files.readAllBytes(state())).isEqualTo(kept);

            proxy.alter(LogProxy.flipLastByte("/log/tile/0/"));
            CliRun tile = monitor(proxy.url());
            assertThat(tile.exitCode()).isEqualTo(2);
            assertThat(tile.err()).hasLineCount(1).contains(": root: the hash tiles of size " + to + " give root ").contains(", not the checkpoint's root ");
            assertThat(Files.readAllBytes(state())).isEqualTo(kept);

            proxy.alter((path, body) -> path.startsWith("/v1/transparency/report")
                    ? new String(body, StandardCharsets.UTF_8).replace("\"casesClosed\":1", "\"casesClosed\":0").getBytes(StandardCharsets.UTF_8) : body);
            CliRun report = monitor(proxy.url());
            assertThat(report.exitCode()).isEqualTo(2);
            assertThat(report.err()).hasLineCount(1).contains(": report: the server's transparency report at size " + to
                    + " is not the one recomputed from entries 0 to " + (to - 1) + ": \"casesClosed\" is 0 on the server, 1 recomputed");
            assertThat(Files.readAllBytes(state())).isEqualTo(kept);

            proxy.honest();
            CliRun ok = monitor(proxy.url());
            assertThat(ok.exitCode()).as(ok.err()).isZero();
            assertThat(ok.out()).contains("consistent with size " + from);
        }
    }

    @Test
    void aCheckpointWithoutTheWitnessQuorumIsRefused() throws Exception {
        CosignerKey w1 = CosignerKey.generate("witness.test/w1");
        CosignerKey w2 = CosignerKey.generate("witness.test/w2");
        CosignerKey stranger = CosignerKey.generate("witness.test/w3");
        String k1 = w1.verifier().toString();
        String k2 = w2.verifier().toString();
        try (ServedLog a = served("a"); LogProxy proxy = new LogProxy(a.url())) {
            String text = a.plane.events().log().checkpoint().checkpoint().text();
            long now = Instant.parse("2027-03-02T00:00:00Z").getEpochSecond();
            String both = w1.cosign(text, now).line() + w2.cosign(text, now).line();

            proxy.alter(LogProxy.appendToCheckpoint(w1.cosign(text, now).line()));
            CliRun short1 = monitor(proxy.url(), "--witness", k1, "--witness", k2);
            assertOneLineError(short1, "the checkpoint at " + proxy.url() + "/log/checkpoint is refused: checkpoint of \"" + ORIGIN + "\" at size "
                    + a.size() + " is cosigned by 1 of the 2 witnesses required (cosigned by: \"witness.test/w1\"");
            assertThat(Files.exists(state())).isFalse();

            proxy.alter(LogProxy.appendToCheckpoint(stranger.cosign(text, now).line()));
            assertOneLineError(monitor(proxy.url(), "--witness", k1), "is cosigned by 0 of the 1 witnesses required (cosigned by: none");

            proxy.alter(LogProxy.appendToCheckpoint(w1.cosign(text.replace(ORIGIN, "other.test/log"), now).line()));
            assertOneLineError(monitor(proxy.url(), "--witness", k1), "cosignature by witness \"witness.test/w1\" at time " + now + " does not verify");
            assertThat(Files.exists(state())).isFalse();

            proxy.alter(LogProxy.appendToCheckpoint(w1.cosign(text, now).line()));
            CliRun one = monitor(proxy.url(), "--witness", k1, "--witness", k2, "--quorum", "1");
            assertThat(one.exitCode()).as(one.err()).isZero();
            assertThat(one.out()).contains("; cosigned by \"witness.test/w1\" (1 of 2 required); first round");

            proxy.alter(LogProxy.appendToCheckpoint(both + stranger.cosign(text, now).line()));
            CliRun two = monitor(proxy.url(), "--witness", k1, "--witness", k2);
            assertThat(two.exitCode()).as(two.err()).isZero();
            assertThat(two.out()).contains("; cosigned by \"witness.test/w1\", \"witness.test/w2\" (2 of 2 required); unchanged since the last round");
            // the state keeps the note as served, cosignatures and all; the report names the log's own signature only
            assertThat(stateJson().get("checkpoint").asString()).endsWith(both + stranger.cosign(text, now).line());
        }
    }

    @Test
    void aLogCosignedByRealWitnessesMeetsTheQuorum() throws Exception {
        List<WitnessServer> servers = new ArrayList<>();
        List<WitnessStore> stores = new ArrayList<>();
        List<Cosigning.Witness> specs = new ArrayList<>();
        List<String> keys = new ArrayList<>();
        try {
            for (int i = 1; i <= 2; i++) {
                CosignerKey k = CosignerKey.generate("witness" + i + ".test/w");
                WitnessStore store = WitnessStore.open(dir.resolve("witness" + i + ".db").toString());
                stores.add(store);
                WitnessServer w = WitnessServer.start(new Witness(k, KnownLogs.of(List.of(key.verifier())), store, Clock.systemUTC()), "127.0.0.1", 0,
                        AccessLog.discard());
                servers.add(w);
                specs.add(Cosigning.Witness.parse(k.verifier() + "=http://127.0.0.1:" + w.port() + "/"));
                keys.addAll(List.of("--witness", k.verifier().toString()));
            }
            try (ServedLog a = ServedLog.create(dir.resolve("a.db").toString(), ORIGIN, key, specs).seed()) {
                awaitCosignedAt(a, a.size());
                CliRun r = monitor(a.url(), keys.toArray(String[]::new));
                assertThat(r.exitCode()).as(r.err()).isZero();
                assertThat(r.out()).contains("at size " + a.size() + " ")
                        .contains("; cosigned by \"witness1.test/w\", \"witness2.test/w\" (2 of 2 required); first round; entries 0 to " + (a.size() - 1));

                a.closedCase("ministry/u42");
                awaitCosignedAt(a, a.size());
                CliRun again = monitor(a.url(), keys.toArray(String[]::new));
                assertThat(again.exitCode()).as(again.err()).isZero();
                assertThat(again.out()).contains("(2 of 2 required); consistent with size ");
            }
        } finally {
            servers.forEach(WitnessServer::close);
            stores.forEach(WitnessStore::close);
        }
    }

    /** Waits until the server's {@code /log/checkpoint} is of {@code size} (with witnesses, it shows the newest checkpoint they cosigned). */
    private static void awaitCosignedAt(ServedLog a, long size) throws Exception {
        for (int i = 0; i < 200; i++) {
            String note = new String(a.get("/log/checkpoint").body(), StandardCharsets.UTF_8);
            if (note.split("\n")[1].equals(String.valueOf(size)) && note.split("\n\n")[1].lines().count() == 3) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("the witnesses did not cosign size " + size + " in 10 s");
    }

    @Test
    void aLogWithEntriesWrittenBeforeEnvelopesIsFollowedWithAnAuditorsToken() throws Exception {
        Path legacy = CliRun.root().resolve("server/src/test/resources/dev/veto/server/legacy");
        Path db = dir.resolve("legacy.db");
        Files.copy(legacy.resolve("veto.db"), db);
        SignerKey legacyKey = SignerKey.parse(Files.readString(legacy.resolve("veto.key")).strip());
        String auditor = ServedLog.JSON.readTree(Files.readString(legacy.resolve("tokens.json"))).get("auditor").asString();
        try (ServedLog a = ServedLog.open(db.toString(), legacyKey, Instant.parse("2027-03-25T12:00:00Z"))) {
            long records = a.size();
            a.token("auditor", "quinn");
            List<String> args = List.of("log", "monitor", "--url", a.url(), "--key", legacyKey.verifier().toString(), "--state", state().toString());
            CliRun without = CliRun.of(args.toArray(String[]::new));
            assertOneLineError(without, "entries 0 to " + records + " (tile/entries/000.p/" + (records + 1) + ") are served only to auditors (HTTP 401");
            assertThat(Files.exists(state())).isFalse();

            List<String> with = new ArrayList<>(args);
            with.addAll(List.of("--token", auditor));
            CliRun r = CliRun.of(with.toArray(String[]::new));
            assertThat(r.exitCode()).as(r.err()).isZero();
            assertThat(r.out()).contains("; first round; entries 0 to " + records + " checked (1 envelope, " + records + " format 1 records)");
            assertThat(stateJson().get("envelopesFrom").asLong()).isEqualTo(records);

            a.token("auditor", "rhea");
            CliRun next = CliRun.of(with.toArray(String[]::new));
            assertThat(next.exitCode()).as(next.err()).isZero();
            assertThat(next.out()).contains("; consistent with size " + (records + 1) + "; entries " + (records + 1) + " to " + (records + 1) + " checked (1 envelope)");
        }
    }

    @Test
    void followingStopsAtTheFirstInconsistency() throws Exception {
        try (ServedLog a = served("a"); LogProxy proxy = new LogProxy(a.url())) {
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            CompletableFuture<Integer> following = CompletableFuture.supplyAsync(() -> Main.run(new PrintWriter(out, true), new PrintWriter(err, true),
                    "log", "monitor", "--url", proxy.url(), "--key", key.verifier().toString(), "--state", state().toString(), "--follow", "--interval", "1"));
            awaitStateSize(a.size());
            a.closedCase("ministry/u42");
            awaitStateSize(a.size());
            byte[] kept = Files.readAllBytes(state());
            a.closedCase("ministry/u17");
            proxy.alter(LogProxy.flipLastByte("/log/tile/entries/"));
            assertThat(following.get(60, TimeUnit.SECONDS)).as(err.toString()).isEqualTo(2);
            assertThat(out.toString().lines().filter(l -> l.startsWith("verified ")).count()).isGreaterThanOrEqualTo(2);
            assertThat(err.toString()).startsWith("inconsistency: ").contains("does not match the signed tree");
            assertThat(Files.readAllBytes(state())).isEqualTo(kept);
        }
    }

    private void awaitStateSize(long size) throws Exception {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < until) {
            if (Files.exists(state()) && stateJson().get("size").asLong() == size) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("the monitor did not reach size " + size);
    }

    @Test
    void badInputIsOneLineAndLeavesTheStateAlone() throws Exception {
        try (ServedLog a = served("a")) {
            String vkey = key.verifier().toString();
            CliRun noKey = CliRun.of("log", "monitor", "--url", a.url(), "--state", state().toString());
            assertThat(noKey.exitCode()).isEqualTo(1);
            assertThat(noKey.err()).startsWith("error: Missing required option: '--key=VKEY'");
            assertOneLineError(monitor(a.url(), "--interval", "5"), "--interval needs --follow");
            assertOneLineError(monitor(a.url(), "--quorum", "1"), "--quorum needs --witness keys to count");
            String w = CosignerKey.generate("witness.test/w1").verifier().toString();
            assertOneLineError(monitor(a.url(), "--witness", w, "--quorum", "2"), "--quorum 2: quorum 2 is not between 0 and the 1 witnesses known");
            assertOneLineError(monitor(a.url(), "--witness", vkey), "a witness key is not a log key");
            assertOneLineError(monitor(a.url(), "--follow", "--interval", "0"), "--interval 0 is below 1 second");
            assertOneLineError(CliRun.of("log", "monitor", "--url", a.url(), "--key", SignerKey.generate(ORIGIN).verifier().toString(), "--state", state().toString()),
                    "is refused: signed note has no signature by a known key");
            assertThat(Files.exists(state())).isFalse();

            assertThat(monitor(a.url()).exitCode()).isZero();
            byte[] kept = Files.readAllBytes(state());
            SignerKey other = SignerKey.generate("other.veto.test/log");
            try (ServedLog b = ServedLog.create(dir.resolve("b.db").toString(), "other.veto.test/log", other).seed()) {
                Files.copy(state(), dir.resolve("copy.json"));
                CliRun wrongLog = CliRun.of("log", "monitor", "--url", b.url(), "--key", other.verifier().toString(), "--state", dir.resolve("copy.json").toString());
                assertOneLineError(wrongLog, "cannot be used: its \"checkpoint\" is not a checkpoint signed by --key");
            }
            Files.writeString(state(), Files.readString(state()).replace("\"size\"", "\"sighs\""));
            assertOneLineError(monitor(a.url()), "state file \"" + state() + "\" cannot be used: its \"origin\", \"size\" and \"root\" are not those of its \"checkpoint\"");
            Files.writeString(state(), "{not json");
            assertOneLineError(monitor(a.url()), "cannot be used: it is not JSON");
            Files.write(state(), kept);
            assertOneLineError(monitor("http://127.0.0.1:1"), "cannot reach http://127.0.0.1:1/log/checkpoint");
            assertThat(Files.readAllBytes(state())).isEqualTo(kept);
        }
    }
}
