package dev.veto.ledger.note;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.veto.ledger.Conformance;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Signed-note and checkpoint vectors of vectors.json, and key handling. */
class NoteVectorsTest {
    private static final JsonNode V = JsonMapper.builder().build().readTree(Conformance.dir().resolve("transparency-log/vectors.json").toFile());

    @Test
    void signingReproducesTheNoteByteForByte() throws Exception {
        JsonNode n = V.get("signed_note");
        SignerKey signer = SignerKey.parse(n.get("signer_key").asString());
        assertThat(signer.verifier().toString()).isEqualTo(n.get("verifier_key").asString());
        assertThat(signer.encode()).isEqualTo(n.get("signer_key").asString());
        String note = SignedNote.sign(n.get("text").asString(), signer);
        assertThat(note).isEqualTo(n.get("signed_note").asString());
        SignedNote opened = SignedNote.open(note, List.of(VerifierKey.parse(n.get("verifier_key").asString())));
        assertThat(opened.text()).isEqualTo(n.get("text").asString());
        assertThat(opened.verifiedBy()).containsExactly("PeterNeumann");
    }

    @Test
    void aSecondSignatureByAnotherKeyVerifies() throws Exception {
        JsonNode n = V.get("signed_note");
        String note = n.get("signed_note").asString() + n.get("second_signature_line").asString();
        VerifierKey second = VerifierKey.parse(n.get("second_verifier_key").asString());
        VerifierKey first = VerifierKey.parse(n.get("verifier_key").asString());
        assertThat(SignedNote.open(note, List.of(second)).verifiedBy()).containsExactly("EnochRoot");
        assertThat(SignedNote.open(note, List.of(first, second)).verifiedBy()).containsExactlyInAnyOrder("PeterNeumann", "EnochRoot");
        assertThat(SignedNote.open(note, List.of(first)).signatures()).hasSize(2);
    }

    @Test
    void aChangedTextOrUnknownKeyFails() throws Exception {
        JsonNode n = V.get("signed_note");
        VerifierKey key = VerifierKey.parse(n.get("verifier_key").asString());
        String note = n.get("signed_note").asString();
        assertThatThrownBy(() -> SignedNote.open(note.replace("answer", "answor"), List.of(key)))
                .isInstanceOf(NoteException.class).hasMessageContaining("does not verify");
        assertThatThrownBy(() -> SignedNote.open(note, List.of(VerifierKey.parse(n.get("second_verifier_key").asString()))))
                .isInstanceOf(NoteException.class).hasMessageContaining("no signature by a known key");
    }

    @Test
    void productionCheckpointVerifiesAndParses() throws Exception {
        JsonNode p = V.get("production_checkpoint");
        SignedNote note = SignedNote.open(p.get("signed_note").asString(), List.of(VerifierKey.parse(p.get("verifier_key").asString())));
        Checkpoint c = Checkpoint.parse(note.text());
        assertThat(c.origin()).isEqualTo(p.get("origin").asString());
        assertThat(c.size()).isEqualTo(p.get("size").asLong());
        assertThat(c.root()).isEqualTo(Base64.getDecoder().decode(p.get("root_base64").asString()));
        assertThat(c.text()).isEqualTo(note.text());
    }

    @Test
    void checkpointsRoundTripWithExtensions() throws Exception {
        Checkpoint c = new Checkpoint("example.org/log", 42, new byte[32], List.of("ext one"));
        assertThat(Checkpoint.parse(c.text())).isEqualTo(c);
        assertThatThrownBy(() -> Checkpoint.parse("o\n01\nAAAA\n")).hasMessageContaining("\"01\"");
    }

    @Test
    void keysAreSavedWithMode600AndLoadBack(@TempDir Path dir) throws Exception {
        SignerKey k = SignerKey.generate("veto.example/log");
        Path f = dir.resolve("signer.key");
        k.save(f);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(f))).isEqualTo("rw-------");
        SignerKey back = SignerKey.load(f);
        assertThat(back.verifier()).isEqualTo(k.verifier());
        assertThat(VerifierKey.parse(k.verifier().toString())).isEqualTo(k.verifier());
        assertThat(k.toString()).doesNotContain("PRIVATE");
        String note = SignedNote.sign("hello\n", back);
        assertThat(SignedNote.open(note, List.of(k.verifier())).verifiedBy()).containsExactly("veto.example/log");
    }

    @Test
    void badKeysAreRejectedWithTheOffendingPart() {
        assertThatThrownBy(() -> VerifierKey.parse("PeterNeumann+c74f20a4+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW"))
                .hasMessageContaining("c74f20a4");
        assertThatThrownBy(() -> VerifierKey.parse("nope")).hasMessageContaining("\"nope\"");
        assertThatThrownBy(() -> SignerKey.parse("KEY+x")).hasMessageContaining("PRIVATE+KEY+");
    }
}
