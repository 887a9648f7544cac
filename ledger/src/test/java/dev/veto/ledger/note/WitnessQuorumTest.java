package dev.veto.ledger.note;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A checkpoint is accepted when the log signed it and at least k distinct known witnesses cosigned it. */
class WitnessQuorumTest {
    static final String TEXT = "veto.example/log\n7\n" + Base64.getEncoder().encodeToString(new byte[32]) + "\n";

    SignerKey log;
    CosignerKey a;
    CosignerKey b;
    CosignerKey c;
    String signed;

    @BeforeEach
    void keys() throws Exception {
        log = SignerKey.generate("veto.example/log");
        a = CosignerKey.generate("witness.example/a");
        b = CosignerKey.generate("witness.example/b");
        c = CosignerKey.generate("witness.example/c");
        signed = SignedNote.sign(TEXT, log);
    }

    WitnessQuorum quorum(int k) {
        return new WitnessQuorum(List.of(a.verifier(), b.verifier(), c.verifier()), k);
    }

    String cosigned(CosignerKey... by) throws NoteException {
        StringBuilder sb = new StringBuilder(signed);
        for (CosignerKey w : by) {
            sb.append(w.cosign(TEXT, 1_700_000_000L).line());
        }
        return sb.toString();
    }

    @Test
    void kDistinctWitnessesAreEnough() throws Exception {
        CosignedCheckpoint cp = quorum(2).open(cosigned(a, c), List.of(log.verifier()));
        assertThat(cp.checkpoint().size()).isEqualTo(7);
        assertThat(cp.cosignatures()).extracting(Cosignature::name).containsExactly("witness.example/a", "witness.example/c");
        assertThat(quorum(3).open(cosigned(c, b, a), List.of(log.verifier())).cosignatures()).hasSize(3);
        assertThat(quorum(0).open(signed, List.of(log.verifier())).cosignatures()).isEmpty();
    }

    @Test
    void fewerThanKIsRefusedSayingWhoSigned() {
        assertThatThrownBy(() -> quorum(2).open(cosigned(b), List.of(log.verifier()))).isInstanceOf(NoteException.class)
                .hasMessage("checkpoint of \"veto.example/log\" at size 7 is cosigned by 1 of the 2 witnesses required (cosigned by: \"witness.example/b\"; "
                        + "known: \"witness.example/a\", \"witness.example/b\", \"witness.example/c\")");
    }

    @Test
    void oneWitnessTwiceCountsOnce() throws Exception {
        String twice = signed + b.cosign(TEXT, 1_700_000_000L).line() + b.cosign(TEXT, 1_700_000_500L).line();
        assertThatThrownBy(() -> quorum(2).open(twice, List.of(log.verifier()))).hasMessageContaining("cosigned by 1 of the 2");
        assertThat(quorum(1).open(twice, List.of(log.verifier())).cosignatures()).singleElement()
                .satisfies(x -> assertThat(x.timestamp()).isEqualTo(1_700_000_500L));
    }

    @Test
    void unknownCosignersAreIgnored() throws Exception {
        CosignerKey stranger = CosignerKey.generate("witness.example/stranger");
        CosignerKey impostor = CosignerKey.generate("witness.example/a"); // a known name, another key and so another key ID
        assertThatThrownBy(() -> quorum(1).open(cosigned(stranger, impostor), List.of(log.verifier()))).hasMessageContaining("cosigned by 0 of the 1");
        assertThat(quorum(1).open(cosigned(stranger, impostor, c), List.of(log.verifier())).cosignatures()).hasSize(1);
    }

    @Test
    void aKnownWitnessLineThatFailsRejectsTheNote() throws Exception {
        Cosignature good = a.cosign(TEXT, 1_700_000_000L);
        Cosignature bad = new Cosignature(good.name(), good.keyHash(), good.timestamp() + 1, good.signature());
        String note = signed + bad.line() + b.cosign(TEXT, 1).line() + c.cosign(TEXT, 1).line();
        assertThatThrownBy(() -> quorum(2).open(note, List.of(log.verifier())))
                .hasMessage("cosignature by witness \"witness.example/a\" at time 1700000001 does not verify");
    }

    @Test
    void theLogsOwnSignatureMustVerify() throws Exception {
        SignerKey other = SignerKey.generate("veto.example/log");
        String byOther = SignedNote.sign(TEXT, other) + a.cosign(TEXT, 1).line() + b.cosign(TEXT, 1).line();
        assertThatThrownBy(() -> quorum(2).open(byOther, List.of(log.verifier()))).hasMessageContaining("no signature by a known key");
        // cosignatures alone, without the log's signature, are not enough
        String onlyCosigned = TEXT + "\n" + a.cosign(TEXT, 1).line() + b.cosign(TEXT, 1).line();
        assertThatThrownBy(() -> quorum(2).open(onlyCosigned, List.of(log.verifier()))).hasMessageContaining("no signature by a known key");
        // and a witness key is not accepted in the log's place
        assertThatThrownBy(() -> quorum(1).open(cosigned(a), List.of(SignerKey.parse(a.encode()).verifier())))
                .hasMessageContaining("no signature by a known key");
    }

    @Test
    void aPolicyCannotCountOneKeyTwiceOrAskTooMuch() throws Exception {
        CosignerVerifierKey renamed = CosignerVerifierKey.of("witness.example/a-again", a.verifier().publicKey());
        assertThatThrownBy(() -> new WitnessQuorum(List.of(a.verifier(), renamed), 2)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("share one public key");
        assertThatThrownBy(() -> quorum(4)).hasMessageContaining("quorum 4 is not between 0 and the 3 witnesses known");
        assertThatThrownBy(() -> quorum(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThat(new WitnessQuorum(List.of(a.verifier(), a.verifier()), 1).witnesses()).hasSize(1);
    }
}
