package dev.veto.ledger.note;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** C2SP cosignature/v1: published vectors, signing and verifying, and an independent check of the bytes. */
class CosignatureTest {
    // --- Vectors copied from other implementations; kept to these few lines. ---

    // sigsum-go, pkg/checkpoint/checkpoint_test.go (TestCheckpointCosignVerify and
    // TestCheckpointVerifyCosignatureByKey), BSD-2-Clause, Copyright (c) 2021 The Sigsum Project
    // Authors: the Ed25519 seed {17, 0, …, 0} cosigns the checkpoint below at time 1234 under the
    // name "example.org/witness", giving exactly this line. The key text is that seed in our
    // PRIVATE+KEY form (written here, not copied).
    static final String SIGSUM_KEY = "PRIVATE+KEY+example.org/witness+3a5b06d5+AREAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";
    static final String SIGSUM_CHECKPOINT = "example.org/log\n10\nHA5HAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\n";
    static final long SIGSUM_TIME = 1234;
    static final String SIGSUM_LINE = "— example.org/witness ys8uUAAAAAAAAATSftMzceM8zssdZ9jin9SjwIxzx9iADMf63VqirX2hafol9RsqNqbofIz0LVRqHXI2kpEBSki5RTXFtxz1vo9+Cg==\n";

    // transparency-dev/formats, note/note_cosigv1_test.go (TestCoSigV1NewVerifier,
    // TestCoSigV1Timestamp), BSD-style license of The Go Authors per the file's header: a
    // published cosignature/v1 verifier key (type 0x04), and a cosignature whose timestamp is
    // 1727964367.
    static final String FORMATS_VKEY = "remora.n621.de+da77ade7+BOvN63jn/bLvkieywe8R6UYAtVtNbZpXh34x7onlmtw2";
    static final String FORMATS_COSIG = "ZGhGuQAAAABm/qTPeyKXD+R2rzyQsxPiP8mXum7qq/iF0u4vanlqJyocWODBt97w9uL+8qT7S5gxEHWWOworDcFiEBYJXORmnFBOBA==";

    // C2SP tlog-cosignature.md, its example (CC BY 4.0, c2sp.org): the cosignature line of
    // witness.example.com/w1 carries the timestamp of the example signed message below.
    static final String SPEC_LINE = "— witness.example.com/w1 jWbPPwAAAABkGFDLEZMHwSRaJNiIDoe9DYn/zXcrtPHeolMI5OWXEhZCB9dlrDJsX3b2oyin1nPZqhf5nNo0xUe+mbIUBkBIfZ+qnA==\n";
    static final String SPEC_MESSAGE = "cosignature/v1\ntime 1679315147\nexample.com/behind-the-sofa\n20852163\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n";

    @Test
    void theSigsumVectorIsReproducedByteForByte() throws Exception {
        CosignerKey key = CosignerKey.parse(SIGSUM_KEY);
        Cosignature c = key.cosign(SIGSUM_CHECKPOINT, SIGSUM_TIME);
        assertThat(c.line()).isEqualTo(SIGSUM_LINE);
        assertThat(NoteKeys.hex(key.verifier().keyHash())).isEqualTo("cacf2e50");
        assertThat(key.verifier().verify(SIGSUM_CHECKPOINT, c)).isTrue();
    }

    @Test
    void theSigsumLineVerifiesOnTheCheckpointAndNotOnAnother() throws Exception {
        CosignerVerifierKey v = CosignerKey.parse(SIGSUM_KEY).verifier();
        SignedNote note = SignedNote.parse(SIGSUM_CHECKPOINT + "\n" + SIGSUM_LINE);
        assertThat(v.verifiedOn(note)).hasValueSatisfying(c -> assertThat(c.timestamp()).isEqualTo(SIGSUM_TIME));
        SignedNote other = SignedNote.parse(SIGSUM_CHECKPOINT.replace("\n10\n", "\n11\n") + "\n" + SIGSUM_LINE);
        assertThatThrownBy(() -> v.verifiedOn(other)).isInstanceOf(NoteException.class)
                .hasMessage("cosignature by witness \"example.org/witness\" at time 1234 does not verify");
    }

