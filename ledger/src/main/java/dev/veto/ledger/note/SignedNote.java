package dev.veto.ledger.note;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.List;

/**
 * A C2SP signed note (c2sp.org/signed-note): UTF-8 text ending in a newline, a blank line, then
 * one or more signature lines {@code — name base64(keyhash ‖ signature)}.
 *
 * @param text       the signed text, ending in a newline
 * @param signatures every well-formed signature line, verified or not
 * @param verifiedBy the names of the known keys whose signatures verified
 */
public record SignedNote(String text, List<NoteSignature> signatures, List<String> verifiedBy) {
    private static final String DASH = "\u2014 ";
    private static final int MAX_SIGNATURES = 100;

    public SignedNote {
        signatures = List.copyOf(signatures);
        verifiedBy = List.copyOf(verifiedBy);
    }

    /** One signature line. */
    public record NoteSignature(String name, int keyHash, byte[] signature) {
        public NoteSignature {
            signature = signature.clone();
        }

        @Override
        public byte[] signature() {
            return signature.clone();
        }

        /** The signature line, {@code — name base64(keyhash ‖ signature)} and a newline. */
        public String line() {
            byte[] raw = new byte[4 + signature.length];
            raw[0] = (byte) (keyHash >>> 24);
            raw[1] = (byte) (keyHash >>> 16);
            raw[2] = (byte) (keyHash >>> 8);
            raw[3] = (byte) keyHash;
            System.arraycopy(signature, 0, raw, 4, signature.length);
            return DASH + name + " " + Base64.getEncoder().encodeToString(raw) + "\n";
        }
    }

    /** Signs {@code text} with each key and returns the whole note. */
    public static String sign(String text, SignerKey... keys) throws NoteException {
        checkText(text);
        StringBuilder sb = new StringBuilder(text).append('\n');
        byte[] message = text.getBytes(StandardCharsets.UTF_8);
        for (SignerKey k : keys) {
            sb.append(new NoteSignature(k.name(), k.verifier().keyHash(), k.sign(message)).line());
        }
        return sb.toString();
    }

    /**
     * Parses a note and verifies it: at least one signature must be by one of {@code known} and
     * verify; a signature by a known key name and hash that does not verify is an error, while
     * signatures by unknown keys are kept and ignored.
     */
    public static SignedNote open(String note, Collection<VerifierKey> known) throws NoteException {
        SignedNote parsed = parse(note);
        byte[] message = parsed.text.getBytes(StandardCharsets.UTF_8);
        List<String> verified = new ArrayList<>();
        for (NoteSignature s : parsed.signatures) {
            for (VerifierKey k : known) {
                if (k.name().equals(s.name()) && k.keyHash() == s.keyHash()) {
                    if (!k.verify(message, s.signature)) {
                        throw new NoteException("signature by \"" + s.name() + "\" does not verify");
                    }
                    verified.add(s.name());
                }
            }
        }
        if (verified.isEmpty()) {
            throw new NoteException("signed note has no signature by a known key (known: " + names(known) + ")");
        }
        return new SignedNote(parsed.text, parsed.signatures, verified);
    }

    /**
     * Parses a note's structure without verifying any signature: text ending in a newline, a blank
     * line, then one or more well-formed signature lines. {@link #verifiedBy()} is empty. Use it
     * to tell a malformed note from one whose signatures fail; trust the text only after
     * {@link #open}.
     */
    public static SignedNote parse(String note) throws NoteException {
        if (!note.endsWith("\n")) {
            throw new NoteException("signed note does not end with a newline");
        }
        int split = note.lastIndexOf("\n\n");
        if (split < 0) {
            throw new NoteException("signed note has no blank line before its signatures");
        }
        String text = note.substring(0, split + 1);
        checkText(text);
        String block = note.substring(split + 2);
        List<NoteSignature> sigs = new ArrayList<>();
        for (String line : block.split("\n")) {
            sigs.add(parseLine(line));
        }
        if (sigs.isEmpty()) {
            throw new NoteException("signed note has no signatures");
        }
        if (sigs.size() > MAX_SIGNATURES) {
            throw new NoteException("signed note has more than " + MAX_SIGNATURES + " signatures");
        }
        return new SignedNote(text, sigs, List.of());
    }

    private static NoteSignature parseLine(String line) throws NoteException {
        if (!line.startsWith(DASH)) {
            throw new NoteException("signature line \"" + line + "\" does not start with an em dash and a space");
        }
        String rest = line.substring(DASH.length());
        int sp = rest.indexOf(' ');
        if (sp <= 0 || rest.indexOf(' ', sp + 1) >= 0) {
            throw new NoteException("signature line \"" + line + "\" is not \"— name signature\"");
        }
        String name = rest.substring(0, sp);
        if (!NoteKeys.validName(name)) {
            throw new NoteException("signature name \"" + name + "\" is empty or has spaces or '+'");
        }
        byte[] raw;
        try {
            raw = Base64.getDecoder().decode(rest.substring(sp + 1));
        } catch (IllegalArgumentException e) {
            throw new NoteException("signature by \"" + name + "\" is not valid base64");
        }
        if (raw.length < 5) {
            throw new NoteException("signature by \"" + name + "\" is too short");
        }
        int hash = ((raw[0] & 0xff) << 24) | ((raw[1] & 0xff) << 16) | ((raw[2] & 0xff) << 8) | (raw[3] & 0xff);
        byte[] sig = new byte[raw.length - 4];
        System.arraycopy(raw, 4, sig, 0, sig.length);
        return new NoteSignature(name, hash, sig);
    }

    static void checkText(String text) throws NoteException {
        if (text.isEmpty() || !text.endsWith("\n")) {
            throw new NoteException("note text must be non-empty and end with a newline");
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c != '\n' && Character.isISOControl(c)) {
                throw new NoteException("note text has control character U+" + String.format("%04X", (int) c) + " at offset " + i);
            }
        }
    }

    private static String names(Collection<VerifierKey> keys) {
        return keys.stream().map(VerifierKey::name).map(n -> "\"" + n + "\"").reduce((a, b) -> a + ", " + b).orElse("none");
    }
}
