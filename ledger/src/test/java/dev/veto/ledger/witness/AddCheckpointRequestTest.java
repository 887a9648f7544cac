package dev.veto.ledger.witness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The add-checkpoint request body of c2sp.org/tlog-witness, read and written. */
class AddCheckpointRequestTest {
    // The example request of C2SP tlog-witness.md, "add-checkpoint" (CC BY 4.0, c2sp.org).
    static final String SPEC_REQUEST = """
            old 20852014
            PlRNCrwHpqhGrupue0L7gxbjbMiKA9temvuZZDDpkaw=
            jrJZDmY8Y7SyJE0MWLpLozkIVMSMZcD5kvuKxPC3swk=
            5+pKlUdi2LeF/BcMHBn+Ku6yhPGNCswZZD1X/6QgPd8=
            /6WVhPs2CwSsb5rYBH5cjHV/wSmA79abXAwhXw3Kj/0=

            example.com/behind-the-sofa
            20852163
            CsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=

            — example.com/behind-the-sofa Az3grlgtzPICa5OS8npVmf1Myq/5IZniMp+ZJurmRDeOoRDe4URYN7u5/Zhcyv2q1gGzGku9nTo+zyWE+xeMcTOAYQ8=
            — example.com/behind-the-sofa opLqBQsREYCgu6xQkYQwJr9fo45a62DN9EdmHXnZdXNqlcVGlCum2Wks+49/V6267UEjw6QUXTS5Rovnzv++qbSzm9Q=
            """;

    @Test
    void theSpecExampleParsesAndIsWrittenBackByteForByte() throws Exception {
        AddCheckpointRequest r = AddCheckpointRequest.parse(SPEC_REQUEST.getBytes(StandardCharsets.UTF_8));
        assertThat(r.oldSize()).isEqualTo(20852014L);
        assertThat(r.proof()).hasSize(4);
        assertThat(Base64.getEncoder().encodeToString(r.proof().get(3))).isEqualTo("/6WVhPs2CwSsb5rYBH5cjHV/wSmA79abXAwhXw3Kj/0=");
        assertThat(r.note()).startsWith("example.com/behind-the-sofa\n20852163\n").endsWith("zm9Q=\n");
        assertThat(new String(r.body(), StandardCharsets.UTF_8)).isEqualTo(SPEC_REQUEST);
    }

    @Test
    void noProofLinesMeansTheEmptyLineFollowsTheOldSize() throws Exception {
        AddCheckpointRequest r = new AddCheckpointRequest(0, List.of(), "o\n0\nx\n\n— o AAAAAAA=\n");
        assertThat(new String(r.body(), StandardCharsets.UTF_8)).isEqualTo("old 0\n\no\n0\nx\n\n— o AAAAAAA=\n");
        assertThat(AddCheckpointRequest.parse(r.body())).satisfies(p -> {
            assertThat(p.oldSize()).isZero();
            assertThat(p.proof()).isEmpty();
            assertThat(p.note()).isEqualTo(r.note());
        });
    }

    @Test
    void eachRuleOfTheBodyIsEnforcedWithAMessageNamingTheInput() {
        assertMalformed("old 5\nAAAA\n", "request has no empty line");
        assertMalformed("older 5\n\nn\n", "first line \"older 5\" is not \"old <size>\"");
        assertMalformed("old 007\n\nn\n", "old size \"007\" is not a decimal number without leading zeros");
        assertMalformed("old  7\n\nn\n", "old size \" 7\" is not");
        assertMalformed("old 9223372036854775808\n\nn\n", "old size \"9223372036854775808\"");
        assertMalformed("old 7\nAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAB=\n\nn\n",
                "consistency proof line 1 \"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAB=\" is not the base64 of a 32-byte hash");
        assertMalformed("old 7\r\n\nn\n", "old size \"7\r\" is not");
    }

    @Test
    void aRequestCannotBeBuiltAgainstTheRules() {
        assertThatThrownBy(() -> new AddCheckpointRequest(-1, List.of(), "n")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new AddCheckpointRequest(1, List.of(new byte[31]), "n")).hasMessageContaining("31 bytes, not 32");
        assertThatThrownBy(() -> new AddCheckpointRequest(1, java.util.Collections.nCopies(64, new byte[32]), "n")).hasMessageContaining("at most 63");
    }

    private static void assertMalformed(String body, String message) {
        assertThatThrownBy(() -> AddCheckpointRequest.parse(body.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(AddCheckpointRequest.Malformed.class).hasMessageContaining(message);
    }
}
