package dev.veto.server.decision;

import dev.veto.cedar.json.JsonPath;
import dev.veto.cedar.entity.Entity;
import dev.veto.cedar.json.CedarJson;
import dev.veto.cedar.value.EntityUid;
import dev.veto.cedar.value.RecordValue;
import dev.veto.engine.EngineRequest;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * The general reader of decision requests, over a JSON tree: it takes whatever the contract
 * allows (escapes, any Unicode, numbers of any form Cedar reads) and explains every fault field
 * by field, with its path. The fast reader leaves it every body it does not take.
 */
final class TreeReader {
    private TreeReader() {}

    static EngineRequest request(JsonNode n, JsonPath at) {
        for (String key : n.propertyNames()) {
            if (!RequestFields.REQUEST.contains(key)) {
                throw at.key(key).error(RequestFields.UNKNOWN_FIELD);
            }
        }
        EntityUid principal = CedarJson.parseUid(required(n, "principal", at), at.key("principal"));
        EntityUid action = CedarJson.parseUid(required(n, "action", at), at.key("action"));
        EntityUid resource = CedarJson.parseUid(required(n, "resource", at), at.key("resource"));
        JsonNode ctx = n.get("context");
        RecordValue context = ctx == null || ctx.isNull() ? RecordValue.EMPTY : CedarJson.parseContext(ctx, at.key("context"), null, action);
        if (context.attributes().containsKey(RequestFields.NOW)) {
            throw at.key("context").key(RequestFields.NOW).error(RequestFields.NOW_REFUSED);
        }
        JsonNode es = n.get("entities");
        List<Entity> entities = es == null || es.isNull() ? List.of() : CedarJson.parseEntities(es, at.key("entities").toString(), null);
        return new EngineRequest(principal, action, resource, context, entities);
    }

    private static JsonNode required(JsonNode n, String field, JsonPath at) {
        JsonNode v = n.get(field);
        if (v == null || v.isNull()) {
            throw at.key(field).error("required: an entity reference such as {\"type\": \"User\", \"id\": \"alice\"}");
        }
        return v;
    }
}
