package dev.veto.ledger.note;

import java.util.Arrays;
import java.util.Base64;

/**
 * An Ed25519 signed-note verifier key, written {@code name+hexkeyhash+base64(0x01 ‖ public key)}.
 *
 * @param name      the key name that appears on signature lines
 * @param keyHash   first 4 bytes of SHA-256(name ‖ "\n" ‖ 0x01 ‖ public key)
 * @param publicKey the raw 32-byte Ed25519 public key
 */
public record VerifierKey(String name, int keyHash, byte[] publicKey) {
    public VerifierKey {
        publicKey = publicKey.clone();
    }

    /** Parses the text form, checking the name and that the key hash matches the key. */
    public static VerifierKey parse(String text) throws NoteException {
        String[] parts = text.strip().split("\\+", 3);
        if (parts.length != 3) {
            throw new NoteException("verifier key \"" + text.strip() + "\" is not name+hash+key");
        }
        String name = parts[0];
        if (!NoteKeys.validName(name)) {
            throw new NoteException("verifier key name \"" + name + "\" is empty or has spaces or '+'");
        }
        int hash = NoteKeys.parseHex(parts[1]);
        byte[] raw;
        try {
            raw = Base64.getDecoder().decode(parts[2]);
        } catch (IllegalArgumentException e) {
            throw new NoteException("verifier key \"" + name + "\" has invalid base64 \"" + parts[2] + "\"");
        }
        if (raw.length != 1 + Ed25519.KEY_SIZE || raw[0] != NoteKeys.ALG_ED25519) {
            throw new NoteException("verifier key \"" + name + "\" is not an Ed25519 key (0x01 and 32 bytes)");
        }
        byte[] pub = Arrays.copyOfRange(raw, 1, raw.length);
        if (NoteKeys.keyHash(name, pub) != hash) {
            throw new NoteException("verifier key \"" + name + "\" has key hash " + parts[1] + " that does not match its key");
        }
        return new VerifierKey(name, hash, pub);
    }

    @Override
    public byte[] publicKey() {
        return publicKey.clone();
    }

    /** Checks a signature over {@code message}. */
    public boolean verify(byte[] message, byte[] signature) {
        return Ed25519.verify(publicKey, message, signature);
    }

    /** The text form, {@code name+hexkeyhash+base64(0x01 ‖ public key)}. */
    @Override
    public String toString() {
        byte[] raw = new byte[1 + Ed25519.KEY_SIZE];
        raw[0] = NoteKeys.ALG_ED25519;
        System.arraycopy(publicKey, 0, raw, 1, Ed25519.KEY_SIZE);
        return name + "+" + NoteKeys.hex(keyHash) + "+" + Base64.getEncoder().encodeToString(raw);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof VerifierKey k && k.name.equals(name) && k.keyHash == keyHash && Arrays.equals(k.publicKey, publicKey);
    }

    @Override
    public int hashCode() {
        return name.hashCode() * 31 + keyHash;
    }
}
