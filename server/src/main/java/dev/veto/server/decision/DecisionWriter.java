package dev.veto.server.decision;

import dev.veto.cedar.authz.PolicyError;
import dev.veto.control.Decisions;
import dev.veto.engine.EngineResponse;
import dev.veto.server.http.Json;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.io.SerializedString;

/** Decision responses in the contract's JSON, written without maps or serializer look-ups. */
final class DecisionWriter {
    /** How much of a batch's answer one write takes. */
    static final int IO_BUFFER_BYTES = 64 * 1024;
    // names and values written for every decision, encoded once
    private static final SerializedString DECISION = new SerializedString("decision");
    private static final SerializedString REASONS = new SerializedString("reasons");
    private static final SerializedString ERRORS = new SerializedString("errors");
    private static final SerializedString REVISION = new SerializedString("revision");
    private static final SerializedString POLICY = new SerializedString("policy");
    private static final SerializedString EFFECT = new SerializedString("effect");
    private static final SerializedString ANNOTATIONS = new SerializedString("annotations");
    private static final SerializedString ALLOW = new SerializedString("allow");
    private static final SerializedString DENY = new SerializedString("deny");

    private DecisionWriter() {}

    /**
     * One decision's response: {@code {decision, reasons: [{policy, effect, annotations}], errors:
     * [{policy, message}], revision, shadow?: {decision, reasons}}}, written by a streaming
     * generator (no maps per decision, no serializer look-ups).
     */
    static byte[] write(Decisions.Decision d) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        try (JsonGenerator g = Json.MAPPER.createGenerator(out)) {
            write(g, d);
        }
        return out.toByteArray();
    }

    /**
     * A batch's response, {@code {"responses": […], "revision": n}}, written to {@code out}: each
     * element a {@link Decisions.Decision} or an error object (written by the mapper).
     * {@code out} is flushed, not closed.
     *
     * <p>A decision with no errors and no shadow denials, nearly every one, is put together
     * from bytes encoded once (the fixed text, each reason's JSON) and its revision's digits,
     * the same bytes the generator writes for it ({@code DecisionJsonTest} holds the two to
     * that); anything else is written by the generator.
     */
    static void writeBatch(List<Object> responses, long revision, OutputStream out) throws IOException {
        Bytes b = new Bytes(out);
        b.write(RESPONSES_OPEN);
        for (int i = 0; i < responses.size(); i++) {
            if (i > 0) {
                b.write(',');
            }
            Object r = responses.get(i);
            if (r instanceof Decisions.Decision d && d.response().errors().isEmpty() && d.shadowDenials().isEmpty()) {
                EngineResponse e = d.response();
                b.write(e.isAllowed() ? ALLOW_OPEN : DENY_OPEN);
                List<EngineResponse.Reason> reasons = e.reasons();
                for (int k = 0; k < reasons.size(); k++) {
                    if (k > 0) {
                        b.write(',');
                    }
                    b.write(written(reasons.get(k)));
                }
                b.write(NO_ERRORS_REVISION);
                b.write(e.revision());
                b.write('}');
            } else {
                b.write(r instanceof Decisions.Decision d ? write(d) : Json.MAPPER.writeValueAsBytes(r));
            }
        }
        b.write(RESPONSES_CLOSE_REVISION);
        b.write(revision);
        b.write('}');
        b.flush();
    }

    private static final byte[] RESPONSES_OPEN = ascii("{\"responses\":[");
    private static final byte[] ALLOW_OPEN = ascii("{\"decision\":\"allow\",\"reasons\":[");
    private static final byte[] DENY_OPEN = ascii("{\"decision\":\"deny\",\"reasons\":[");
    private static final byte[] NO_ERRORS_REVISION = ascii("],\"errors\":[],\"revision\":");
    private static final byte[] RESPONSES_CLOSE_REVISION = ascii("],\"revision\":");

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    /** A buffer of {@link #IO_BUFFER_BYTES} in front of a stream, for bytes and decimal numbers. */
    private static final class Bytes {
        private final OutputStream out;
        private final byte[] buf = new byte[IO_BUFFER_BYTES];
        private int n;

        Bytes(OutputStream out) {
            this.out = out;
        }

        void write(int c) throws IOException {
            if (n == buf.length) {
                flush();
            }
            buf[n++] = (byte) c;
        }

        void write(byte[] bytes) throws IOException {
            if (bytes.length > buf.length - n) {
                flush();
                if (bytes.length > buf.length) {
                    out.write(bytes);
                    return;
                }
            }
            System.arraycopy(bytes, 0, buf, n, bytes.length);
            n += bytes.length;
        }

        /** {@code v} in decimal, as the generator writes a long. */
        void write(long v) throws IOException {
            if (buf.length - n < 20) {
                flush();
            }
            if (v < 0) {
                if (v == Long.MIN_VALUE) {
                    write(ascii(Long.toString(v)));
                    return;
                }
                buf[n++] = '-';
                v = -v;
            }
            int digits = 1;
            for (long t = v; t >= 10; t /= 10) {
                digits++;
            }
            for (int k = n + digits - 1; k >= n; k--) {
                buf[k] = (byte) ('0' + v % 10);
                v /= 10;
            }
            n += digits;
        }

        void flush() throws IOException {
            out.write(buf, 0, n);
            n = 0;
            out.flush();
        }
    }

    private static void write(JsonGenerator g, Decisions.Decision d) {
        EngineResponse r = d.response();
        g.writeStartObject();
        g.writeName(DECISION);
        g.writeString(r.isAllowed() ? ALLOW : DENY);
        g.writeName(REASONS);
        write(g, r.reasons());
        g.writeName(ERRORS);
        g.writeStartArray();
        List<PolicyError> errors = r.errors();
        for (int i = 0; i < errors.size(); i++) {
            PolicyError e = errors.get(i);
            g.writeStartObject();
            g.writeName(POLICY);
            g.writeString(e.policyId());
            g.writeStringProperty("message", e.message());
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeName(REVISION);
        g.writeNumber(r.revision());
        if (!d.shadowDenials().isEmpty()) {
            g.writeName("shadow");
            g.writeStartObject();
            g.writeName(DECISION);
            g.writeString(DENY);
            g.writeName(REASONS);
            write(g, d.shadowDenials());
            g.writeEndObject();
        }
        g.writeEndObject();
    }

    /**
     * Reasons written lately, as their JSON: a reason belongs to a policy and is the same object
     * in every decision that policy determines, so its text is made once, not per decision.
     * Found by identity in its slot or the slot's neighbour, and shared by all threads; a slot is
     * replaced whole, and a thread that reads an old one only misses.
     */
    private record Written(EngineResponse.Reason reason, SerializedString json) {}

    /** {@code x}'s JSON as UTF-8, from the cache of reasons written lately. */
    private static byte[] written(EngineResponse.Reason x) {
        return writtenEntry(x).json().asUnquotedUTF8();
    }

    /**
     * The cache entry of {@code x}, made if missing. An entry sits in its slot or the slot's
     * neighbour, so two reasons whose slots collide do not push each other out (with a few
     * hundred policies some always do).
     */
    private static Written writtenEntry(EngineResponse.Reason x) {
        int slot = System.identityHashCode(x) & (WRITTEN.length - 1);
        Written w = WRITTEN[slot];
        if (w != null && w.reason() == x) {
            return w;
        }
        Written other = WRITTEN[slot ^ 1];
        if (other != null && other.reason() == x) {
            return other;
        }
        // a SerializedString keeps its UTF-8 bytes, so the text is not encoded again per decision
        Written made = new Written(x, new SerializedString(json(x)));
        WRITTEN[w == null ? slot : other == null ? slot ^ 1 : slot ^ (System.identityHashCode(made) & 1)] = made;
        return made;
    }

    /** Room for the reasons of some thousands of policies (a platform with 11,000 policies decides on a few thousand of them at a time). */
    private static final Written[] WRITTEN = new Written[1 << 14];

    private static void write(JsonGenerator g, List<EngineResponse.Reason> reasons) {
        g.writeStartArray();
        for (int i = 0; i < reasons.size(); i++) {
            g.writeRawValue(writtenEntry(reasons.get(i)).json());
        }
        g.writeEndArray();
    }

    private static String json(EngineResponse.Reason x) {
        java.io.StringWriter out = new java.io.StringWriter(128);
        try (JsonGenerator g = Json.MAPPER.createGenerator(out)) {
            write(g, x);
        }
        return out.toString();
    }

    private static void write(JsonGenerator g, EngineResponse.Reason x) {
        g.writeStartObject();
        g.writeName(POLICY);
        g.writeString(x.policyId());
        g.writeName(EFFECT);
        g.writeString(x.effect().keyword());
        g.writeName(ANNOTATIONS);
        g.writeStartObject();
        for (Map.Entry<String, String> a : x.annotations().entrySet()) {
            if (a.getValue() != null) {
                g.writeStringProperty(a.getKey(), a.getValue());
            }
        }
        g.writeEndObject();
        g.writeEndObject();
    }
}
