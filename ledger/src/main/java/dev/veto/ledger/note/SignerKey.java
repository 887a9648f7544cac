package dev.veto.ledger.note;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.Base64;

/**
 * An Ed25519 signed-note signer key, written
 * {@code PRIVATE+KEY+name+hexkeyhash+base64(0x01 ‖ seed)}. Its {@link #toString()} hides the
 * secret; use {@link #encode()} to write it.
 */
public final class SignerKey {
    private static final String PREFIX = "PRIVATE+KEY+";

    private final String name;
    private final byte[] seed;
    private final VerifierKey verifier;

    private SignerKey(String name, byte[] seed) {
        this.name = name;
        this.seed = seed.clone();
        byte[] pub = Ed25519.publicKey(seed);
        this.verifier = new VerifierKey(name, NoteKeys.keyHash(name, pub), pub);
    }

    /** A new random key named {@code name}. */
    public static SignerKey generate(String name) throws NoteException {
        if (!NoteKeys.validName(name)) {
            throw new NoteException("key name \"" + name + "\" is empty or has spaces or '+'");
        }
        return new SignerKey(name, Ed25519.newSeed());
    }

    /** Parses the text form, checking the name and that the key hash matches the key. */
    public static SignerKey parse(String text) throws NoteException {
        String t = text.strip();
        if (!t.startsWith(PREFIX)) {
            throw new NoteException("signer key does not start with \"" + PREFIX + "\"");
        }
        String[] parts = t.substring(PREFIX.length()).split("\\+", 3);
        if (parts.length != 3) {
            throw new NoteException("signer key is not PRIVATE+KEY+name+hash+key");
        }
        String name = parts[0];
        if (!NoteKeys.validName(name)) {
            throw new NoteException("signer key name \"" + name + "\" is empty or has spaces or '+'");
        }
        int hash = NoteKeys.parseHex(parts[1]);
        byte[] raw;
        try {
            raw = Base64.getDecoder().decode(parts[2]);
        } catch (IllegalArgumentException e) {
            throw new NoteException("signer key \"" + name + "\" has invalid base64");
        }
        if (raw.length != 1 + Ed25519.KEY_SIZE || raw[0] != NoteKeys.ALG_ED25519) {
            throw new NoteException("signer key \"" + name + "\" is not an Ed25519 key (0x01 and 32 bytes)");
        }
        SignerKey key = new SignerKey(name, Arrays.copyOfRange(raw, 1, raw.length));
        if (key.verifier.keyHash() != hash) {
            throw new NoteException("signer key \"" + name + "\" has key hash " + parts[1] + " that does not match its key");
        }
        return key;
    }

    /** Reads a key written by {@link #save(Path)}. */
    public static SignerKey load(Path file) throws IOException, NoteException {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new NoSuchFileException(file.toString(), null, "no signer key file");
        }
        return parse(text);
    }

    /**
     * Writes the key to a new file readable only by its owner (mode 600), via a temporary file
     * and an atomic rename so a crash never leaves half a key. Refuses to overwrite.
     */
    public void save(Path file) throws IOException {
        if (Files.exists(file)) {
            throw new FileAlreadyExistsException(file.toString());
        }
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp;
        try {
            tmp = Files.createTempFile(dir, ".key", ".tmp", PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException e) {
            tmp = Files.createTempFile(dir, ".key", ".tmp");
        }
        try {
            Files.writeString(tmp, encode() + "\n", StandardCharsets.UTF_8);
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** The key name. */
    public String name() {
        return name;
    }

    /** The matching verifier key. */
    public VerifierKey verifier() {
        return verifier;
    }

    /** Signs {@code message} (Ed25519 is deterministic: the same message gives the same bytes). */
    public byte[] sign(byte[] message) {
        return Ed25519.sign(seed, message);
    }

    /** The secret text form, {@code PRIVATE+KEY+name+hexkeyhash+base64(0x01 ‖ seed)}. */
    public String encode() {
        byte[] raw = new byte[1 + Ed25519.KEY_SIZE];
        raw[0] = NoteKeys.ALG_ED25519;
        System.arraycopy(seed, 0, raw, 1, Ed25519.KEY_SIZE);
        return PREFIX + name + "+" + NoteKeys.hex(verifier.keyHash()) + "+" + Base64.getEncoder().encodeToString(raw);
    }

    @Override
    public String toString() {
        return "SignerKey[" + verifier + "]";
    }
}
