package dev.veto.ledger.merkle;

import static org.assertj.core.api.Assertions.assertThat;

import dev.veto.ledger.Conformance;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The 8-leaf tree of vectors.json: the root of every prefix. */
class TreeVectorsTest {
    @Test
    void rootOfEveryPrefix() {
        JsonNode v = JsonMapper.builder().build().readTree(Conformance.dir().resolve("transparency-log/vectors.json").toFile()).get("rfc6962_tree");
        HexFormat hex = HexFormat.of();
        List<byte[]> leaves = new ArrayList<>();
        v.get("leaves_hex").forEach(l -> leaves.add(hex.parseHex(l.asString())));
        HashListTree tree = HashListTree.ofEntries(leaves);
        JsonNode roots = v.get("roots_hex");
        assertThat(roots.size()).isEqualTo(leaves.size() + 1);
        for (int n = 0; n <= leaves.size(); n++) {
            assertThat(hex.formatHex(Proofs.root(n, tree))).as("root of size %d", n).isEqualTo(roots.get(n).asString());
            assertThat(hex.formatHex(HashListTree.ofEntries(leaves.subList(0, n)).root())).isEqualTo(roots.get(n).asString());
        }
    }
}
