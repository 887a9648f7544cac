package dev.veto.ledger.merkle;

import static org.assertj.core.api.Assertions.assertThat;

import dev.veto.ledger.Conformance;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Runs every RFC 6962 probe of the shared conformance corpus: valid ones verify, corrupted ones fail. */
class MerkleConformanceTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    static Stream<Path> inclusionProbes() throws IOException {
        return probes("inclusion");
    }

    static Stream<Path> consistencyProbes() throws IOException {
        return probes("consistency");
    }

    private static Stream<Path> probes(String kind) throws IOException {
        Path dir = Conformance.dir().resolve("transparency-log/merkle").resolve(kind);
        List<Path> files;
        try (Stream<Path> s = Files.walk(dir)) {
            files = s.filter(p -> p.toString().endsWith(".json")).sorted().toList();
        }
        return files.stream();
    }

    @Test
    void theCorpusIsThere() throws IOException {
        assertThat(inclusionProbes().count()).isGreaterThan(50);
        assertThat(consistencyProbes().count()).isGreaterThan(50);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("inclusionProbes")
    void inclusion(Path file) throws IOException {
        JsonNode p = JSON.readTree(file.toFile());
        Verdict v = ProofVerifier.inclusion(
                u64(p.get("leafIdx")), u64(p.get("treeSize")), b64(p.get("leafHash")), hashes(p.get("proof")), b64(p.get("root")));
        assertThat(v.holds()).as("%s: %s", p.get("desc").asString(), v).isEqualTo(!p.get("wantErr").asBoolean());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("consistencyProbes")
    void consistency(Path file) throws IOException {
        JsonNode p = JSON.readTree(file.toFile());
        Verdict v = ProofVerifier.consistency(
                u64(p.get("size1")), u64(p.get("size2")), hashes(p.get("proof")), b64(p.get("root1")), b64(p.get("root2")));
        assertThat(v.holds()).as("%s: %s", p.get("desc").asString(), v).isEqualTo(!p.get("wantErr").asBoolean());
    }

    /**
     * The probes hold uint64 values; Java's long is signed, so values of 2^63 and more wrap to
     * negative numbers, which the verifier rejects as it must (no log is that large).
     */
    private static long u64(JsonNode n) {
        return n.bigIntegerValue().longValue();
    }

    private static byte[] b64(JsonNode n) {
        return n == null || n.isNull() ? new byte[0] : Base64.getDecoder().decode(n.asString());
    }

    private static List<byte[]> hashes(JsonNode n) {
        List<byte[]> out = new ArrayList<>();
        if (n != null && !n.isNull()) {
            n.forEach(h -> out.add(b64(h)));
        }
        return out;
    }
}
