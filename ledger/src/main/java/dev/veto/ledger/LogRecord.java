package dev.veto.ledger;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;

/**
 * One of Veto's own log entries: a versioned record of an event. Its byte encoding is canonical
 * (each record has exactly one encoding and the decoder accepts only that one), so the same event
 * always hashes the same.
 *
 * <p>Encoding, all integers big-endian: {@code "VETO"}, format byte {@code 0x01}, type length
 * (u8) and type (ASCII {@code [a-z0-9._:-]}), record version (u32), time as epoch seconds (i64)
 * and nanoseconds (u32, below 10^9), payload length (u32) and payload bytes; nothing after.
 *
 * @param type    event type, e.g. {@code case.opened}
 * @param version version of that type's payload schema, from 1
 * @param time    when the event happened
 * @param payload the event's canonical payload bytes (e.g. canonical JSON)
 */
public record LogRecord(String type, int version, Instant time, byte[] payload) {
    private static final byte[] MAGIC = {'V', 'E', 'T', 'O'};
    private static final byte FORMAT = 1;
    private static final int FIXED = MAGIC.length + 1 + 1 + 4 + 8 + 4 + 4;

    public LogRecord {
        if (type.isEmpty() || type.length() > 255 || !type.chars().allMatch(LogRecord::typeChar)) {
            throw new IllegalArgumentException("record type \"" + type + "\" must be 1 to 255 characters of [a-z0-9._:-]");
        }
        if (version < 1) {
            throw new IllegalArgumentException("record version " + version + " must be at least 1");
        }
        payload = payload.clone();
    }

    @Override
    public byte[] payload() {
        return payload.clone();
    }

    /** The canonical bytes of this record. */
    public byte[] encode() {
        byte[] t = type.getBytes(StandardCharsets.US_ASCII);
        return ByteBuffer.allocate(FIXED + t.length + payload.length)
                .put(MAGIC).put(FORMAT)
                .put((byte) t.length).put(t)
                .putInt(version)
                .putLong(time.getEpochSecond()).putInt(time.getNano())
                .putInt(payload.length).put(payload)
                .array();
    }

    /** The outcome of decoding an entry. */
    public sealed interface Decoded {}

    /** The entry is a record. */
    public record Record(LogRecord record) implements Decoded {}

    /** The entry is not a record (a raw entry, or a damaged one); {@code reason} says why. */
    public record NotARecord(String reason) implements Decoded {}

    /** Decodes an entry, accepting only the canonical encoding. */
    public static Decoded decode(byte[] entry) {
        if (entry.length < FIXED || !Arrays.equals(entry, 0, MAGIC.length, MAGIC, 0, MAGIC.length)) {
            return new NotARecord("entry does not start with the record magic \"VETO\"");
        }
        ByteBuffer b = ByteBuffer.wrap(entry, MAGIC.length, entry.length - MAGIC.length);
        byte format = b.get();
        if (format != FORMAT) {
            return new NotARecord("unknown record format " + format);
        }
        int tlen = b.get() & 0xff;
        if (b.remaining() < tlen + 20) {
            return new NotARecord("record is truncated in its type");
        }
        byte[] t = new byte[tlen];
        b.get(t);
        String type;
        try {
            type = StandardCharsets.US_ASCII.newDecoder().onMalformedInput(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(t)).toString();
        } catch (CharacterCodingException e) {
            return new NotARecord("record type is not ASCII");
        }
        int version = b.getInt();
        long seconds = b.getLong();
        int nanos = b.getInt();
        int plen = b.getInt();
        if (nanos < 0 || nanos >= 1_000_000_000) {
            return new NotARecord("record time has " + Integer.toUnsignedString(nanos) + " nanoseconds");
        }
        if (plen < 0 || plen != b.remaining()) {
            return new NotARecord("record payload length " + Integer.toUnsignedString(plen) + " does not match the " + b.remaining() + " bytes left");
        }
        byte[] payload = new byte[plen];
        b.get(payload);
        try {
            return new Record(new LogRecord(type, version, Instant.ofEpochSecond(seconds, nanos), payload));
        } catch (IllegalArgumentException | java.time.DateTimeException e) {
            return new NotARecord(e.getMessage());
        }
    }

    private static boolean typeChar(int c) {
        return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == ':' || c == '-';
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LogRecord r && r.type.equals(type) && r.version == version && r.time.equals(time) && Arrays.equals(r.payload, payload);
    }

    @Override
    public int hashCode() {
        return type.hashCode() * 31 + Arrays.hashCode(payload);
    }

    @Override
    public String toString() {
        return "LogRecord[" + type + " v" + version + " at " + time + ", " + payload.length + " payload bytes]";
    }
}
