package dev.veto.server;

import dev.veto.cedar.authz.PolicyError;
import dev.veto.cedar.entity.Entity;
import dev.veto.cedar.json.CedarJson;
import dev.veto.cedar.value.EntityUid;
import dev.veto.cedar.value.RecordValue;
import dev.veto.control.ControlPlane;
import dev.veto.engine.EngineRequest;
import dev.veto.engine.EngineResponse;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.StreamWriteFeature;
import tools.jackson.core.io.SerializedString;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectWriter;

/** Decision requests and responses in the contract's JSON. */
final class DecisionJson {
    private static final Set<String> FIELDS = Set.of("principal", "action", "resource", "context", "entities", "atLeastRevision");
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

    /** Writes without closing the stream it writes to (the response's, which the server completes). */
    private static final ObjectWriter KEEP_OPEN = Json.MAPPER.writer().without(StreamWriteFeature.AUTO_CLOSE_TARGET);

    private DecisionJson() {}

    static EngineRequest request(JsonNode n, CedarJson.Path at) {
        for (String key : n.propertyNames()) {
            if (!FIELDS.contains(key)) {
                throw at.key(key).error("unknown field; a decision request has principal, action, resource, context, entities and atLeastRevision");
            }
        }
        EntityUid principal = CedarJson.parseUid(required(n, "principal", at), at.key("principal"));
        EntityUid action = CedarJson.parseUid(required(n, "action", at), at.key("action"));
        EntityUid resource = CedarJson.parseUid(required(n, "resource", at), at.key("resource"));
        JsonNode ctx = n.get("context");
        RecordValue context = ctx == null || ctx.isNull() ? RecordValue.EMPTY : CedarJson.parseContext(ctx, at.key("context"), null, action);
        if (context.attributes().containsKey("now")) {
            throw at.key("context").key("now").error("`now` is set by Veto from its own clock; leave it out");
        }
        JsonNode es = n.get("entities");
        List<Entity> entities = es == null || es.isNull() ? List.of() : CedarJson.parseEntities(es, at.key("entities").toString(), null);
        return new EngineRequest(principal, action, resource, context, entities);
    }

    private static JsonNode required(JsonNode n, String field, CedarJson.Path at) {
        JsonNode v = n.get(field);
        if (v == null || v.isNull()) {
            throw at.key(field).error("required: an entity reference such as {\"type\": \"User\", \"id\": \"alice\"}");
        }
        return v;
    }

    /**
     * One decision's response: {@code {decision, reasons: [{policy, effect, annotations}], errors:
     * [{policy, message}], revision, shadow?: {decision, reasons}}}, written by a streaming
     * generator (no maps per decision, no serializer look-ups).
     */
    static byte[] write(ControlPlane.Decision d) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        try (JsonGenerator g = Json.MAPPER.createGenerator(out)) {
            write(g, d);
        }
        return out.toByteArray();
    }

    /**
     * A batch's response, {@code {"responses": […], "revision": n}}, written to {@code out}: each
     * element a {@link ControlPlane.Decision} or an error object (written by the mapper).
     * {@code out} is flushed, not closed.
     */
    static void writeBatch(List<Object> responses, long revision, OutputStream out) {
        try (JsonGenerator g = KEEP_OPEN.createGenerator(out)) {
            g.writeStartObject();
            g.writeName("responses");
            g.writeStartArray();
            for (int i = 0; i < responses.size(); i++) {
                if (responses.get(i) instanceof ControlPlane.Decision d) {
                    write(g, d);
                } else {
                    g.writePOJO(responses.get(i));
                }
            }
            g.writeEndArray();
            g.writeNumberProperty("revision", revision);
            g.writeEndObject();
        }
    }

    private static void write(JsonGenerator g, ControlPlane.Decision d) {
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
     * Direct-mapped by identity and shared by all threads; a slot is replaced whole, and a thread
     * that reads an old one only misses.
     */
    private record Written(EngineResponse.Reason reason, SerializedString json) {}

    private static final Written[] WRITTEN = new Written[1024];

    private static void write(JsonGenerator g, List<EngineResponse.Reason> reasons) {
        g.writeStartArray();
        for (int i = 0; i < reasons.size(); i++) {
            EngineResponse.Reason x = reasons.get(i);
            int slot = System.identityHashCode(x) & (WRITTEN.length - 1);
            Written w = WRITTEN[slot];
            if (w == null || w.reason() != x) {
                // a SerializedString keeps its UTF-8 bytes, so the text is not encoded again per decision
                w = new Written(x, new SerializedString(json(x)));
                WRITTEN[slot] = w;
            }
            g.writeRawValue(w.json());
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
