package dev.veto.server;

import static dev.veto.server.Platform.ok;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.veto.control.Receipts;
import dev.veto.ledger.note.CosignedCheckpoint;
import dev.veto.ledger.note.CosignerKey;
import dev.veto.ledger.note.CosignerVerifierKey;
import dev.veto.ledger.note.NoteException;
import dev.veto.ledger.note.SignerKey;
import dev.veto.ledger.note.VerifierKey;
import dev.veto.ledger.note.WitnessQuorum;
import dev.veto.ledger.witness.KnownLogs;
import dev.veto.ledger.witness.Witness;
import dev.veto.ledger.witness.WitnessStore;
import dev.veto.server.witness.WitnessServer;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A log with three witnesses: every checkpoint goes to them, {@code /log/checkpoint} carries their
 * cosignatures, and a customer's receipt of its notice verifies offline against the log's key and
 * a quorum of the witnesses; any alteration of the receipt is found and named.
 */
class WitnessedLogTest {
    @TempDir
    Path dir;
    private SignerKey logKey;
    private final List<WitnessServer> witnesses = new ArrayList<>();
    private final List<WitnessStore> stores = new ArrayList<>();
    private final List<CosignerVerifierKey> witnessKeys = new ArrayList<>();
    private Platform p;

    @BeforeEach
    void start() throws Exception {
        logKey = SignerKey.generate(Platform.ORIGIN);
        List<Cosigning.Witness> specs = new ArrayList<>();
        for (int i = 1; i <= 3; i++) {
            CosignerKey k = CosignerKey.generate("witness" + i + ".example/w");
            WitnessStore store = WitnessStore.open(dir.resolve("witness" + i + ".db").toString());
            WitnessServer w = WitnessServer.start(new Witness(k, KnownLogs.of(List.of(logKey.verifier())), store, Clock.systemUTC()),
                    "127.0.0.1", 0, AccessLog.discard());
            stores.add(store);
            witnesses.add(w);
            witnessKeys.add(k.verifier());
            specs.add(Cosigning.Witness.parse(k.verifier() + "=http://127.0.0.1:" + w.port() + "/"));
        }
        p = new Platform(dir, new VetoServer.Options("127.0.0.1", 0, AccessLog.failuresTo(System.err), null, null, specs), logKey);
    }

    @AfterEach
    void stop() {
        p.close();
        witnesses.forEach(WitnessServer::close);
        stores.forEach(WitnessStore::close);
    }

    private VerifierKey logVerifier() {
        return p.plane.events().log().verifierKey();
    }

