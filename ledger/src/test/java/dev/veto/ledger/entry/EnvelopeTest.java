package dev.veto.ledger.entry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.veto.ledger.LogRecord;
import dev.veto.ledger.Sealed;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

class EnvelopeTest {
    private static final Instant T = Instant.parse("2026-12-04T10:15:30.123456789Z");

    private static Envelope sample() {
        ObjectNode pub = JsonNodeFactory.instance.objectNode();
        pub.put("principle", "no-mass-surveillance");
        pub.put("id", "C-0001");
        pub.putObject("counts").put("zeta", 2).put("alpha", 1);
        TreeMap<String, byte[]> c = new TreeMap<>();
        c.put("text", PrivatePart.commitment(new byte[32], "b".getBytes(StandardCharsets.UTF_8)));
        c.put("state", PrivatePart.commitment(new byte[32], "a".getBytes(StandardCharsets.UTF_8)));
        return new Envelope("case.opened", 1, T, pub, c);
    }

    @Test
    void isCanonicalJsonWithSortedKeysAtEveryDepth() {
        String text = new String(sample().encode(), StandardCharsets.UTF_8);
        assertThat(text).startsWith("{\"commitments\":{\"state\":\"")
                .contains("\"format\":2,\"public\":{\"counts\":{\"alpha\":1,\"zeta\":2},\"id\":\"C-0001\",\"principle\":\"no-mass-surveillance\"},"
                        + "\"time\":\"2026-12-04T10:15:30.123456789Z\",\"type\":\"case.opened\",\"version\":1}")
                .doesNotContain(" ");
        assertThat(Envelope.decode(sample().encode())).isEqualTo(new Envelope.Valid(sample()));
    }

    @Test
    void theCommitmentIsSha256OfSaltThenData() throws Exception {
        byte[] salt = new byte[32];
        salt[0] = 7;
        byte[] data = "{\"by\":\"rita\"}".getBytes(StandardCharsets.UTF_8);
        byte[] both = new byte[64 + 0 - 32 + data.length];
        System.arraycopy(salt, 0, both, 0, 32);
        System.arraycopy(data, 0, both, 32, data.length);
        assertThat(new PrivatePart("state", salt, data).commitment())
                .isEqualTo(java.security.MessageDigest.getInstance("SHA-256").digest(both));
    }

    @Test
    void onlyTheCanonicalBytesDecode() {
        String good = new String(sample().encode(), StandardCharsets.UTF_8);
        for (String bad : new String[] {
            good.replace("{\"commitments\"", "{ \"commitments\""),                   // whitespace
            good.replace("\"format\":2,", "").replace("{\"commitments\"", "{\"format\":2,\"commitments\""), // key order
            good.replaceFirst("\"state\":\"([0-9a-f]{2})", "\"state\":\"AB"),             // upper-case hex
            good.replace("\"format\":2", "\"format\":3"),
            good.replace(",\"version\":1}", ",\"version\":1,\"extra\":true}"),
            good.replace("\"time\":\"2026-12-04T10:15:30.123456789Z\"", "\"time\":\"yesterday\""),
            "{}", "{", "[1]"}) {
            assertThat(Envelope.decode(bad.getBytes(StandardCharsets.UTF_8))).as(bad).isInstanceOf(Envelope.Invalid.class);
        }
        assertThat(Envelope.isEnvelope(new LogRecord("x", 1, T, new byte[0]).encode())).isFalse();
    }

    @Test
    void aSealedEntryMustCarryExactlyThePartsItsEnvelopeCommitsTo() {
        PrivatePart state = PrivatePart.seal("state", "{\"by\":\"rita\"}".getBytes(StandardCharsets.UTF_8));
        TreeMap<String, byte[]> c = new TreeMap<>();
        c.put("state", state.commitment());
        Envelope env = new Envelope("case.opened", 1, T, null, c);
        assertThat(Sealed.of(env, java.util.List.of(state)).parts()).containsExactly(state);
        PrivatePart other = PrivatePart.seal("state", "{\"by\":\"mallory\"}".getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> Sealed.of(env, java.util.List.of(other))).hasMessageContaining("does not match the envelope's commitment");
        assertThatThrownBy(() -> Sealed.of(env, java.util.List.of())).hasMessageContaining("commits to parts [state]");
        assertThatThrownBy(() -> new Sealed("raw".getBytes(StandardCharsets.UTF_8), java.util.List.of(state), java.util.List.of()))
                .hasMessageContaining("only a format 2 envelope");
    }
}
