package dev.veto.ledger.witness;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.OptionalLong;

/**
 * The body of {@code POST <prefix>/add-checkpoint} (c2sp.org/tlog-witness): a line
 * {@code old <size>}, zero to 63 lines each the base64 of one consistency-proof hash, an empty
 * line, then the signed checkpoint note. Every line ends in a newline.
 *
 * @param oldSize the size of the checkpoint the client believes the witness last cosigned
 * @param proof   the consistency proof from {@code oldSize} to the checkpoint's size (RFC 6962 §2.1.2)
 * @param note    the signed checkpoint note
 */
public record AddCheckpointRequest(long oldSize, List<byte[]> proof, String note) {
    /** The most consistency-proof lines a client may send. */
    public static final int MAX_PROOF_LINES = 63;
    private static final int HASH_SIZE = 32;
    private static final String OLD = "old ";

    public AddCheckpointRequest {
        if (oldSize < 0) {
            throw new IllegalArgumentException("old size " + oldSize + " is negative");
        }
        if (proof.size() > MAX_PROOF_LINES) {
            throw new IllegalArgumentException("consistency proof has " + proof.size() + " hashes; at most " + MAX_PROOF_LINES + " may be sent");
        }
        List<byte[]> copy = new ArrayList<>(proof.size());
        for (byte[] h : proof) {
            if (h.length != HASH_SIZE) {
                throw new IllegalArgumentException("consistency proof hash is " + h.length + " bytes, not " + HASH_SIZE);
            }
            copy.add(h.clone());
        }
        proof = List.copyOf(copy);
    }

    @Override
    public List<byte[]> proof() {
        return proof.stream().map(byte[]::clone).toList();
    }

    /** The request body as sent on the wire, UTF-8. */
    public byte[] body() {
        StringBuilder sb = new StringBuilder(OLD).append(oldSize).append('\n');
        for (byte[] h : proof) {
            sb.append(Base64.getEncoder().encodeToString(h)).append('\n');
        }
        return sb.append('\n').append(note).toString().getBytes(StandardCharsets.UTF_8);
    }

    /** A body that is not an add-checkpoint request; the message says what is wrong. */
    static final class Malformed extends Exception {
        private static final long serialVersionUID = 1L;

        Malformed(String message) {
            super(message, null, false, false);
        }
    }

    /**
     * Parses a request body. The note is only split off here, not parsed; proof lines must be
     * the canonical base64 of 32 bytes.
     */
    static AddCheckpointRequest parse(byte[] body) throws Malformed {
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(body)).toString();
        } catch (CharacterCodingException e) {
            throw new Malformed("request body is not valid UTF-8");
        }
        int blank = text.indexOf("\n\n");
        if (blank < 0) {
            throw new Malformed("request has no empty line between the \"old <size>\" and proof lines and the checkpoint");
        }
        String[] head = text.substring(0, blank).split("\n", -1);
        if (!head[0].startsWith(OLD)) {
            throw new Malformed("first line " + quote(head[0]) + " is not \"old <size>\"");
        }
        OptionalLong old = TreeSizes.parse(head[0].substring(OLD.length()));
        if (old.isEmpty()) {
            throw new Malformed("old size " + quote(head[0].substring(OLD.length())) + " is not a decimal number without leading zeros");
        }
        if (head.length - 1 > MAX_PROOF_LINES) {
            throw new Malformed("request has " + (head.length - 1) + " consistency proof lines; at most " + MAX_PROOF_LINES + " are allowed");
        }
        List<byte[]> proof = new ArrayList<>(head.length - 1);
        for (int i = 1; i < head.length; i++) {
            proof.add(hash(i, head[i]));
        }
        return new AddCheckpointRequest(old.getAsLong(), proof, text.substring(blank + 2));
    }

    private static byte[] hash(int line, String s) throws Malformed {
        byte[] h;
        try {
            h = Base64.getDecoder().decode(s);
        } catch (IllegalArgumentException e) {
            h = null;
        }
        // Re-encoding rejects the encodings the decoder tolerates (non-zero trailing bits).
        if (h == null || h.length != HASH_SIZE || !Base64.getEncoder().encodeToString(h).equals(s)) {
            throw new Malformed("consistency proof line " + line + " " + quote(s) + " is not the base64 of a " + HASH_SIZE + "-byte hash");
        }
        return h;
    }

    /** Quotes user input for a message, cut to a readable length. */
    static String quote(String s) {
        return "\"" + (s.length() > 80 ? s.substring(0, 80) + "…" : s) + "\"";
    }
}
