package dev.veto.ledger.tile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.veto.ledger.merkle.HashListTree;
import dev.veto.ledger.merkle.Hashes;
import dev.veto.ledger.merkle.Proofs;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TileTest {
    @Test
    void pathsFollowTlogTiles() {
        assertThat(TilePath.encodeIndex(0)).isEqualTo("000");
        assertThat(TilePath.encodeIndex(1234067)).isEqualTo("x001/x234/067");
        assertThat(TilePath.hashTile(0, 1234067, 256)).isEqualTo("tile/0/x001/x234/067");
        assertThat(TilePath.hashTile(2, 5, 17)).isEqualTo("tile/2/005.p/17");
        assertThat(TilePath.entryBundle(1000, 3)).isEqualTo("tile/entries/x001/000.p/3");
        assertThat(TilePath.parse("tile/0/x001/x234/067")).contains(new TilePath.HashTile(0, 1234067, 256));
        assertThat(TilePath.parse("/tile/entries/x001/000.p/3")).contains(new TilePath.EntryBundle(1000, 3));
        assertThat(TilePath.parse("tile/0/1234")).isEmpty();
        assertThat(TilePath.parse("tile/0/000.p/256")).isEmpty();
        assertThat(TilePath.parse("tile/0/000.p/0")).isEmpty();
        assertThat(TilePath.parse("tile/0/x000/001")).isEmpty();
        assertThat(TilePath.parse("tile/64/000")).isEmpty();
        assertThat(TilePath.widthAt(300, 0, 1)).isEqualTo(44);
        assertThat(TilePath.widthAt(300, 1, 0)).isEqualTo(1);
    }

    @Test
    void builderTilesGiveTheSameRootsAndProofsAsTheHashList() {
        int n = 70_000; // crosses a level-2 node (65,536 leaves)
        List<byte[]> leaves = new ArrayList<>();
        Map<Long, byte[]> stored = new HashMap<>();
        TileBuilder b = new TileBuilder();
        for (int i = 0; i < n; i++) {
            byte[] h = Hashes.leaf(ByteBuffer.allocate(4).putInt(i).array());
            leaves.add(h);
            b.add(h);
            if (i % 997 == 0 || i == n - 1) {
                for (TileBuilder.Tile t : b.drainChanged()) {
                    stored.put(((long) t.level() << 56) | t.index(), t.hashes());
                }
            }
        }
        TileReader reader = (level, index, min) -> Optional.ofNullable(stored.get(((long) level << 56) | index))
                .orElseThrow(() -> new MissingTileException(level, index, min));
        TileReader withUpper = new TileReader() {
            @Override
            public byte[] hashes(int level, long index, int minWidth) {
                return reader.hashes(level, index, minWidth);
            }

            @Override
            public byte[] upperNodes(int level, long index) {
                byte[] t = stored.get(((long) level << 56) | index);
                return t != null && t.length == 256 * 32 ? TileReader.computeUpperNodes(t) : null;
            }
        };
        HashListTree tree = HashListTree.ofLeafHashes(leaves);
        for (long size : new long[] {4096, 65536, n}) {
            for (long i = 0; i < size; i += size / 37 + 1) {
                assertThat(Proofs.inclusion(i, size, new TileNodeSource(withUpper))).containsExactlyElementsOf(Proofs.inclusion(i, size, tree));
            }
            assertThat(Proofs.consistency(size / 5 + 1, size, new TileNodeSource(withUpper))).containsExactlyElementsOf(Proofs.consistency(size / 5 + 1, size, tree));
        }
        assertThat(b.root()).isEqualTo(tree.root());
        for (long size : new long[] {1, 255, 256, 257, 65535, 65536, 65537, n}) {
            assertThat(Proofs.root(size, new TileNodeSource(reader))).isEqualTo(Proofs.root(size, tree));
            assertThat(Proofs.inclusion(size - 1, size, new TileNodeSource(reader))).containsExactlyElementsOf(Proofs.inclusion(size - 1, size, tree));
            assertThat(Proofs.consistency(size / 3, size, new TileNodeSource(reader))).containsExactlyElementsOf(Proofs.consistency(size / 3, size, tree));
        }
        TileBuilder resumed = TileBuilder.resume(n, reader);
        assertThat(resumed.root()).isEqualTo(tree.root());
    }
}
