package dev.veto.ledger.remote;

import dev.veto.ledger.merkle.Hashes;
import dev.veto.ledger.merkle.ProofVerifier;
import dev.veto.ledger.merkle.Proofs;
import dev.veto.ledger.merkle.Verdict;
import dev.veto.ledger.note.Checkpoint;
import dev.veto.ledger.tile.TileBuilder;
import dev.veto.ledger.tile.TileNodeSource;
import dev.veto.ledger.tile.TilePath;
import dev.veto.ledger.tile.TileReader;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Checks, from a published log's tiles and entries alone, that the tree a checkpoint signs grows
 * a tree verified before (or, from size 0, the whole tree):
 * <ol>
 *   <li>a checkpoint smaller than the verified size, or of the same size with another root, is
 *       inconsistent (a rewind, or two trees at one size);
 *   <li>the hash tiles at the checkpoint's size give the checkpoint's root;
 *   <li>the consistency proof from the verified size, computed from those tiles, verifies
 *       (RFC 9162 §2.1.4.2), so the verified tree is a prefix of the new one;
 *   <li>every new entry hashes to its level-0 hash, and every hash tile the new entries change,
 *       rebuilt from them ({@link TileBuilder}, as the log's writer builds them), equals the tile
 *       served: so every served byte of the new part is bound to the signed root;
 *   <li>each new entry is handed, in order, to the caller's {@link EntryCheck}.
 * </ol>
 * Failing requests ({@link RemoteLogException}) propagate, except a malformed answer (a tile of
 * the wrong length, a bundle that does not split): the log served it under its signed tree, so
 * it is an inconsistency.
 */
public final class GrowthCheck {
    private GrowthCheck() {}

    /**
     * A tree verified before: its size and root.
     *
     * @param size the number of entries
     * @param root its root hash
     */
    public record Verified(long size, byte[] root) {
        public Verified {
            if (size < 0 || root.length != Hashes.SIZE) {
                throw new IllegalArgumentException("a verified tree has a size of at least 0 and a " + Hashes.SIZE + "-byte root");
            }
            root = root.clone();
        }

        /** The empty tree, where a first check starts. */
        public static Verified empty() {
            return new Verified(0, Hashes.emptyRoot());
        }

        @Override
        public byte[] root() {
            return root.clone();
        }
    }

    /** Looks at each new entry after its leaf hash matched the served tree. */
    @FunctionalInterface
    public interface EntryCheck {
        /** Null when entry {@code index} is acceptable, else why not (lower case, no trailing period). */
        String accept(long index, byte[] entry);
    }

    /** What the check found. */
    public sealed interface Outcome {}

    /**
     * Every check held: the tree of {@code toSize} entries with {@code root} grows the verified one.
     *
     * @param fromSize  the size verified before
     * @param toSize    the checkpoint's size
     * @param root      the checkpoint's root, now verified
     * @param entries   how many new entries were checked
     * @param hashTiles how many distinct hash tiles were compared with ones rebuilt from the entries
     * @param bundles   how many entry bundles were read
     */
    public record Grown(long fromSize, long toSize, byte[] root, long entries, int hashTiles, int bundles) implements Outcome {}

    /** Something served contradicts the checkpoint or the tree verified before; {@code reason} says what, where and which check. */
    public record Inconsistent(String reason) implements Outcome {}

    /** Checks that {@code to} grows {@code from}, reading tiles and bundles from {@code log}. */
    public static Outcome run(RemoteLog log, Verified from, Checkpoint to, EntryCheck check) {
        long s = from.size();
        long n = to.size();
        if (n < s) {
            return new Inconsistent("rewind: the checkpoint is of size " + n + ", smaller than size " + s + " (root " + b64(from.root())
                    + ") verified before; a log only grows");
        }
        if (n == 0 && !MessageDigest.isEqual(to.root(), Hashes.emptyRoot())) {
            return new Inconsistent("root: the checkpoint of size 0 has root " + b64(to.root()) + ", not the empty tree's (SHA-256 of nothing)");
        }
        if (n == s) {
            return MessageDigest.isEqual(from.root(), to.root())
                    ? new Grown(s, n, to.root(), 0, 0, 0)
                    : new Inconsistent("fork: the checkpoint of size " + n + " has root " + b64(to.root()) + ", but root " + b64(from.root())
                            + " was verified at that size before; the log shows two different trees of one size");
        }
        try {
            return grow(log, from, to, check);
        } catch (RemoteLogException e) {
            if (e.kind() == RemoteLogException.Kind.MALFORMED) {
                return new Inconsistent("malformed answer under the checkpoint of size " + n + ": " + e.getMessage());
            }
            throw e;
        }
    }

    private static Outcome grow(RemoteLog log, Verified from, Checkpoint to, EntryCheck check) {
        long s = from.size();
        long n = to.size();
        TileReader tiles = log.tilesAt(n);
        byte[] tilesRoot = Proofs.root(n, new TileNodeSource(tiles));
        if (!MessageDigest.isEqual(tilesRoot, to.root())) {
            return new Inconsistent("root: the hash tiles of size " + n + " give root " + b64(tilesRoot) + ", not the checkpoint's root " + b64(to.root()));
        }
        if (s > 0) {
            List<byte[]> proof = Proofs.consistency(s, n, new TileNodeSource(tiles));
            if (ProofVerifier.consistency(s, n, proof, from.root(), to.root()) instanceof Verdict.Fails f) {
                return new Inconsistent("fork: size " + s + " (root " + b64(from.root()) + ", verified before) is not a prefix of size " + n
                        + " (root " + b64(to.root()) + "): the consistency proof computed from the hash tiles fails (" + f.reason()
                        + "); the log rewrote entries below " + s + " or shows different views");
            }
        }
        TileBuilder builder = s == 0 ? new TileBuilder() : TileBuilder.resume(s, tiles);
        Set<Long> compared = new HashSet<>();
        int bundles = 0;
        for (long b = s / TilePath.WIDTH; b * TilePath.WIDTH < n; b++) {
            int width = TilePath.bundleWidth(n, b);
            String bundlePath = TilePath.entryBundle(b, width);
            List<byte[]> entries = log.entryBundle(b, width);
            bundles++;
            byte[] leaves = tiles.hashes(0, b, width);
            for (int i = 0; i < width; i++) {
                long index = b * TilePath.WIDTH + i;
                byte[] leaf = Hashes.leaf(entries.get(i));
                if (!Arrays.equals(leaf, 0, Hashes.SIZE, leaves, i * Hashes.SIZE, (i + 1) * Hashes.SIZE)) {
                    return new Inconsistent("entry " + index + " (in " + bundlePath + ") does not match the signed tree: its leaf hash is " + b64(leaf)
                            + ", hash tile " + TilePath.hashTile(0, b, width) + " holds " + b64(Arrays.copyOfRange(leaves, i * Hashes.SIZE, (i + 1) * Hashes.SIZE))
                            + " at position " + i);
                }
                if (index < s) {
                    continue; // verified in an earlier check; only its leaf hash is compared again
                }
                builder.add(leaf);
                String problem = check.accept(index, entries.get(i));
                if (problem != null) {
                    return new Inconsistent("entry " + index + " (in " + bundlePath + "): " + problem);
                }
            }
            String bad = compare(builder.drainChanged(), tiles, compared);
            if (bad != null) {
                return new Inconsistent(bad);
            }
        }
        byte[] rebuilt = builder.root();
        if (!MessageDigest.isEqual(rebuilt, to.root())) {
            return new Inconsistent("root: the entries up to size " + n + " give root " + b64(rebuilt) + ", not the checkpoint's root " + b64(to.root()));
        }
        return new Grown(s, n, to.root(), n - s, compared.size(), bundles);
    }

    /**
     * Compares tiles rebuilt from the entries with the served ones. A rebuilt tile may be an
     * earlier, narrower version of a tile that later entries fill further; the log only appends,
     * so it must equal the start of the served tile.
     */
    private static String compare(List<TileBuilder.Tile> rebuilt, TileReader served, Set<Long> compared) {
        for (TileBuilder.Tile t : rebuilt) {
            byte[] have = served.hashes(t.level(), t.index(), t.width());
            byte[] want = t.hashes();
            for (int i = 0; i < t.width(); i++) {
                if (!Arrays.equals(want, i * Hashes.SIZE, (i + 1) * Hashes.SIZE, have, i * Hashes.SIZE, (i + 1) * Hashes.SIZE)) {
                    long span = 1L << (TilePath.HEIGHT * t.level());
                    long first = (t.index() * TilePath.WIDTH + i) * span;
                    return "hash tile: " + TilePath.hashTile(t.level(), t.index(), have.length / Hashes.SIZE) + " holds " + b64(Arrays.copyOfRange(have, i * Hashes.SIZE, (i + 1) * Hashes.SIZE))
                            + " at position " + i + ", but entries " + first + " to " + (first + span - 1) + " give " + b64(Arrays.copyOfRange(want, i * Hashes.SIZE, (i + 1) * Hashes.SIZE));
                }
            }
            compared.add(((long) t.level() << 56) | t.index());
        }
        return null;
    }

    private static String b64(byte[] h) {
        return Base64.getEncoder().encodeToString(h);
    }
}