    /** The served checkpoint once it covers the state and carries {@code k} of the witnesses' cosignatures. */
    private CosignedCheckpoint awaitCosigned(int k) throws Exception {
        long want = p.revision();
        WitnessQuorum quorum = new WitnessQuorum(witnessKeys, k);
        NoteException last = null;
        for (int i = 0; i < 100; i++) {
            String note = p.api.get("/log/checkpoint", null).body();
            try {
                CosignedCheckpoint c = quorum.open(note, List.of(logVerifier()));
                if (c.checkpoint().size() >= want) {
                    return c;
                }
            } catch (NoteException e) {
                last = e;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no checkpoint of size " + want + " with " + k + " cosignatures in 5 s: " + last);
    }

    @Test
    void everyCheckpointIsCosignedAndTheCustomersReceiptVerifiesOffline() throws Exception {
        SignerKey stranger = SignerKey.generate(Platform.ORIGIN);
        p.enforce(p.propose(p.openCase("mx/u42"), "mx/u42", ""));
        CosignedCheckpoint c = awaitCosigned(3);
        assertThat(c.cosignatures()).hasSize(3);
        JsonNode health = ok(p.api.get("/health", null));
        for (JsonNode w : health.get("witnesses")) {
            assertThat(w.get("cosignedSize").asLong()).as(w.toString()).isEqualTo(c.checkpoint().size());
            assertThat(w.has("lastError")).as(w.toString()).isFalse();
        }

        JsonNode receipt = ok(p.api.get("/v1/notices/N-0001-1/receipt", p.t("mx-legal")));
        Receipts.Verified v = Receipts.verify(receipt, logVerifier(), new WitnessQuorum(witnessKeys, 3));
        assertThat(v.notice()).isEqualTo("N-0001-1");
        assertThat(v.cosignatures()).isEqualTo(3);
        assertThat(v.entries()).isGreaterThanOrEqualTo(7); // case, evidence, finding, proposal, two approvals, enforcement, notice
        assertThat(Receipts.verify(receipt, logVerifier(), null).size()).isEqualTo(v.size());
        p.refused(p.api.get("/v1/notices/N-0001-1/receipt", p.t("oc-legal")), 404, "no notice");
        p.refused(p.api.get("/v1/notices/N-0001-1/receipt", null), 401, "missing bearer token");

        // every alteration is found, and named
        WitnessQuorum all = new WitnessQuorum(witnessKeys, 3);
        rejected(receipt, r -> put(r, "notice", "text", r.get("notice").get("text").asString().replace("30", "90")), all, "notice: its letter");
        rejected(receipt, r -> put(r, "notice", "appealDeadline", "2030-01-01T00:00:00Z"), all, "appeal deadline");
        rejected(receipt, r -> put(r, "notice", "org", "oc"), all, "addressed to organization");
        rejected(receipt, r -> flipPart(r, "data"), all, "does not match its commitment");
        rejected(receipt, r -> flipPart(r, "salt"), all, "does not match its commitment");
        rejected(receipt, r -> {
            flip((ObjectNode) r.get("entries").get(0), "entry");
            return r;
        }, all, "inclusion proof");
        rejected(receipt, r -> flipProof(r), all, "inclusion proof");
        rejected(receipt, r -> r.put("checkpoint", r.get("checkpoint").asString().replaceFirst("\n\\d+\n", "\n99999\n")), all, "checkpoint:");
        rejected(receipt, r -> r.put("checkpoint", dropLastLine(r.get("checkpoint").asString())), all, "checkpoint:");
        assertThatThrownBy(() -> Receipts.verify(receipt, stranger.verifier(), null))
                .isInstanceOf(Receipts.Invalid.class).hasMessageStartingWith("checkpoint:");
    }

    @Test
    void aWitnessThatIsDownIsReportedAndTheOthersStillCosign() throws Exception {
        p.openCase("mx/u42");
        awaitCosigned(3);
        witnesses.get(2).close();
        p.openCase("mx/u41");
        CosignedCheckpoint c = awaitCosigned(2);
        assertThat(c.cosignatures()).hasSize(2);
        assertThatThrownBy(() -> new WitnessQuorum(witnessKeys, 3).open(p.api.get("/log/checkpoint", null).body(), List.of(logVerifier())))
                .isInstanceOf(NoteException.class);
        JsonNode third = ok(p.api.get("/health", null)).get("witnesses").get(2);
        assertThat(third.get("lastError").asString()).isNotBlank();
        // what the witnesses cosigned is stored with the log: a server starting on it serves it at once
        try (Cosigning again = new Cosigning(p.plane.events().log(), List.of())) {
            assertThat(again.published().size()).isEqualTo(c.checkpoint().size());
            assertThat(new WitnessQuorum(witnessKeys, 2).open(again.published().note(), List.of(logVerifier())).cosignatures()).hasSize(2);
        }
    }

    private static void rejected(JsonNode receipt, UnaryOperator<ObjectNode> change, WitnessQuorum quorum, String why) {
        ObjectNode altered = change.apply((ObjectNode) receipt.deepCopy());
        assertThatThrownBy(() -> Receipts.verify(altered, keyOf(receipt), quorum)).as(why)
                .isInstanceOf(Receipts.Invalid.class).hasMessageContaining(why);
    }

    private static VerifierKey keyOf(JsonNode receipt) {
        try {
            return VerifierKey.parse(receipt.get("log").get("key").asString());
        } catch (NoteException e) {
            throw new AssertionError(e);
        }
    }

    private static ObjectNode put(ObjectNode r, String object, String field, String value) {
        ((ObjectNode) r.get(object)).put(field, value);
        return r;
    }

    private static ObjectNode flipPart(ObjectNode r, String which) {
        flip((ObjectNode) r.get("entries").get(0).get("parts").get("state"), which);
        return r;
    }

    private static ObjectNode flip(ObjectNode o, String field) {
        byte[] b = Base64.getDecoder().decode(o.get(field).asString());
        b[b.length / 2] ^= 1;
        o.put(field, Base64.getEncoder().encodeToString(b));
        return o;
    }

    private static ObjectNode flipProof(ObjectNode r) {
        ArrayNode proof = (ArrayNode) r.get("entries").get(1).get("proof");
        byte[] b = Base64.getDecoder().decode(proof.get(0).asString());
        b[0] ^= 1;
        proof.set(0, Base64.getEncoder().encodeToString(b));
        return r;
    }

    private static String dropLastLine(String note) {
        String trimmed = note.substring(0, note.length() - 1);
        return trimmed.substring(0, trimmed.lastIndexOf('\n') + 1);
    }
}
