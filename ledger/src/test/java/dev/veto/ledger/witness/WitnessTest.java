package dev.veto.ledger.witness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.veto.ledger.Log;
import dev.veto.ledger.merkle.Hashes;
import dev.veto.ledger.note.Checkpoint;
import dev.veto.ledger.note.CosignedCheckpoint;
import dev.veto.ledger.note.CosignerKey;
import dev.veto.ledger.note.SignedNote;
import dev.veto.ledger.note.SignerKey;
import dev.veto.ledger.note.WitnessQuorum;
import dev.veto.ledger.witness.AddCheckpointOutcome.Conflict;
import dev.veto.ledger.witness.AddCheckpointOutcome.Cosigned;
import dev.veto.ledger.witness.AddCheckpointOutcome.Refused;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The witness of c2sp.org/tlog-witness against a real log and a real SQLite file: every outcome. */
@Timeout(120)
class WitnessTest {
    static final String ORIGIN = "veto.example/log";
    static final Instant NOW = Instant.parse("2025-06-01T12:00:00Z");

    @TempDir
    Path dir;

    SignerKey logKey;
    Log log;
    CosignerKey witnessKey;
    WitnessStore store;
    Witness witness;
    final List<Log> logs = new ArrayList<>();

    @BeforeEach
    void setUp() throws Exception {
        logKey = SignerKey.generate(ORIGIN);
        log = newLog("log.db");
        witnessKey = CosignerKey.generate("witness.example/w1");
        store = WitnessStore.open(dir.resolve("witness.db").toString());
        witness = new Witness(witnessKey, KnownLogs.of(List.of(logKey.verifier())), store, Clock.fixed(NOW, ZoneOffset.UTC));
    }

    @AfterEach
    void tearDown() {
        logs.forEach(Log::close);
        store.close();
    }

    Log newLog(String file) {
        Log l = Log.create(dir.resolve(file).toString(), ORIGIN, logKey);
        logs.add(l);
        return l;
    }

    static void grow(Log l, int to, String tag) {
        for (long i = l.size(); i < to; i++) {
            l.append((tag + " " + i).getBytes(StandardCharsets.UTF_8));
        }
    }

    static String note(Log l, long size) {
        return l.checkpoint(size).orElseThrow(() -> new AssertionError("no checkpoint at size " + size)).note();
    }

    AddCheckpointOutcome submit(long old, List<byte[]> proof, String note) {
        return witness.addCheckpoint(new AddCheckpointRequest(old, proof, note).body());
    }

    AddCheckpointOutcome submit(Log l, long old, long size) {
        return submit(old, old == 0 ? List.of() : l.consistencyProof(old, size), note(l, size));
    }

    @Test
    void aFirstCheckpointFromSizeZeroIsCosignedAndRemembered() throws Exception {
        grow(log, 3, "a");
        AddCheckpointOutcome out = submit(log, 0, 3);
        assertThat(out.status()).isEqualTo(200);
        Cosigned c = (Cosigned) out;
        assertThat(c.cosignatures()).singleElement().satisfies(x -> {
            assertThat(x.name()).isEqualTo("witness.example/w1");
            assertThat(x.timestamp()).isEqualTo(NOW.getEpochSecond());
        });
        String body = c.body();
        assertThat(body).startsWith("\u2014 witness.example/w1 ").endsWith("\n").hasLineCount(1);
        // the client side: append the answer to the checkpoint and verify it with a quorum of one
        CosignedCheckpoint opened = new WitnessQuorum(List.of(witnessKey.verifier()), 1).open(note(log, 3) + body, List.of(logKey.verifier()));
        assertThat(opened.checkpoint().size()).isEqualTo(3);

        // the monitoring view: the log's signature and the cosignature, under the origin's hash
        String served = witness.cosignedCheckpoint(KnownLogs.originHash(ORIGIN)).orElseThrow();
        assertThat(served).isEqualTo(note(log, 3) + body);
        assertThat(witness.cosignedCheckpoint(KnownLogs.originHash("other.example/log"))).isEmpty();
    }

    @Test
    void aLargerCheckpointWithItsConsistencyProofIsCosigned() {
        grow(log, 10, "a");
        assertThat(submit(log, 0, 3)).isInstanceOf(Cosigned.class);
        assertThat(submit(log, 3, 7)).isInstanceOf(Cosigned.class);
        assertThat(submit(log, 7, 10)).isInstanceOf(Cosigned.class);
        // the same checkpoint again is consistent with itself: cosigned again
        assertThat(submit(log, 10, 10)).isInstanceOf(Cosigned.class);
        assertThat(store.latest(ORIGIN)).hasValueSatisfying(l -> assertThat(l.size()).isEqualTo(10));
    }

