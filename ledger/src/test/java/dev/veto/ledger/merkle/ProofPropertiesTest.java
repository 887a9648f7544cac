package dev.veto.ledger.merkle;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/** Any proof the tree produces verifies; any single flipped bit makes it fail. */
class ProofPropertiesTest {
    // One shared tree of 10,000 leaves: every smaller tree's nodes are a prefix of its nodes, so
    // sizes up to 10,000 are covered without rebuilding (keeps the run to a fraction of a second).
    private static final int MAX = 10_000;
    private static final HashListTree TREE;

    static {
        List<byte[]> leaves = new ArrayList<>(MAX);
        for (int i = 0; i < MAX; i++) {
            leaves.add(Hashes.leaf(ByteBuffer.allocate(4).putInt(i).array()));
        }
        TREE = HashListTree.ofLeafHashes(leaves);
    }

    @Property(tries = 300)
    void inclusionProofsVerifyAndFlippedBitsFail(
            @ForAll @IntRange(min = 1, max = MAX) int size, @ForAll @IntRange(min = 0, max = MAX - 1) int index, @ForAll @IntRange(min = 0, max = 1 << 16) int bit) {
        Assume.that(index < size);
        byte[] root = Proofs.root(size, TREE);
        byte[] leaf = TREE.node(0, index);
        List<byte[]> proof = Proofs.inclusion(index, size, TREE);
        assertThat(ProofVerifier.inclusion(index, size, leaf, proof, root).holds()).isTrue();
        if (!proof.isEmpty()) {
            assertThat(ProofVerifier.inclusion(index, size, leaf, flip(proof, bit), root).holds()).isFalse();
        }
        byte[] badLeaf = leaf.clone();
        badLeaf[bit % 32] ^= (byte) (1 << (bit % 8));
        assertThat(ProofVerifier.inclusion(index, size, badLeaf, proof, root).holds()).isFalse();
    }

    @Property(tries = 300)
    void consistencyProofsVerifyAndFlippedBitsFail(
            @ForAll @IntRange(min = 0, max = MAX) int from, @ForAll @IntRange(min = 0, max = MAX) int to, @ForAll @IntRange(min = 0, max = 1 << 16) int bit) {
        Assume.that(from <= to);
        byte[] r1 = Proofs.root(from, TREE);
        byte[] r2 = Proofs.root(to, TREE);
        List<byte[]> proof = Proofs.consistency(from, to, TREE);
        assertThat(ProofVerifier.consistency(from, to, proof, r1, r2).holds()).as("%d -> %d", from, to).isTrue();
        if (!proof.isEmpty()) {
            assertThat(ProofVerifier.consistency(from, to, flip(proof, bit), r1, r2).holds()).isFalse();
        }
        if (from > 0 && from < to) { // from the empty tree any root is consistent
            byte[] bad = r2.clone();
            bad[bit % 32] ^= (byte) (1 << (bit % 8));
            assertThat(ProofVerifier.consistency(from, to, proof, r1, bad).holds()).isFalse();
        }
    }

    /** The proof with exactly one bit flipped, chosen by {@code bit} over all of its bits. */
    private static List<byte[]> flip(List<byte[]> proof, int bit) {
        int total = proof.size() * 32 * 8;
        int b = bit % total;
        List<byte[]> out = new ArrayList<>();
        for (byte[] h : proof) {
            out.add(h.clone());
        }
        out.get(b / 256)[(b % 256) / 8] ^= (byte) (1 << (b % 8));
        return out;
    }
}