    @Test
    void publishedKeyIdsAndTimestampsParse() throws Exception {
        CosignerVerifierKey k = CosignerVerifierKey.parse(FORMATS_VKEY);
        assertThat(k.name()).isEqualTo("remora.n621.de");
        assertThat(NoteKeys.hex(k.keyHash())).isEqualTo("da77ade7");
        assertThat(k.toString()).isEqualTo(FORMATS_VKEY);

        Optional<Cosignature> c = Cosignature.of(new SignedNote.NoteSignature("w", 0, Arrays.copyOfRange(Base64.getDecoder().decode(FORMATS_COSIG), 4, 76)));
        assertThat(c).hasValueSatisfying(x -> assertThat(x.timestamp()).isEqualTo(1727964367L));

        SignedNote.NoteSignature spec = SignedNote.parse("x\n\n" + SPEC_LINE).signatures().get(0);
        assertThat(NoteKeys.hex(spec.keyHash())).isEqualTo("8d66cf3f");
        assertThat(Cosignature.of(spec)).hasValueSatisfying(x -> assertThat(x.timestamp()).isEqualTo(1679315147L));
        assertThat(new String(Cosignature.message("example.com/behind-the-sofa\n20852163\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n", 1679315147L),
                StandardCharsets.UTF_8)).isEqualTo(SPEC_MESSAGE);
    }

    @Test
    void aKeyIsItsTypeAndNoOther() throws Exception {
        CosignerKey key = CosignerKey.generate("witness.example/w1");
        String vkey = key.verifier().toString();
        assertThat(Base64.getDecoder().decode(vkey.split("\\+", 3)[2])[0]).isEqualTo((byte) 0x04);
        assertThat(CosignerVerifierKey.parse(vkey)).isEqualTo(key.verifier());
        // The same Ed25519 key as a plain note key has another type and so another key ID.
        SignerKey plain = SignerKey.parse(key.encode());
        assertThat(plain.verifier().keyHash()).isNotEqualTo(key.verifier().keyHash());
        assertThatThrownBy(() -> CosignerVerifierKey.parse(plain.verifier().toString())).isInstanceOf(NoteException.class)
                .hasMessageContaining("is not a cosignature/v1 key (0x04 and 32 bytes)");
        assertThatThrownBy(() -> VerifierKey.parse(vkey)).isInstanceOf(NoteException.class)
                .hasMessageContaining("is not an Ed25519 key (0x01 and 32 bytes)");
        assertThatThrownBy(() -> CosignerVerifierKey.parse(vkey.replace("+" + NoteKeys.hex(key.verifier().keyHash()) + "+", "+00000000+")))
                .hasMessageContaining("does not match its key");
    }

    @Test
    void aCosignatureIsNoLogSignatureAndALogSignatureNoCosignature() throws Exception {
        SignerKey log = SignerKey.generate("example.org/log");
        CosignerKey witness = CosignerKey.of(log); // the same Ed25519 key in both roles: still told apart
        String note = SignedNote.sign(SIGSUM_CHECKPOINT, log) + witness.cosign(SIGSUM_CHECKPOINT, 5).line();
        SignedNote opened = SignedNote.open(note, List.of(log.verifier()));
        assertThat(opened.verifiedBy()).containsExactly("example.org/log");
        assertThat(witness.verifier().verifiedOn(opened)).isPresent();
        // A plain signature by the key, renamed under the cosigner's key ID, is not a cosignature.
        SignedNote.NoteSignature plain = opened.signatures().get(0);
        String forged = SIGSUM_CHECKPOINT + "\n" + new SignedNote.NoteSignature("example.org/log", witness.verifier().keyHash(), plain.signature()).line();
        assertThatThrownBy(() -> witness.verifier().verifiedOn(SignedNote.parse(forged))).hasMessageContaining("is not a cosignature/v1");
    }

    @Test
    void theSignatureCoversTimeAndEveryLineIncludingExtensions() throws Exception {
        CosignerKey key = CosignerKey.generate("witness.example/w1");
        String text = SIGSUM_CHECKPOINT + "extension one\n";
        Cosignature c = key.cosign(text, 1_700_000_000L);
        assertThat(key.verifier().verify(text, c)).isTrue();
        assertThat(key.verifier().verify(text.replace("one", "two"), c)).isFalse();
        assertThat(key.verifier().verify(SIGSUM_CHECKPOINT, c)).isFalse();
        assertThat(key.verifier().verify(text, new Cosignature(c.name(), c.keyHash(), c.timestamp() + 1, c.signature()))).isFalse();
        assertThat(key.verifier().verify(text, new Cosignature("other.example/w", c.keyHash(), c.timestamp(), c.signature()))).isFalse();
        assertThat(c.time()).hasToString("2023-11-14T22:13:20Z");
    }

