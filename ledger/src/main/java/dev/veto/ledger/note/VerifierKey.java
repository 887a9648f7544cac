package dev.veto.ledger.note;

import java.util.Arrays;

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
        NoteKeys.Vkey k = NoteKeys.parseVkey(text, NoteKeys.ALG_ED25519, "an Ed25519 key (0x01 and 32 bytes)");
        return new VerifierKey(k.name(), k.keyHash(), k.publicKey());
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
        return NoteKeys.vkeyText(name, keyHash, NoteKeys.ALG_ED25519, publicKey);
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
