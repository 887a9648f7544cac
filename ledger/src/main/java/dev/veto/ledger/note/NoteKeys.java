package dev.veto.ledger.note;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** Shared rules of signed-note keys: names and key hashes. */
final class NoteKeys {
    static final byte ALG_ED25519 = 0x01;

    private NoteKeys() {}

    /** A key name is non-empty UTF-8 without spaces or plus signs (c2sp.org/signed-note). */
    static boolean validName(String name) {
        if (name.isEmpty()) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c == '+' || Character.isWhitespace(c) || Character.isISOControl(c)) {
                return false;
            }
        }
        return true;
    }

    /** First 4 bytes of SHA-256(name ‖ "\n" ‖ 0x01 ‖ public key), as a big-endian int. */
    static int keyHash(String name, byte[] publicKey) {
        try {
            MessageDigest d = MessageDigest.getInstance("SHA-256");
            d.update(name.getBytes(StandardCharsets.UTF_8));
            d.update((byte) '\n');
            d.update(ALG_ED25519);
            d.update(publicKey);
            byte[] h = d.digest();
            return ((h[0] & 0xff) << 24) | ((h[1] & 0xff) << 16) | ((h[2] & 0xff) << 8) | (h[3] & 0xff);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK lacks SHA-256", e);
        }
    }

    static String hex(int keyHash) {
        return String.format("%08x", keyHash);
    }

    static int parseHex(String s) throws NoteException {
        if (s.length() != 8 || !s.chars().allMatch(c -> (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
            throw new NoteException("key hash \"" + s + "\" is not 8 lower-case hex digits");
        }
        return Integer.parseUnsignedInt(s, 16);
    }
}
