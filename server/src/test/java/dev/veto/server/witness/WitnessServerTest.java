package dev.veto.server.witness;

import static org.assertj.core.api.Assertions.assertThat;

import dev.veto.ledger.Log;
import dev.veto.ledger.note.CosignedCheckpoint;
import dev.veto.ledger.note.CosignerKey;
import dev.veto.ledger.note.CosignerVerifierKey;
import dev.veto.ledger.note.SignedNote;
import dev.veto.ledger.note.SignerKey;
import dev.veto.ledger.note.WitnessQuorum;
import dev.veto.ledger.witness.AddCheckpointRequest;
import dev.veto.ledger.witness.KnownLogs;
import dev.veto.ledger.witness.Refusal;
import dev.veto.ledger.witness.Submission;
import dev.veto.ledger.witness.Witness;
import dev.veto.ledger.witness.WitnessClient;
import dev.veto.ledger.witness.WitnessStore;
import dev.veto.server.AccessLog;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The witness over real HTTP, against checkpoints of real logs: every status of
 * c2sp.org/tlog-witness's add-checkpoint, the monitoring view, and {@link WitnessClient} with its
 * retry after 409.
 */
@Timeout(120)
class WitnessServerTest {
    static final String ORIGIN = "veto.example/log";

    @TempDir
    Path dir;

    final HttpClient http = HttpClient.newHttpClient();
    final List<Log> logs = new ArrayList<>();
    SignerKey logKey;
    Log log;
    CosignerKey witnessKey;
    WitnessStore store;
    WitnessServer server;
    String url;

    @BeforeEach
    void start() throws Exception {
        logKey = SignerKey.generate(ORIGIN);
        log = newLog("log.db", ORIGIN, logKey);
        witnessKey = CosignerKey.generate("witness.example/w1");
        store = WitnessStore.open(dir.resolve("witness.db").toString());
        Witness witness = new Witness(witnessKey, KnownLogs.of(List.of(logKey.verifier())), store, Clock.systemUTC());
        server = WitnessServer.start(witness, "127.0.0.1", 0, AccessLog.discard());
        url = "http://127.0.0.1:" + server.port();
    }

    @AfterEach
    void stop() {
        server.close();
        store.close();
        logs.forEach(Log::close);
    }

    Log newLog(String file, String origin, SignerKey key) {
        Log l = Log.create(dir.resolve(file).toString(), origin, key);
        logs.add(l);
        return l;
    }

    static void grow(Log l, int to, String tag) {
        for (long i = l.size(); i < to; i++) {
            l.append((tag + " " + i).getBytes(StandardCharsets.UTF_8));
        }
    }

    static String note(Log l, long size) {
        return l.checkpoint(size).orElseThrow().note();
    }

