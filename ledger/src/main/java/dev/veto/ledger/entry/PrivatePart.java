package dev.veto.ledger.entry;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Arrays;

/**
 * One private part of a format 2 entry: bytes (canonical JSON, as the caller writes them) kept
 * beside the log with a fresh random salt, never in the Merkle tree. The entry's envelope carries
 * the part's {@link #commitment()}, {@code SHA-256(salt ‖ data)}, so whoever is shown the part and
 * its salt can check it against the public log, and nobody can guess it from the commitment.
 *
 * @param name the part's name, e.g. {@code state} or {@code text}
 * @param salt 32 random bytes
 * @param data the part's bytes
 */
public record PrivatePart(String name, byte[] salt, byte[] data) {
    /** Salt length in bytes. */
    public static final int SALT_SIZE = 32;
    private static final SecureRandom RANDOM = new SecureRandom();

    public PrivatePart {
        if (salt.length != SALT_SIZE) {
            throw new IllegalArgumentException("a salt is " + SALT_SIZE + " bytes, not " + salt.length);
        }
        salt = salt.clone();
        data = data.clone();
    }

    /** A part of {@code data} with a fresh random salt. */
    public static PrivatePart seal(String name, byte[] data) {
        byte[] salt = new byte[SALT_SIZE];
        RANDOM.nextBytes(salt);
        return new PrivatePart(name, salt, data);
    }

    @Override
    public byte[] salt() {
        return salt.clone();
    }

    @Override
    public byte[] data() {
        return data.clone();
    }

    /** {@code SHA-256(salt ‖ data)}. */
    public byte[] commitment() {
        return commitment(salt, data);
    }

    /** {@code SHA-256(salt ‖ data)}: what an envelope publishes for a part. */
    public static byte[] commitment(byte[] salt, byte[] data) {
        try {
            MessageDigest d = MessageDigest.getInstance("SHA-256");
            d.update(salt);
            d.update(data);
            return d.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PrivatePart p && p.name.equals(name) && Arrays.equals(p.salt, salt) && Arrays.equals(p.data, data);
    }

    @Override
    public int hashCode() {
        return name.hashCode() * 31 + Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return "PrivatePart[" + name + ", " + data.length + " bytes]";
    }
}