    @Test
    void anEmptyLogIsCosignedWithTheEmptyRoot() {
        assertThat(submit(log, 0, 0)).isInstanceOf(Cosigned.class);
        grow(log, 2, "a");
        assertThat(submit(log, 0, 2)).isInstanceOf(Cosigned.class);
    }

    @Test
    void anUnknownOriginIs404() throws Exception {
        SignerKey otherKey = SignerKey.generate("other.example/log");
        Log other = Log.create(dir.resolve("other.db").toString(), "other.example/log", otherKey);
        logs.add(other);
        grow(other, 2, "o");
        assertThat(submit(other, 0, 2)).isEqualTo(new Refused(Refusal.UNKNOWN_LOG, "this witness knows no log with origin \"other.example/log\""))
                .extracting(AddCheckpointOutcome::status).isEqualTo(404);
    }

    @Test
    void aCheckpointWithoutAValidTrustedSignatureIs403() throws Exception {
        grow(log, 2, "a");
        String text = SignedNote.parse(note(log, 2)).text();
        // signed by another key of the same name: an unknown key, so no trusted signature at all
        String byImpostor = SignedNote.sign(text, SignerKey.generate(ORIGIN));
        assertThat(submit(0, List.of(), byImpostor)).isInstanceOfSatisfying(Refused.class, r -> {
            assertThat(r.refusal()).isEqualTo(Refusal.UNTRUSTED_SIGNATURE);
            assertThat(r.status()).isEqualTo(403);
            assertThat(r.message()).contains("no signature by a known key");
        });
        // the trusted key's name and ID over a signature that does not verify
        String tampered = note(log, 2).replace(text, text.replace("\n2\n", "\n3\n"));
        assertThat(submit(0, List.of(), tampered)).isInstanceOfSatisfying(Refused.class, r -> {
            assertThat(r.refusal()).isEqualTo(Refusal.UNTRUSTED_SIGNATURE);
            assertThat(r.message()).isEqualTo("checkpoint of \"veto.example/log\": signature by \"veto.example/log\" does not verify");
        });
        // the witness's own cosignature is no log signature
        String cosignedOnly = text + "\n" + witnessKey.cosign(text, 5).line();
        assertThat(submit(0, List.of(), cosignedOnly).status()).isEqualTo(403);
        assertThat(store.latest(ORIGIN)).isEmpty();
    }

    @Test
    void malformedRequestsAre400() {
        grow(log, 3, "a");
        String note = note(log, 3);
        for (String body : List.of("", "old 0\n" + note, "new 0\n\n" + note, "old 01\n\n" + note, "old -1\n\n" + note, "old 0x\n\n" + note,
                "old 99999999999999999999\n\n" + note, "old 0\nnot base64!\n\n" + note, "old 0\nAAAA\n\n" + note, "old 0\n\nnot a note\n",
                "old 0\n\nnot a checkpoint\n\n\u2014 veto.example/log AAAAAAA=\n")) {
            AddCheckpointOutcome out = witness.addCheckpoint(body.getBytes(StandardCharsets.UTF_8));
            assertThat(out).as(body).isInstanceOfSatisfying(Refused.class, r -> assertThat(r.refusal()).isEqualTo(Refusal.MALFORMED));
            assertThat(out.status()).isEqualTo(400);
        }
        byte[] notUtf8 = ("old 0\n\n" + note).getBytes(StandardCharsets.UTF_8);
        notUtf8[8] = (byte) 0xff;
        assertThat(witness.addCheckpoint(notUtf8)).isEqualTo(new Refused(Refusal.MALFORMED, "request body is not valid UTF-8"));
        StringBuilder tooLong = new StringBuilder("old 1\n");
        for (int i = 0; i < 64; i++) {
            tooLong.append("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\n");
        }
        assertThat(witness.addCheckpoint(tooLong.append('\n').append(note).toString().getBytes(StandardCharsets.UTF_8)))
                .isEqualTo(new Refused(Refusal.MALFORMED, "request has 64 consistency proof lines; at most 63 are allowed"));
        // an old size above the checkpoint's size is a bad request, whatever the witness holds
        assertThat(witness.addCheckpoint(("old 4\n\n" + note).getBytes(StandardCharsets.UTF_8)))
                .isEqualTo(new Refused(Refusal.MALFORMED, "old size 4 is larger than the checkpoint's size 3"));
        assertThat(store.latest(ORIGIN)).isEmpty();
    }

