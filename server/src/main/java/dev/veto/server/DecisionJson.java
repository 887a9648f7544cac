package dev.veto.server;

import dev.veto.cedar.authz.PolicyError;
import dev.veto.cedar.entity.Entity;
import dev.veto.cedar.json.CedarJson;
import dev.veto.cedar.value.EntityUid;
import dev.veto.cedar.value.RecordValue;
import dev.veto.control.ControlPlane;
import dev.veto.engine.EngineRequest;
import dev.veto.engine.EngineResponse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/** Decision requests and responses in the contract's JSON. */
final class DecisionJson {
    private static final Set<String> FIELDS = Set.of("principal", "action", "resource", "context", "entities", "atLeastRevision");

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

    static Map<String, Object> tree(ControlPlane.Decision d) {
        EngineResponse r = d.response();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("decision", r.isAllowed() ? "allow" : "deny");
        m.put("reasons", reasons(r.reasons()));
        List<Map<String, Object>> errors = new ArrayList<>(r.errors().size());
        for (PolicyError e : r.errors()) {
            errors.add(Map.of("policy", e.policyId(), "message", e.message()));
        }
        m.put("errors", errors);
        m.put("revision", r.revision());
        if (!d.shadowDenials().isEmpty()) {
            m.put("shadow", Map.of("decision", "deny", "reasons", reasons(d.shadowDenials())));
        }
        return m;
    }

    private static List<Map<String, Object>> reasons(List<EngineResponse.Reason> reasons) {
        List<Map<String, Object>> out = new ArrayList<>(reasons.size());
        for (EngineResponse.Reason x : reasons) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("policy", x.policyId());
            m.put("effect", x.effect().keyword());
            m.put("annotations", x.annotations());
            out.add(m);
        }
        return out;
    }

    static byte[] write(ControlPlane.Decision d) {
        return Json.write(tree(d));
    }
}
