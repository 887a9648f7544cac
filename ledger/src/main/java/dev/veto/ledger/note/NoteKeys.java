package dev.veto.ledger.note;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Base64;

/** Shared rules of signed-note keys: names, key hashes and the verifier-key text form. */
final class NoteKeys {
    /** Signature type of plain Ed25519 note signatures (c2sp.org/signed-note). */
    static final byte ALG_ED25519 = 0x01;
    /** Signature type of timestamped Ed25519 checkpoint cosignatures (c2sp.org/tlog-cosignature). */
    static final byte ALG_COSIGNATURE_V1 = 0x04;

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
        return keyHash(name, ALG_ED25519, publicKey);
    }

    /** First 4 bytes of SHA-256(name ‖ "\n" ‖ type ‖ public key), as a big-endian int. */
    static int keyHash(String name, byte type, byte[] publicKey) {
        try {
            MessageDigest d = MessageDigest.getInstance("SHA-256");
            d.update(name.getBytes(StandardCharsets.UTF_8));
            d.update((byte) '\n');
            d.update(type);
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

    /** The parts of a verifier key whose name, hash and type were checked. */
    record Vkey(String name, int keyHash, byte[] publicKey) {}

    /**
     * Parses {@code name+hexkeyhash+base64(type ‖ 32-byte Ed25519 key)}, checking the name, that the
     * type byte is {@code type} and that the key hash is the one computed with that type.
     *
     * @param kind how a wrong type is described in the message, e.g. "an Ed25519 key (0x01 and 32 bytes)"
     */
    static Vkey parseVkey(String text, byte type, String kind) throws NoteException {
        String[] parts = text.strip().split("\\+", 3);
        if (parts.length != 3) {
            throw new NoteException("verifier key \"" + text.strip() + "\" is not name+hash+key");
        }
        String name = parts[0];
        if (!validName(name)) {
            throw new NoteException("verifier key name \"" + name + "\" is empty or has spaces or '+'");
        }
        int hash = parseHex(parts[1]);
        byte[] raw;
        try {
            raw = Base64.getDecoder().decode(parts[2]);
        } catch (IllegalArgumentException e) {
            throw new NoteException("verifier key \"" + name + "\" has invalid base64 \"" + parts[2] + "\"");
        }
        if (raw.length != 1 + Ed25519.KEY_SIZE || raw[0] != type) {
            throw new NoteException("verifier key \"" + name + "\" is not " + kind);
        }
        byte[] pub = Arrays.copyOfRange(raw, 1, raw.length);
        if (keyHash(name, type, pub) != hash) {
            throw new NoteException("verifier key \"" + name + "\" has key hash " + parts[1] + " that does not match its key");
        }
        return new Vkey(name, hash, pub);
    }

    /** The text form {@code name+hexkeyhash+base64(type ‖ public key)}. */
    static String vkeyText(String name, int keyHash, byte type, byte[] publicKey) {
        byte[] raw = new byte[1 + publicKey.length];
        raw[0] = type;
        System.arraycopy(publicKey, 0, raw, 1, publicKey.length);
        return name + "+" + hex(keyHash) + "+" + Base64.getEncoder().encodeToString(raw);
    }
}