    @Test
    void anOldSizeThatIsNotTheWitnessesIs409WithItsSize() {
        grow(log, 8, "a");
        assertThat(submit(log, 3, 8)).isEqualTo(new Conflict(0));
        assertThat(submit(log, 0, 5)).isInstanceOf(Cosigned.class);
        AddCheckpointOutcome out = submit(log, 3, 8);
        assertThat(out).isEqualTo(new Conflict(5));
        assertThat(out.status()).isEqualTo(409);
        assertThat(((Conflict) out).body()).isEqualTo("5\n");
        assertThat(Conflict.CONTENT_TYPE).isEqualTo("text/x.tlog.size");
        // a client that knows nothing starts from 0 and learns the size
        assertThat(submit(log, 0, 8)).isEqualTo(new Conflict(5));
        assertThat(submit(log, 5, 8)).isInstanceOf(Cosigned.class);
    }

    @Test
    void aProofThatDoesNotHoldIs422() throws Exception {
        grow(log, 9, "a");
        assertThat(submit(log, 0, 4)).isInstanceOf(Cosigned.class);
        List<byte[]> proof = new ArrayList<>(log.consistencyProof(4, 9));
        proof.get(0)[0] ^= 1;
        assertThat(submit(4, proof, note(log, 9))).isInstanceOfSatisfying(Refused.class, r -> {
            assertThat(r.refusal()).isEqualTo(Refusal.INCONSISTENT);
            assertThat(r.status()).isEqualTo(422);
            assertThat(r.message()).startsWith("checkpoint of \"veto.example/log\" at size 9 is not consistent with the one this witness cosigned at size 4: ");
        });
        assertThat(submit(4, List.of(), note(log, 9)).status()).isEqualTo(422);
        assertThat(submit(4, log.consistencyProof(4, 8), note(log, 9)).status()).isEqualTo(422);
        assertThat(store.latest(ORIGIN)).hasValueSatisfying(l -> assertThat(l.size()).isEqualTo(4));
    }

    @Test
    void aProofFromSizeZeroMustBeEmptyAndAnEmptyTreeMustHaveTheEmptyRoot() throws Exception {
        grow(log, 4, "a");
        assertThat(submit(0, log.consistencyProof(2, 4), note(log, 4))).isInstanceOfSatisfying(Refused.class, r -> {
            assertThat(r.refusal()).isEqualTo(Refusal.INCONSISTENT);
            assertThat(r.message()).contains("from size 0 must be empty");
        });
        String wrongEmpty = SignedNote.sign(new Checkpoint(ORIGIN, 0, Hashes.leaf(new byte[0])).text(), logKey);
        assertThat(submit(0, List.of(), wrongEmpty)).isEqualTo(new Refused(Refusal.INCONSISTENT,
                "a checkpoint of size 0 must have the empty tree's root (SHA-256 of nothing)"));
    }

    @Test
    void aRollbackIsRefused() {
        grow(log, 10, "a");
        assertThat(submit(log, 0, 10)).isInstanceOf(Cosigned.class);
        // an older checkpoint, claimed from the witness's size: old size above the checkpoint's
        assertThat(submit(10, List.of(), note(log, 6))).extracting(AddCheckpointOutcome::status).isEqualTo(400);
        // an older checkpoint, claimed from its own size: not the witness's size
        assertThat(submit(log, 6, 6)).isEqualTo(new Conflict(10));
        assertThat(submit(log, 0, 6)).isEqualTo(new Conflict(10));
        assertThat(store.latest(ORIGIN)).hasValueSatisfying(l -> assertThat(l.size()).isEqualTo(10));
    }

    @Test
    void aForkIsRefused() {
        grow(log, 5, "a");
        Log fork = newLog("fork.db"); // the same key and origin; its entries differ from entry 3 on
        grow(fork, 3, "a");
        grow(fork, 8, "b");
        assertThat(submit(log, 0, 5)).isInstanceOf(Cosigned.class);
        // the fork at the same size: the roots differ
        assertThat(submit(fork, 5, 5)).isInstanceOfSatisfying(Refused.class, r -> {
            assertThat(r.refusal()).isEqualTo(Refusal.INCONSISTENT);
            assertThat(r.message()).endsWith("roots of size 5 differ");
        });
        // the fork grown further, with its own (internally valid) proof from size 5
        assertThat(submit(fork, 5, 8)).extracting(AddCheckpointOutcome::status).isEqualTo(422);
        assertThat(store.latest(ORIGIN)).hasValueSatisfying(l -> assertThat(l.root()).isEqualTo(log.root(5)));
        // the honest log goes on being cosigned
        grow(log, 8, "a");
        assertThat(submit(log, 5, 8)).isInstanceOf(Cosigned.class);
    }

