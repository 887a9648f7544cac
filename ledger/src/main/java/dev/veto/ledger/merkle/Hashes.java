package dev.veto.ledger.merkle;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** RFC 6962 / RFC 9162 hashing: SHA-256 with domain separation between leaves (0x00) and nodes (0x01). */
public final class Hashes {
    /** Length of every hash in the tree. */
    public static final int SIZE = 32;

    private static final byte[] EMPTY = sha256().digest();

    // MessageDigest.getInstance walks the provider list; a per-thread instance keeps hashing cheap
    // on hot paths (proofs and integration hash millions of times).
    private static final ThreadLocal<MessageDigest> DIGEST = ThreadLocal.withInitial(Hashes::sha256);

    private Hashes() {}

    /** The root of the empty tree: SHA-256 of nothing. */
    public static byte[] emptyRoot() {
        return EMPTY.clone();
    }

    /** SHA-256(0x00 ‖ entry). */
    public static byte[] leaf(byte[] entry) {
        MessageDigest d = DIGEST.get();
        d.update((byte) 0);
        d.update(entry);
        return d.digest();
    }

    /** SHA-256(0x01 ‖ left ‖ right). */
    public static byte[] node(byte[] left, byte[] right) {
        MessageDigest d = DIGEST.get();
        d.update((byte) 1);
        d.update(left);
        d.update(right);
        return d.digest();
    }

    /** SHA-256(0x01 ‖ left ‖ right) where both halves lie in {@code buf}. */
    static byte[] node(byte[] buf, int leftOffset, int rightOffset) {
        MessageDigest d = DIGEST.get();
        d.update((byte) 1);
        d.update(buf, leftOffset, SIZE);
        d.update(buf, rightOffset, SIZE);
        return d.digest();
    }

    /**
     * The root of the perfect subtree over {@code count} (a power of two) consecutive hashes in
     * {@code hashes} starting at hash number {@code first}.
     */
    public static byte[] perfectRoot(byte[] hashes, int first, int count) {
        if (count == 1) {
            byte[] h = new byte[SIZE];
            System.arraycopy(hashes, first * SIZE, h, 0, SIZE);
            return h;
        }
        // Reduce pairwise in a scratch buffer: count-1 hashes, no recursion, one allocation.
        byte[] level = new byte[count / 2 * SIZE];
        for (int i = 0; i < count / 2; i++) {
            System.arraycopy(node(hashes, (first + 2 * i) * SIZE, (first + 2 * i + 1) * SIZE), 0, level, i * SIZE, SIZE);
        }
        for (int n = count / 2; n > 1; n /= 2) {
            for (int i = 0; i < n / 2; i++) {
                System.arraycopy(node(level, 2 * i * SIZE, (2 * i + 1) * SIZE), 0, level, i * SIZE, SIZE);
            }
        }
        byte[] h = new byte[SIZE];
        System.arraycopy(level, 0, h, 0, SIZE);
        return h;
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK lacks SHA-256", e);
        }
    }
}