    HttpResponse<String> post(String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url + "/add-checkpoint")).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> post(long old, List<byte[]> proof, String note) throws Exception {
        return post(new String(new AddCheckpointRequest(old, proof, note).body(), StandardCharsets.UTF_8));
    }

    HttpResponse<String> post(Log l, long old, long size) throws Exception {
        return post(old, old == 0 ? List.of() : l.consistencyProof(old, size), note(l, size));
    }

    HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url + path)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void aCheckpointIsCosignedAndTheCosignatureVerifies() throws Exception {
        grow(log, 5, "a");
        HttpResponse<String> r = post(log, 0, 5);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValue("text/plain;charset=utf-8");
        assertThat(r.body()).startsWith("\u2014 witness.example/w1 ").endsWith("\n").hasLineCount(1);

        CosignerVerifierKey key = CosignerVerifierKey.parse(get("/key").body());
        assertThat(key).isEqualTo(witnessKey.verifier());
        CosignedCheckpoint cp = new WitnessQuorum(List.of(key), 1).open(note(log, 5) + r.body(), List.of(logKey.verifier()));
        assertThat(cp.checkpoint().size()).isEqualTo(5);
        assertThat(independentlyVerified(r.body(), SignedNote.parse(note(log, 5)).text(), key.toString())).isTrue();

        HttpResponse<String> monitored = get("/" + KnownLogs.originHash(ORIGIN) + "/checkpoint");
        assertThat(monitored.statusCode()).isEqualTo(200);
        assertThat(monitored.body()).isEqualTo(note(log, 5) + r.body());
        assertThat(get("/" + KnownLogs.originHash("unknown.example/log") + "/checkpoint").statusCode()).isEqualTo(404);

        grow(log, 9, "a");
        assertThat(post(log, 5, 9).statusCode()).isEqualTo(200);
    }

    @Test
    void everyRefusalHasTheSpecsStatus() throws Exception {
        grow(log, 6, "a");
        // 400: not a request; an old size above the checkpoint's size
        HttpResponse<String> malformed = post("old 00\n\n" + note(log, 6));
        assertThat(malformed.statusCode()).isEqualTo(400);
        assertThat(malformed.body()).isEqualTo("old size \"00\" is not a decimal number without leading zeros\n");
        assertThat(post("hello").statusCode()).isEqualTo(400);
        assertThat(post(7, List.of(), note(log, 6)).statusCode()).isEqualTo(400);

        // 404: a log the witness does not know
        SignerKey strangerKey = SignerKey.generate("stranger.example/log");
        Log stranger = newLog("stranger.db", "stranger.example/log", strangerKey);
        grow(stranger, 2, "s");
        HttpResponse<String> unknown = post(stranger, 0, 2);
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(unknown.body()).contains("no log with origin \"stranger.example/log\"");

        // 403: the log's origin, signed by a key the witness does not trust for it
        Log impostor = newLog("impostor.db", ORIGIN, SignerKey.generate(ORIGIN));
        grow(impostor, 6, "a");
        assertThat(post(impostor, 0, 6).statusCode()).isEqualTo(403);
        String text = SignedNote.parse(note(log, 6)).text();
        String badSignature = note(log, 6).replace(text, text.replace("\n6\n", "\n60\n"));
        assertThat(post(0, List.of(), badSignature).statusCode()).isEqualTo(403);

        assertThat(post(log, 0, 3).statusCode()).isEqualTo(200);

        // 409: an old size that is not the witness's, with its size as text/x.tlog.size
        HttpResponse<String> conflict = post(log, 2, 6);
        assertThat(conflict.statusCode()).isEqualTo(409);
        assertThat(conflict.headers().firstValue("Content-Type")).hasValue("text/x.tlog.size");
        assertThat(conflict.body()).isEqualTo("3\n");

        // 422: a proof that does not hold; a non-empty proof from size 0
        List<byte[]> proof = new ArrayList<>(log.consistencyProof(3, 6));
        proof.set(proof.size() - 1, new byte[32]);
        HttpResponse<String> inconsistent = post(3, proof, note(log, 6));
        assertThat(inconsistent.statusCode()).isEqualTo(422);
        assertThat(inconsistent.body()).startsWith("checkpoint of \"veto.example/log\" at size 6 is not consistent with the one this witness cosigned at size 3");

        assertThat(post(log, 3, 6).statusCode()).isEqualTo(200);
        assertThat(get("/key").headers().firstValue("Content-Type")).hasValue("text/plain;charset=utf-8");
    }

    @Test
    void aRewindIsRefused() throws Exception {
        grow(log, 8, "a");
        assertThat(post(log, 0, 8).statusCode()).isEqualTo(200);
        assertThat(post(8, List.of(), note(log, 4)).statusCode()).isEqualTo(400);
        HttpResponse<String> older = post(log, 4, 4);
        assertThat(older.statusCode()).isEqualTo(409);
        assertThat(older.body()).isEqualTo("8\n");
        assertThat(post(log, 0, 4).statusCode()).isEqualTo(409);
    }

    @Test
    void aForkOfACosignedLogIsRefused() throws Exception {
        grow(log, 4, "a");
        assertThat(post(log, 0, 4).statusCode()).isEqualTo(200);
        // a second log with the same key and origin that diverges after entry 1
        Log fork = newLog("fork.db", ORIGIN, logKey);
        grow(fork, 2, "a");
        grow(fork, 7, "fork");
        assertThat(post(fork, 4, 4).statusCode()).isEqualTo(422);
        assertThat(post(fork, 4, 7).statusCode()).isEqualTo(422);
        assertThat(post(fork, 0, 7).statusCode()).isEqualTo(409);
        // nothing moved: the monitoring view still shows the first log's checkpoint
        assertThat(get("/" + KnownLogs.originHash(ORIGIN) + "/checkpoint").body()).startsWith(note(log, 4));

        WitnessClient client = new WitnessClient(URI.create(url), witnessKey.verifier());
        assertThat(client.submit(note(fork, 7), 4, fork::consistencyProof))
                .isInstanceOfSatisfying(Submission.Refused.class, r -> assertThat(r.refusal()).isEqualTo(Refusal.INCONSISTENT));
    }

    @Test
    void theClientRetriesOnceWithTheSizeTheWitnessReports() throws Exception {
        grow(log, 10, "a");
        WitnessClient client = new WitnessClient(URI.create(url + "/"), witnessKey.verifier());
        List<long[]> asked = new ArrayList<>();
        WitnessClient.ConsistencyProofs proofs = (from, to) -> {
            asked.add(new long[] {from, to});
            return log.consistencyProof(from, to);
        };
        Submission first = client.submit(note(log, 4), 0, proofs);
        assertThat(first).asInstanceOf(InstanceOfAssertFactories.type(Submission.Cosigned.class)).satisfies(c -> {
            assertThat(c.line()).startsWith("\u2014 witness.example/w1 ");
            assertThat(c.cosignedNote()).isEqualTo(note(log, 4) + c.line());
            assertThat(new WitnessQuorum(List.of(witnessKey.verifier()), 1).open(c.cosignedNote(), List.of(logKey.verifier())).cosignatures()).hasSize(1);
        });
        assertThat(asked).isEmpty();

        // the client believes the witness is at 0; the witness says 4; the proof from 4 is asked for
        assertThat(client.submit(note(log, 10), 0, proofs)).isInstanceOf(Submission.Cosigned.class);
        assertThat(asked).containsExactly(new long[] {4, 10});

        // a witness ahead of the checkpoint: no retry can help
        assertThat(client.submit(note(log, 7), 7, proofs)).isEqualTo(new Submission.Conflict(10));
        assertThat(asked).hasSize(1);
    }

    @Test
    void theClientReportsRefusalsAndFailuresAsValues() throws Exception {
        SignerKey strangerKey = SignerKey.generate("stranger.example/log");
        Log stranger = newLog("stranger.db", "stranger.example/log", strangerKey);
        grow(stranger, 2, "s");
        WitnessClient client = new WitnessClient(URI.create(url), witnessKey.verifier());
        assertThat(client.submit(note(stranger, 2), 0, stranger::consistencyProof)).isInstanceOfSatisfying(Submission.Refused.class, r -> {
            assertThat(r.refusal()).isEqualTo(Refusal.UNKNOWN_LOG);
            assertThat(r.message()).isEqualTo("this witness knows no log with origin \"stranger.example/log\"");
        });

        // the right witness URL, but the client expects another witness's key
        grow(log, 3, "a");
        WitnessClient expectingOther = new WitnessClient(URI.create(url), CosignerKey.generate("witness.example/w2").verifier());
        assertThat(expectingOther.submit(note(log, 3), 0, log::consistencyProof)).isInstanceOfSatisfying(Submission.Failed.class,
                f -> assertThat(f.message()).contains("without a cosignature by \"witness.example/w2\""));

        // a proof function that fails
        grow(log, 5, "a");
        assertThat(client.submit(note(log, 5), 3, (from, to) -> {
            throw new IllegalStateException("no tiles");
        })).isEqualTo(new Submission.Failed("cannot compute the consistency proof from size 3 to 5: no tiles"));

        // nobody listening
        int closed;
        try (ServerSocket s = new ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        WitnessClient nowhere = new WitnessClient(URI.create("http://127.0.0.1:" + closed), witnessKey.verifier(), http, Duration.ofSeconds(5));
        assertThat(nowhere.submit(note(log, 5), 0, log::consistencyProof)).isInstanceOfSatisfying(Submission.Failed.class,
                f -> assertThat(f.message()).startsWith("cannot reach witness http://127.0.0.1:" + closed + "/add-checkpoint"));
    }

    @Test
    void concurrentSubmissionsFromOneOldSizeCosignOnlyOne() throws Exception {
        grow(log, 16, "a");
        assertThat(post(log, 0, 8).statusCode()).isEqualTo(200);
        List<java.util.concurrent.CompletableFuture<HttpResponse<String>>> sent = new ArrayList<>();
        for (long size = 9; size <= 16; size++) {
            String body = new String(new AddCheckpointRequest(8, log.consistencyProof(8, size), note(log, size)).body(), StandardCharsets.UTF_8);
            sent.add(http.sendAsync(HttpRequest.newBuilder(URI.create(url + "/add-checkpoint")).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                    HttpResponse.BodyHandlers.ofString()));
        }
        List<Integer> statuses = sent.stream().map(f -> f.join().statusCode()).toList();
        assertThat(statuses).filteredOn(s -> s == 200).hasSize(1);
        assertThat(statuses).filteredOn(s -> s != 200).allMatch(s -> s == 409);
    }

    /**
     * Checks a cosignature line as the spec reads, with the JDK alone and none of the classes
     * that made it: key ID = SHA-256(name ‖ "\n" ‖ 0x04 ‖ key)[:4], then the u64 timestamp, then
     * Ed25519 over "cosignature/v1\ntime &lt;t&gt;\n" ‖ checkpoint text.
     */
    static boolean independentlyVerified(String line, String checkpointText, String vkey) throws Exception {
        String[] v = vkey.strip().split("\\+", 3);
        byte[] typed = Base64.getDecoder().decode(v[2]);
        if (typed[0] != 0x04) {
            return false;
        }
        byte[] pub = Arrays.copyOfRange(typed, 1, typed.length);
        String prefix = "\u2014 " + v[0] + " ";
        if (!line.startsWith(prefix) || !line.endsWith("\n")) {
            return false;
        }
        byte[] raw = Base64.getDecoder().decode(line.substring(prefix.length(), line.length() - 1));
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        sha.update((v[0] + "\n").getBytes(StandardCharsets.UTF_8));
        sha.update((byte) 0x04);
        byte[] id = Arrays.copyOf(sha.digest(pub), 4);
        if (raw.length != 76 || !Arrays.equals(Arrays.copyOf(raw, 4), id) || !hexIs(v[1], id)) {
            return false;
        }
        long t = java.nio.ByteBuffer.wrap(raw, 4, 8).getLong();
        byte[] spki = new byte[44];
        System.arraycopy(new byte[] {0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00}, 0, spki, 0, 12);
        System.arraycopy(pub, 0, spki, 12, 32);
        Signature ed = Signature.getInstance("Ed25519");
        ed.initVerify(KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(spki)));
        ed.update(("cosignature/v1\ntime " + t + "\n" + checkpointText).getBytes(StandardCharsets.UTF_8));
        return t > 0 && ed.verify(Arrays.copyOfRange(raw, 12, 76));
    }

    private static boolean hexIs(String hex, byte[] id) {
        return hex.equals(java.util.HexFormat.of().formatHex(id));
    }
}