    @Test
    void twoRequestsFromOneOldSizeCannotBothSucceed() throws Exception {
        grow(log, 30, "a");
        assertThat(submit(log, 0, 10)).isInstanceOf(Cosigned.class);
        int n = 12;
        List<Future<AddCheckpointOutcome>> results = new ArrayList<>();
        CountDownLatch go = new CountDownLatch(1);
        try (ExecutorService pool = Executors.newFixedThreadPool(n)) {
            for (int i = 0; i < n; i++) {
                long size = 11 + i;
                byte[] body = new AddCheckpointRequest(10, log.consistencyProof(10, size), note(log, size)).body();
                results.add(pool.submit(() -> {
                    go.await();
                    return witness.addCheckpoint(body);
                }));
            }
            go.countDown();
            List<AddCheckpointOutcome> outcomes = new ArrayList<>();
            for (Future<AddCheckpointOutcome> f : results) {
                outcomes.add(f.get());
            }
            List<Cosigned> won = outcomes.stream().filter(Cosigned.class::isInstance).map(Cosigned.class::cast).toList();
            assertThat(won).hasSize(1);
            long winner = won.get(0).checkpoint().size();
            assertThat(outcomes).filteredOn(o -> !(o instanceof Cosigned)).allSatisfy(o -> assertThat(o).isEqualTo(new Conflict(winner)));
            assertThat(store.latest(ORIGIN)).hasValueSatisfying(l -> assertThat(l.size()).isEqualTo(winner));
        }
    }

    @Test
    void theStoreMovesOnlyFromWhatItHolds() {
        assertThat(store.compareAndSet(ORIGIN, Optional.empty(), 3, new byte[32], "n3")).isTrue();
        assertThat(store.compareAndSet(ORIGIN, Optional.empty(), 4, new byte[32], "n4")).isFalse();
        WitnessStore.Latest at3 = store.latest(ORIGIN).orElseThrow();
        assertThat(store.compareAndSet(ORIGIN, Optional.of(at3), 5, new byte[32], "n5")).isTrue();
        assertThat(store.compareAndSet(ORIGIN, Optional.of(at3), 6, new byte[32], "n6")).isFalse();
        byte[] otherRoot = new byte[32];
        otherRoot[0] = 1;
        assertThat(store.compareAndSet(ORIGIN, Optional.of(new WitnessStore.Latest(5, otherRoot, "")), 7, new byte[32], "n7")).isFalse();
        assertThat(store.latest(ORIGIN)).hasValueSatisfying(l -> {
            assertThat(l.size()).isEqualTo(5);
            assertThat(l.note()).isEqualTo("n5");
        });
    }

    @Test
    void theStateOutlivesTheProcess() {
        grow(log, 6, "a");
        assertThat(submit(log, 0, 6)).isInstanceOf(Cosigned.class);
        store.close();
        store = WitnessStore.open(dir.resolve("witness.db").toString());
        witness = new Witness(witnessKey, KnownLogs.of(List.of(logKey.verifier())), store, Clock.systemUTC());
        assertThat(submit(log, 0, 6)).isEqualTo(new Conflict(6));
        assertThat(submit(log, 6, 6)).asInstanceOf(InstanceOfAssertFactories.type(Cosigned.class))
                .satisfies(c -> assertThat(c.cosignatures().get(0).timestamp()).isGreaterThan(NOW.getEpochSecond()));
    }

    @Test
    void aClockBefore1970CannotDateACosignature() {
        grow(log, 1, "a");
        Witness stopped = new Witness(witnessKey, KnownLogs.of(List.of(logKey.verifier())), store, Clock.fixed(Instant.EPOCH, ZoneOffset.UTC));
        byte[] body = new AddCheckpointRequest(0, List.of(), note(log, 1)).body();
        assertThatThrownBy(() -> stopped.addCheckpoint(body)).isInstanceOf(IllegalStateException.class).hasMessageContaining("after 1970");
        assertThat(store.latest(ORIGIN)).isEmpty();
    }

    @Test
    void aDatabaseThatIsNotSqliteIsRefused() {
        assertThatThrownBy(() -> WitnessStore.open("jdbc:postgresql://localhost/witness")).hasMessageContaining("is not SQLite");
        assertThatThrownBy(() -> WitnessStore.open("jdbc:mysql://x")).hasMessageContaining("neither jdbc:sqlite: nor jdbc:postgresql:");
    }
}
