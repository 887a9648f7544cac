package dev.veto.ledger.merkle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class FrontierTest {

    @Test
    void appendingLeavesGivesTheRootOfEveryTreeSizeAndReadingItFromNodesGivesTheSameFrontier() {
        List<byte[]> entries = new ArrayList<>();
        Frontier f = Frontier.empty();
        assertThat(f.root()).isEqualTo(Hashes.emptyRoot());
        for (int n = 1; n <= 300; n++) {
            byte[] entry = ("entry " + n).getBytes(StandardCharsets.UTF_8);
            entries.add(entry);
            f = f.append(Hashes.leaf(entry));
            HashListTree tree = HashListTree.ofEntries(entries);
            assertThat(f.size()).isEqualTo(n);
            assertThat(f.root()).as("root at size %d", n).isEqualTo(tree.root());
            Frontier read = Frontier.of(n, tree);
            assertThat(read.hashes()).usingRecursiveFieldByFieldElementComparator().containsExactlyElementsOf(f.hashes());
            assertThat(Frontier.of(n, f.hashes()).root()).isEqualTo(tree.root());
        }
    }

    @Test
    void aFrontierWithTheWrongCountOrLengthOfHashesIsRefused() {
        assertThatThrownBy(() -> Frontier.of(3, List.of(new byte[32]))).hasMessageContaining("2 hashes, got 1");
        assertThatThrownBy(() -> Frontier.of(1, List.of(new byte[31]))).hasMessageContaining("31 bytes");
        assertThatThrownBy(() -> Frontier.empty().append(new byte[5])).hasMessageContaining("32 bytes");
        assertThatThrownBy(() -> Frontier.of(-1, List.of())).hasMessageContaining("not negative");
    }
}
