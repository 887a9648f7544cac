package dev.veto.ledger.merkle;

import java.security.MessageDigest;
import java.util.List;

/** Verifies inclusion and consistency proofs by the algorithms of RFC 9162 §2.1.3.2 and §2.1.4.2. */
public final class ProofVerifier {
    private ProofVerifier() {}

    /** Checks that {@code leafHash} is leaf {@code index} of the tree of {@code size} leaves with {@code root}. */
    public static Verdict inclusion(long index, long size, byte[] leafHash, List<byte[]> proof, byte[] root) {
        if (size <= 0) {
            return Verdict.fail("no leaf is included in a tree of size " + size);
        }
        if (index < 0 || index >= size) {
            return Verdict.fail("index " + index + " is not below tree size " + size);
        }
        if (!isHash(leafHash) || !isHash(root) || !allHashes(proof)) {
            return Verdict.fail("leaf hash, root and proof hashes must be " + Hashes.SIZE + " bytes each");
        }
        long fn = index;
        long sn = size - 1;
        byte[] r = leafHash;
        for (byte[] p : proof) {
            if (sn == 0) {
                return Verdict.fail("inclusion proof is longer than tree size " + size + " allows");
            }
            if ((fn & 1) == 1 || fn == sn) {
                r = Hashes.node(p, r);
                if ((fn & 1) == 0) {
                    while ((fn & 1) == 0 && fn != 0) {
                        fn >>>= 1;
                        sn >>>= 1;
                    }
                }
            } else {
                r = Hashes.node(r, p);
            }
            fn >>>= 1;
            sn >>>= 1;
        }
        if (sn != 0) {
            return Verdict.fail("inclusion proof is shorter than tree size " + size + " needs");
        }
        return MessageDigest.isEqual(r, root)
                ? Verdict.ok()
                : Verdict.fail("inclusion proof for index " + index + " does not lead to the root of size " + size);
    }

    /**
     * Checks that the tree of size {@code from} with {@code fromRoot} is a prefix of the tree of
     * size {@code to} with {@code toRoot}. Size 0 is handled explicitly: its root must be SHA-256
     * of nothing, and it is consistent with any tree by the empty proof.
     */
    public static Verdict consistency(long from, long to, List<byte[]> proof, byte[] fromRoot, byte[] toRoot) {
        if (from < 0 || to < 0) {
            return Verdict.fail("negative tree size in " + from + " to " + to);
        }
        if (from > to) {
            return Verdict.fail("size " + from + " is larger than size " + to);
        }
        if (from == 0) {
            if (!proof.isEmpty()) {
                return Verdict.fail("the consistency proof from the empty tree must be empty");
            }
            if (!MessageDigest.isEqual(fromRoot, Hashes.emptyRoot())) {
                return Verdict.fail("the root of the empty tree must be SHA-256 of nothing");
            }
            if (to == 0) {
                return MessageDigest.isEqual(toRoot, Hashes.emptyRoot())
                        ? Verdict.ok()
                        : Verdict.fail("the root of the empty tree must be SHA-256 of nothing");
            }
            return isHash(toRoot) ? Verdict.ok() : Verdict.fail("root of size " + to + " is not " + Hashes.SIZE + " bytes");
        }
        if (from == to) {
            if (!proof.isEmpty()) {
                return Verdict.fail("the consistency proof between equal sizes must be empty");
            }
            return MessageDigest.isEqual(fromRoot, toRoot)
                    ? Verdict.ok()
                    : Verdict.fail("roots of size " + from + " differ");
        }
        if (proof.isEmpty()) {
            return Verdict.fail("empty consistency proof from size " + from + " to " + to);
        }
        if (!isHash(fromRoot) || !isHash(toRoot) || !allHashes(proof)) {
            return Verdict.fail("roots and proof hashes must be " + Hashes.SIZE + " bytes each");
        }
        int start = 0;
        byte[] seed;
        if (Long.bitCount(from) == 1) {
            // The RFC prepends first_hash to the path when first is a power of two.
            seed = fromRoot;
        } else {
            seed = proof.get(0);
            start = 1;
        }
        long fn = from - 1;
        long sn = to - 1;
        while ((fn & 1) == 1) {
            fn >>>= 1;
            sn >>>= 1;
        }
        byte[] fr = seed;
        byte[] sr = seed;
        for (int i = start; i < proof.size(); i++) {
            byte[] c = proof.get(i);
            if (sn == 0) {
                return Verdict.fail("consistency proof is longer than sizes " + from + " and " + to + " allow");
            }
            if ((fn & 1) == 1 || fn == sn) {
                fr = Hashes.node(c, fr);
                sr = Hashes.node(c, sr);
                if ((fn & 1) == 0) {
                    while ((fn & 1) == 0 && fn != 0) {
                        fn >>>= 1;
                        sn >>>= 1;
                    }
                }
            } else {
                sr = Hashes.node(sr, c);
            }
            fn >>>= 1;
            sn >>>= 1;
        }
        if (sn != 0) {
            return Verdict.fail("consistency proof is shorter than sizes " + from + " and " + to + " need");
        }
        if (!MessageDigest.isEqual(fr, fromRoot)) {
            return Verdict.fail("consistency proof does not lead to the root of size " + from);
        }
        if (!MessageDigest.isEqual(sr, toRoot)) {
            return Verdict.fail("consistency proof does not lead to the root of size " + to);
        }
        return Verdict.ok();
    }

    private static boolean isHash(byte[] h) {
        return h != null && h.length == Hashes.SIZE;
    }

    private static boolean allHashes(List<byte[]> proof) {
        for (byte[] p : proof) {
            if (!isHash(p)) {
                return false;
            }
        }
        return true;
    }
}
