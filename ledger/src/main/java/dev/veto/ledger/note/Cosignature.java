package dev.veto.ledger.note;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.Optional;

/**
 * A C2SP cosignature/v1 (c2sp.org/tlog-cosignature, Ed25519): a witness's statement that, as of
 * {@code timestamp}, the largest consistent tree it has seen for the checkpoint's origin has the
 * checkpoint's root. On the wire it is a signed-note signature line
 * {@code — name base64(key ID ‖ u64 big-endian timestamp ‖ 64-byte Ed25519 signature)}, where the
 * signature covers {@code "cosignature/v1\ntime <timestamp>\n"} followed by the checkpoint text.
 *
 * @param name      the cosigner's key name
 * @param keyHash   the key ID: first 4 bytes of SHA-256(name ‖ "\n" ‖ 0x04 ‖ public key)
 * @param timestamp POSIX seconds when it was made, 0 to 2^63-1
 * @param signature the 64-byte Ed25519 signature
 */
public record Cosignature(String name, int keyHash, long timestamp, byte[] signature) {
    static final int TIMESTAMP_SIZE = 8;
    static final int PAYLOAD_SIZE = TIMESTAMP_SIZE + Ed25519.SIGNATURE_SIZE;
    private static final String HEADER = "cosignature/v1\n";

    public Cosignature {
        if (!NoteKeys.validName(name)) {
            throw new IllegalArgumentException("cosigner name \"" + name + "\" is empty or has spaces or '+'");
        }
        if (timestamp < 0) {
            throw new IllegalArgumentException("cosignature timestamp " + timestamp + " is negative");
        }
        if (signature.length != Ed25519.SIGNATURE_SIZE) {
            throw new IllegalArgumentException("cosignature is " + signature.length + " bytes, not " + Ed25519.SIGNATURE_SIZE);
        }
        signature = signature.clone();
    }

    @Override
    public byte[] signature() {
        return signature.clone();
    }

    /** When the cosignature was made. */
    public Instant time() {
        return Instant.ofEpochSecond(timestamp);
    }

    /** The signed-note signature line, ending in a newline. */
    public String line() {
        return noteSignature().line();
    }

    /** This cosignature as a signed-note signature: key ID, then timestamp and signature as the payload. */
    SignedNote.NoteSignature noteSignature() {
        byte[] payload = new byte[PAYLOAD_SIZE];
        for (int i = 0; i < TIMESTAMP_SIZE; i++) {
            payload[i] = (byte) (timestamp >>> (8 * (TIMESTAMP_SIZE - 1 - i)));
        }
        System.arraycopy(signature, 0, payload, TIMESTAMP_SIZE, Ed25519.SIGNATURE_SIZE);
        return new SignedNote.NoteSignature(name, keyHash, payload);
    }

    /**
     * Reads a signature line's payload as a cosignature: exactly 8 + 64 bytes, with a timestamp
     * that fits 63 bits; empty when it is not one.
     */
    static Optional<Cosignature> of(SignedNote.NoteSignature s) {
        byte[] raw = s.signature();
        if (raw.length != PAYLOAD_SIZE || (raw[0] & 0x80) != 0) {
            return Optional.empty();
        }
        long t = 0;
        for (int i = 0; i < TIMESTAMP_SIZE; i++) {
            t = (t << 8) | (raw[i] & 0xff);
        }
        byte[] sig = new byte[Ed25519.SIGNATURE_SIZE];
        System.arraycopy(raw, TIMESTAMP_SIZE, sig, 0, sig.length);
        return Optional.of(new Cosignature(s.name(), s.keyHash(), t, sig));
    }

    /** The signed message: {@code "cosignature/v1\ntime <t>\n"} and the checkpoint text (tlog-cosignature, "Ed25519 signed message"). */
    static byte[] message(String checkpointText, long timestamp) {
        return (HEADER + "time " + timestamp + "\n" + checkpointText).getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Cosignature c && c.name.equals(name) && c.keyHash == keyHash && c.timestamp == timestamp
                && Arrays.equals(c.signature, signature);
    }

    @Override
    public int hashCode() {
        return name.hashCode() * 31 + keyHash * 17 + Long.hashCode(timestamp);
    }

    @Override
    public String toString() {
        return "Cosignature[" + name + ", " + NoteKeys.hex(keyHash) + ", " + timestamp + "]";
    }
}