    @Test
    void onlyCheckpointsAreCosigned() throws Exception {
        CosignerKey key = CosignerKey.generate("witness.example/w1");
        assertThatThrownBy(() -> key.cosign("just a note\n", 1)).isInstanceOf(NoteException.class).hasMessageContaining("checkpoint");
        String wrongEmpty = "example.org/log\n0\n" + Base64.getEncoder().encodeToString(new byte[32]) + "\n";
        assertThatThrownBy(() -> key.cosign(wrongEmpty, 1)).hasMessageContaining("size 0 must have the empty tree's root");
        String empty = "example.org/log\n0\n47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=\n";
        assertThat(key.verifier().verify(empty, key.cosign(empty, 1))).isTrue();
        assertThatThrownBy(() -> key.cosign(SIGSUM_CHECKPOINT, -1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aPayloadThatIsNoCosignatureIsRecognised() {
        byte[] big = new byte[72];
        big[0] = (byte) 0x80; // a timestamp above 2^63 - 1
        assertThat(Cosignature.of(new SignedNote.NoteSignature("w", 0, big))).isEmpty();
        assertThat(Cosignature.of(new SignedNote.NoteSignature("w", 0, new byte[64]))).isEmpty();
        assertThat(Cosignature.of(new SignedNote.NoteSignature("w", 0, new byte[73]))).isEmpty();
        assertThat(Cosignature.of(new SignedNote.NoteSignature("w", 0, new byte[72]))).hasValueSatisfying(c -> assertThat(c.timestamp()).isZero());
    }

    /**
     * A second reading of the spec, written apart from the classes under test with the JDK alone,
     * so that a misunderstanding shared by our signer and verifier would show: the line is
     * "— name base64(key ID ‖ u64 timestamp ‖ Ed25519 signature)", the key ID is
     * SHA-256(name ‖ "\n" ‖ 0x04 ‖ public key)[:4], the message is
     * "cosignature/v1\ntime &lt;t&gt;\n" and the checkpoint text.
     */
    @Test
    void anIndependentCheckAcceptsOurCosignature() throws Exception {
        CosignerKey key = CosignerKey.generate("witness.example/w2");
        String checkpoint = "veto.example/log\n3\n" + Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256").digest("x".getBytes())) + "\n";
        String line = key.cosign(checkpoint, 1_712_345_678L).line();
        byte[] pub = Arrays.copyOfRange(Base64.getDecoder().decode(key.verifier().toString().split("\\+", 3)[2]), 1, 33);

        assertThat(line).startsWith("\u2014 witness.example/w2 ").endsWith("\n");
        byte[] raw = Base64.getDecoder().decode(line.substring("\u2014 witness.example/w2 ".length(), line.length() - 1));
        assertThat(raw).hasSize(4 + 8 + 64);
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        sha.update("witness.example/w2\n".getBytes(StandardCharsets.UTF_8));
        sha.update((byte) 0x04);
        sha.update(pub);
        assertThat(Arrays.copyOfRange(raw, 0, 4)).isEqualTo(Arrays.copyOf(sha.digest(), 4));
        long t = java.nio.ByteBuffer.wrap(raw, 4, 8).getLong();
        assertThat(t).isEqualTo(1_712_345_678L);
        byte[] message = ("cosignature/v1\ntime " + t + "\n" + checkpoint).getBytes(StandardCharsets.UTF_8);

        byte[] spki = new byte[44];
        System.arraycopy(new byte[] {0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00}, 0, spki, 0, 12);
        System.arraycopy(pub, 0, spki, 12, 32);
        Signature ed = Signature.getInstance("Ed25519");
        ed.initVerify(KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(spki)));
        ed.update(message);
        assertThat(ed.verify(Arrays.copyOfRange(raw, 12, 76))).isTrue();
        ed.initVerify(KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(spki)));
        ed.update(checkpoint.getBytes(StandardCharsets.UTF_8)); // the bare text is not what is signed
        assertThat(ed.verify(Arrays.copyOfRange(raw, 12, 76))).isFalse();
    }
}
