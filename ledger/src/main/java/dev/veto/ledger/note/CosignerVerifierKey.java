package dev.veto.ledger.note;

import java.util.Arrays;
import java.util.Optional;

/**
 * A witness's public key for C2SP cosignature/v1 (c2sp.org/tlog-cosignature), written as a
 * signed-note verifier key with signature type 0x04:
 * {@code name+hexkeyid+base64(0x04 ‖ 32-byte Ed25519 public key)}.
 *
 * @param name      the cosigner's key name, as on its signature lines
 * @param keyHash   the key ID: first 4 bytes of SHA-256(name ‖ "\n" ‖ 0x04 ‖ public key)
 * @param publicKey the raw 32-byte Ed25519 public key
 */
public record CosignerVerifierKey(String name, int keyHash, byte[] publicKey) {
    public CosignerVerifierKey {
        if (publicKey.length != Ed25519.KEY_SIZE) {
            throw new IllegalArgumentException("cosigner public key is " + publicKey.length + " bytes, not " + Ed25519.KEY_SIZE);
        }
        publicKey = publicKey.clone();
    }

    /** The cosigner key named {@code name} with this Ed25519 public key; computes the key ID. */
    public static CosignerVerifierKey of(String name, byte[] publicKey) throws NoteException {
        if (!NoteKeys.validName(name)) {
            throw new NoteException("cosigner name \"" + name + "\" is empty or has spaces or '+'");
        }
        return new CosignerVerifierKey(name, NoteKeys.keyHash(name, NoteKeys.ALG_COSIGNATURE_V1, publicKey), publicKey);
    }

    /** Parses the text form, checking the name, the type byte 0x04 and that the key ID matches the key. */
    public static CosignerVerifierKey parse(String text) throws NoteException {
        NoteKeys.Vkey k = NoteKeys.parseVkey(text, NoteKeys.ALG_COSIGNATURE_V1,
                "a cosignature/v1 key (0x04 and 32 bytes); a witness key is not a log key");
        return new CosignerVerifierKey(k.name(), k.keyHash(), k.publicKey());
    }

    @Override
    public byte[] publicKey() {
        return publicKey.clone();
    }

    /** True when {@code c} is by this key (name and key ID) and signs {@code checkpointText} at its timestamp. */
    public boolean verify(String checkpointText, Cosignature c) {
        return c.name().equals(name) && c.keyHash() == keyHash
                && Ed25519.verify(publicKey, Cosignature.message(checkpointText, c.timestamp()), c.signature());
    }

    /**
     * This key's cosignature on {@code note}, verified; empty when the note has no line with this
     * key's name and ID. A line with this name and ID that is not a cosignature or does not verify
     * makes the note malformed (c2sp.org/signed-note: a known key's failed signature rejects the
     * note), so it is an error. Of several valid ones, the latest is returned.
     */
    public Optional<Cosignature> verifiedOn(SignedNote note) throws NoteException {
        Cosignature latest = null;
        for (SignedNote.NoteSignature s : note.signatures()) {
            if (!s.name().equals(name) || s.keyHash() != keyHash) {
                continue;
            }
            Cosignature c = Cosignature.of(s).orElseThrow(() -> new NoteException("signature by witness \"" + name
                    + "\" is not a cosignature/v1 (8-byte timestamp below 2^63 and 64-byte signature)"));
            if (!verify(note.text(), c)) {
                throw new NoteException("cosignature by witness \"" + name + "\" at time " + c.timestamp() + " does not verify");
            }
            if (latest == null || c.timestamp() > latest.timestamp()) {
                latest = c;
            }
        }
        return Optional.ofNullable(latest);
    }

    /** The text form, {@code name+hexkeyid+base64(0x04 ‖ public key)}. */
    @Override
    public String toString() {
        return NoteKeys.vkeyText(name, keyHash, NoteKeys.ALG_COSIGNATURE_V1, publicKey);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CosignerVerifierKey k && k.name.equals(name) && k.keyHash == keyHash && Arrays.equals(k.publicKey, publicKey);
    }

    @Override
    public int hashCode() {
        return name.hashCode() * 31 + keyHash;
    }
}
