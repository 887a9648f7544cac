package dev.veto.ledger.note;

import dev.veto.ledger.merkle.Hashes;
import java.io.IOException;
import java.nio.file.Path;
import java.security.MessageDigest;

/**
 * A witness's private key for C2SP cosignature/v1 (c2sp.org/tlog-cosignature). It is an Ed25519
 * key kept in the same text form as a {@link SignerKey},
 * {@code PRIVATE+KEY+name+hexkeyhash+base64(0x01 ‖ seed)} (the form Go's note package generates
 * and transparency-dev's cosigners read); what makes it a cosigner is how it signs: its
 * {@link #verifier()} has type 0x04 and its own key ID, and it signs
 * {@code "cosignature/v1\ntime <t>\n" ‖ checkpoint text}, never the bare text. Keep one key for
 * one role: a key that cosigns should not also sign a log's checkpoints.
 */
public final class CosignerKey {
    private final SignerKey key;
    private final CosignerVerifierKey verifier;

    private CosignerKey(SignerKey key) {
        this.key = key;
        this.verifier = new CosignerVerifierKey(key.name(),
                NoteKeys.keyHash(key.name(), NoteKeys.ALG_COSIGNATURE_V1, key.verifier().publicKey()), key.verifier().publicKey());
    }

    /** A new random key named {@code name} (a schema-less URL such as {@code witness.example.com/w1}). */
    public static CosignerKey generate(String name) throws NoteException {
        return new CosignerKey(SignerKey.generate(name));
    }

    /** The cosigner that signs with the Ed25519 key of {@code key}. */
    public static CosignerKey of(SignerKey key) {
        return new CosignerKey(key);
    }

    /** Parses the text form {@code PRIVATE+KEY+name+hexkeyhash+base64(0x01 ‖ seed)}. */
    public static CosignerKey parse(String text) throws NoteException {
        return new CosignerKey(SignerKey.parse(text));
    }

    /** Reads a key written by {@link #save(Path)}. */
    public static CosignerKey load(Path file) throws IOException, NoteException {
        return new CosignerKey(SignerKey.load(file));
    }

    /** Writes the key to a new file with mode 600, atomically; refuses to overwrite. */
    public void save(Path file) throws IOException {
        key.save(file);
    }

    /** The secret text form. */
    public String encode() {
        return key.encode();
    }

    /** The key name that appears on its cosignature lines. */
    public String name() {
        return key.name();
    }

    /** The matching cosignature/v1 verifier key (type 0x04). */
    public CosignerVerifierKey verifier() {
        return verifier;
    }

    /**
     * Cosigns a checkpoint: {@code checkpointText} is the note text exactly as the log signed it
     * (origin, size, root hash and any extension lines, each ending in a newline), and
     * {@code timestamp} is POSIX seconds. Refuses text that is not a checkpoint, and a checkpoint
     * of size 0 whose root is not the empty tree's.
     */
    public Cosignature cosign(String checkpointText, long timestamp) throws NoteException {
        SignedNote.checkText(checkpointText);
        Checkpoint c = Checkpoint.parse(checkpointText);
        if (c.size() == 0 && !MessageDigest.isEqual(c.root(), Hashes.emptyRoot())) {
            throw new NoteException("a checkpoint of size 0 must have the empty tree's root (SHA-256 of nothing)");
        }
        if (timestamp < 0) {
            throw new IllegalArgumentException("cosignature timestamp " + timestamp + " is negative");
        }
        return new Cosignature(key.name(), verifier.keyHash(), timestamp, key.sign(Cosignature.message(checkpointText, timestamp)));
    }

    @Override
    public String toString() {
        return "CosignerKey[" + verifier + "]";
    }
}
