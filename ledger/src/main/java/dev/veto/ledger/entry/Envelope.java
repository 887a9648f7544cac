package dev.veto.ledger.entry;

import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collections;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.regex.Pattern;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * A log entry in format 2: the public envelope of an event. It holds only what anyone may know
 * (the event's type, schema version and time, and the fields its type declares public, such as
 * case ids and counts) and, for each private part of the event, a commitment:
 * {@code SHA-256(salt ‖ part)}, hex, where the salt is 32 random bytes kept beside the log with
 * the part (see {@link PrivatePart}). The entry is the Merkle leaf, so the tree, checkpoints, tiles
 * and proofs are exactly RFC 6962 / C2SP tlog-tiles whatever the envelope says, and the private
 * parts can be shown to whoever may see them, checked against the public commitment, or erased
 * while the entry stays.
 *
 * <p>Encoding: UTF-8 JSON with no insignificant whitespace and object keys in sorted order, at
 * every depth: {@code {"commitments":{"state":"<64 hex>",…},"format":2,"public":{…},
 * "time":"2026-12-04T10:15:30.123456789Z","type":"case.opened","version":1}}. It is canonical:
 * {@link #decode} accepts only the bytes {@link #encode} would write. Format 1 entries
 * ({@link dev.veto.ledger.LogRecord}) begin with {@code VETO}; a format 2 entry begins with <code>{</code>.
 *
 * @param type        the event type, {@code [a-z0-9._:-]}, as in {@link dev.veto.ledger.LogRecord}
 * @param version     the event's schema version, from 1
 * @param time        when the event happened
 * @param publicFields the event's public fields (a JSON object; may be empty)
 * @param commitments each private part's name ({@code [a-z]+}) and its 32-byte commitment
 */
public record Envelope(String type, int version, Instant time, ObjectNode publicFields, SortedMap<String, byte[]> commitments) {
    /** The format number this class reads and writes. */
    public static final int FORMAT = 2;
    /**
     * The type of the entry that erases private parts of an earlier entry; its public fields are
     * {@code {"entry": <index>, "parts": ["<name>", …]}}. {@code Fsck}
     * accepts an erased part only when such an entry names it.
     */
    public static final String ERASURE_TYPE = "payload.erased";

    private static final Pattern PART_NAME = Pattern.compile("[a-z]{1,32}");
    /** The same rule as a format 1 record's type ({@link dev.veto.ledger.LogRecord}). */
    private static final Pattern TYPE = Pattern.compile("[a-z0-9._:-]{1,255}");
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HexFormat HEX = HexFormat.of();

    public Envelope {
        if (type == null || !TYPE.matcher(type).matches()) {
            throw new IllegalArgumentException("entry type \"" + type + "\" must be 1 to 255 characters of [a-z0-9._:-]");
        }
        if (version < 1) {
            throw new IllegalArgumentException("entry version " + version + " must be at least 1");
        }
        if (time == null) {
            throw new IllegalArgumentException("an entry has a time");
        }
        publicFields = publicFields == null ? JsonNodeFactory.instance.objectNode() : publicFields.deepCopy();
        SortedMap<String, byte[]> c = new TreeMap<>();
        for (Map.Entry<String, byte[]> e : commitments.entrySet()) {
            if (!PART_NAME.matcher(e.getKey()).matches()) {
                throw new IllegalArgumentException("private part name \"" + e.getKey() + "\" must be 1 to 32 letters a-z");
            }
            if (e.getValue().length != 32) {
                throw new IllegalArgumentException("the commitment to part \"" + e.getKey() + "\" must be 32 bytes");
            }
            c.put(e.getKey(), e.getValue().clone());
        }
        commitments = Collections.unmodifiableSortedMap(c);
    }

    /** Whether {@code entry} is a format 2 envelope rather than a format 1 record or a raw entry. */
    public static boolean isEnvelope(byte[] entry) {
        return entry.length > 0 && entry[0] == '{';
    }

    @Override
    public ObjectNode publicFields() {
        return publicFields.deepCopy();
    }

    /** The commitment to part {@code name}, or null when the entry has no such part. */
    public byte[] commitment(String name) {
        byte[] c = commitments.get(name);
        return c == null ? null : c.clone();
    }

    /** The entry bytes: the canonical JSON. */
    public byte[] encode() {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        ObjectNode c = o.putObject("commitments");
        commitments.forEach((k, v) -> c.put(k, HEX.formatHex(v)));
        o.put("format", FORMAT);
        o.set("public", publicFields);
        o.put("time", time.toString());
        o.put("type", type);
        o.put("version", version);
        return canonical(o);
    }

    /** The canonical bytes of a JSON value: keys sorted at every depth, no whitespace. */
    public static byte[] canonical(JsonNode node) {
        return JSON.writeValueAsBytes(sorted(node));
    }

    private static JsonNode sorted(JsonNode n) {
        if (n.isObject()) {
            TreeMap<String, JsonNode> keys = new TreeMap<>();
            for (Map.Entry<String, JsonNode> e : n.properties()) {
                keys.put(e.getKey(), sorted(e.getValue()));
            }
            ObjectNode o = JsonNodeFactory.instance.objectNode();
            keys.forEach(o::set);
            return o;
        }
        if (n.isArray()) {
            var a = JsonNodeFactory.instance.arrayNode();
            for (JsonNode x : n) {
                a.add(sorted(x));
            }
            return a;
        }
        return n;
    }

    /** What decoding an entry gave: an envelope, or why the entry is not one. */
    public sealed interface Decoded {}

    /** The entry is a format 2 envelope. */
    public record Valid(Envelope envelope) implements Decoded {}

    /** The entry is not a valid envelope; {@code reason} says why. */
    public record Invalid(String reason) implements Decoded {}

    /** Decodes an entry, accepting only the canonical encoding of a format 2 envelope. */
    public static Decoded decode(byte[] entry) {
        if (!isEnvelope(entry)) {
            return new Invalid("entry does not begin with '{'");
        }
        JsonNode n;
        try {
            n = JSON.readTree(entry);
        } catch (JacksonException e) {
            return new Invalid("entry is not JSON: " + e.getOriginalMessage());
        }
        if (!n.isObject()) {
            return new Invalid("entry is not a JSON object");
        }
        for (Iterator<String> it = n.propertyNames().iterator(); it.hasNext(); ) {
            String k = it.next();
            if (!k.equals("commitments") && !k.equals("format") && !k.equals("public") && !k.equals("time") && !k.equals("type")
                    && !k.equals("version")) {
                return new Invalid("envelope has an unknown field \"" + k + "\"");
            }
        }
        if (!n.path("format").isInt() || n.get("format").intValue() != FORMAT) {
            return new Invalid("envelope format is " + n.path("format") + ", not " + FORMAT);
        }
        if (!n.path("type").isString() || !n.path("version").isInt() || !n.path("time").isString() || !n.path("public").isObject()
                || !n.path("commitments").isObject()) {
            return new Invalid("envelope lacks one of type (string), version (integer), time (string), public (object), commitments (object)");
        }
        SortedMap<String, byte[]> commitments = new TreeMap<>();
        for (Map.Entry<String, JsonNode> c : n.get("commitments").properties()) {
            if (!c.getValue().isString() || c.getValue().stringValue().length() != 64) {
                return new Invalid("commitment \"" + c.getKey() + "\" is not 64 hex digits");
            }
            try {
                commitments.put(c.getKey(), HEX.parseHex(c.getValue().stringValue()));
            } catch (IllegalArgumentException e) {
                return new Invalid("commitment \"" + c.getKey() + "\" is not 64 hex digits");
            }
        }
        Envelope env;
        try {
            env = new Envelope(n.get("type").stringValue(), n.get("version").intValue(), Instant.parse(n.get("time").stringValue()),
                    (ObjectNode) n.get("public"), commitments);
        } catch (IllegalArgumentException | DateTimeException e) {
            return new Invalid("envelope: " + e.getMessage());
        }
        if (!Arrays.equals(env.encode(), entry)) {
            return new Invalid("envelope is not in its canonical encoding (sorted keys, no whitespace, lower-case hex)");
        }
        return new Valid(env);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Envelope e && Arrays.equals(e.encode(), encode());
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(encode());
    }

    @Override
    public String toString() {
        return new String(encode(), StandardCharsets.UTF_8);
    }
}
