package dev.veto.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.veto.ledger.Log;
import dev.veto.ledger.note.CosignerKey;
import dev.veto.ledger.note.CosignerVerifierKey;
import dev.veto.ledger.note.SignerKey;
import dev.veto.ledger.note.WitnessQuorum;
import dev.veto.ledger.witness.Submission;
import dev.veto.ledger.witness.WitnessClient;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code veto witness serve} as an operator runs it: it creates its key, says its verifier key
 * when it listens, cosigns a real log's checkpoints, keeps its key and state across restarts,
 * and turns bad input into one line.
 */
@Timeout(120)
class WitnessCommandTest {
    @TempDir
    Path dir;

    private final List<Process> started = new ArrayList<>();

    @AfterEach
    void killLeftovers() {
        started.forEach(Process::destroyForcibly);
    }

    @Test
    void serveCreatesItsKeyAndCosignsALogsCheckpoints() throws Exception {
        SignerKey logKey = SignerKey.generate("veto.example/log");
        Path keyFile = dir.resolve("keys/witness.key");
        String db = dir.resolve("witness.db").toString();
        try (Log log = Log.create(dir.resolve("log.db").toString(), "veto.example/log", logKey)) {
            log.append("one".getBytes(StandardCharsets.UTF_8));
            log.append("two".getBytes(StandardCharsets.UTF_8));

            Served w = serve("--key-file", keyFile.toString(), "--db", db, "--log", logKey.verifier().toString(), "--name", "witness.example/w1");
            Listening at = awaitListening(w);
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(keyFile))).isEqualTo("rw-------");
            CosignerVerifierKey key = CosignerVerifierKey.parse(at.key());
            assertThat(key).isEqualTo(CosignerKey.load(keyFile).verifier());
            assertThat(at.seen()).contains("created witness key " + keyFile);

            Submission s = new WitnessClient(URI.create(at.url()), key).submit(log.checkpoint().note(), 0, log::consistencyProof);
            assertThat(s).isInstanceOfSatisfying(Submission.Cosigned.class, c -> {
                try {
                    assertThat(new WitnessQuorum(List.of(key), 1).open(c.cosignedNote(), List.of(logKey.verifier())).checkpoint().size()).isEqualTo(2);
                } catch (Exception e) {
                    throw new AssertionError(e);
                }
            });
            stop(w);

            // the same key and the state it keeps: the next checkpoint is cosigned from size 2
            log.append("three".getBytes(StandardCharsets.UTF_8));
            Served again = serve("--key-file", keyFile.toString(), "--db", db, "--log", logKey.verifier().toString());
            Listening at2 = awaitListening(again);
            assertThat(at2.key()).isEqualTo(at.key());
            assertThat(at2.seen()).doesNotContain("created witness key");
            WitnessClient client = new WitnessClient(URI.create(at2.url()), key);
            assertThat(client.submit(log.checkpoint().note(), 2, log::consistencyProof)).isInstanceOf(Submission.Cosigned.class);
            assertThat(client.submit(log.checkpoint(2).orElseThrow().note(), 2, log::consistencyProof)).isEqualTo(new Submission.Conflict(3));
            stop(again);
        }
    }

    @Test
    void badInputIsOneLineAndNoStackTrace() throws Exception {
        String vkey = SignerKey.generate("veto.example/log").verifier().toString();
        String key = dir.resolve("w.key").toString();
        String db = dir.resolve("w.db").toString();

        assertOneLineError(CliRun.of("witness", "serve", "--key-file", key, "--db", db, "--log", "not-a-key"), "verifier key \"not-a-key\" is not name+hash+key");
        assertThat(Files.exists(Path.of(key))).as("no key is made for a command that fails on its input").isFalse();
        assertOneLineError(CliRun.of("witness", "serve", "--key-file", key, "--db", db, "--log", vkey, "--name", "has space"), "cannot name a key");
        assertOneLineError(CliRun.of("witness", "serve", "--key-file", key, "--db", "jdbc:postgresql://127.0.0.1/w", "--log", vkey), "is not SQLite");

        Files.writeString(dir.resolve("garbage.key"), "PRIVATE+KEY+nope\n");
        assertOneLineError(CliRun.of("witness", "serve", "--key-file", dir.resolve("garbage.key").toString(), "--db", db, "--log", vkey),
                "holds no valid key");

        CosignerKey existing = CosignerKey.generate("witness.example/w1");
        Path existingFile = dir.resolve("existing.key");
        existing.save(existingFile);
        assertOneLineError(CliRun.of("witness", "serve", "--key-file", existingFile.toString(), "--db", db, "--log", vkey, "--name", "witness.example/w2"),
                "holds the key of \"witness.example/w1\", not of --name \"witness.example/w2\"");
        assertOneLineError(CliRun.of("witness", "serve", "--key-file", existingFile.toString(), "--db", db, "--log", SignerKey.parse(existing.encode()).verifier().toString()),
                "is the witness's own key");

        try (ServerSocket taken = new ServerSocket(0, 50, java.net.InetAddress.getByName("127.0.0.1"))) {
            assertOneLineError(CliRun.of("witness", "serve", "--key-file", existingFile.toString(), "--db", db, "--log", vkey, "--port", String.valueOf(taken.getLocalPort())),
                    "cannot listen on 127.0.0.1:" + taken.getLocalPort());
        }
        CliRun missing = CliRun.of("witness", "serve", "--key-file", key, "--db", db);
        assertThat(missing.exitCode()).isEqualTo(1);
        assertThat(missing.err()).contains("error: Missing required option: '--log=VKEY'");
    }

    private static void assertOneLineError(CliRun r, String message) {
        assertThat(r.exitCode()).as(r.err()).isEqualTo(1);
        assertThat(r.err()).startsWith("error: ").contains(message).hasLineCount(1);
    }

    private record Served(Process process, BufferedReader out) {}

    private record Listening(String url, String key, String seen) {}

    private Served serve(String... args) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = new ArrayList<>(List.of(java, "-cp", System.getProperty("java.class.path"), Main.class.getName(), "witness", "serve", "--port", "0"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        started.add(p);
        return new Served(p, new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8)));
    }

    private static Listening awaitListening(Served s) throws Exception {
        StringBuilder seen = new StringBuilder();
        Pattern url = Pattern.compile("\"url\":\"(http://[^\"]+)\"");
        Pattern key = Pattern.compile("\"key\":\"([^\"]+)\"");
        for (String line; (line = s.out().readLine()) != null; ) {
            seen.append(line).append('\n');
            Matcher u = url.matcher(line);
            Matcher k = key.matcher(line);
            if (line.contains("\"msg\":\"listening\"") && u.find() && k.find()) {
                return new Listening(u.group(1), k.group(1), seen.toString());
            }
        }
        throw new AssertionError("the witness did not report listening:\n" + seen);
    }

    private static void stop(Served s) throws Exception {
        s.process().toHandle().destroy();
        StringBuilder rest = new StringBuilder();
        for (String line; (line = s.out().readLine()) != null; ) {
            rest.append(line).append('\n');
        }
        assertThat(s.process().waitFor(20, TimeUnit.SECONDS)).isTrue();
        assertThat(rest.toString()).contains("\"msg\":\"stopped\"");
    }
}
