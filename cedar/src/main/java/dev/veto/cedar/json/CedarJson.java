package dev.veto.cedar.json;

import dev.veto.cedar.ast.Request;
import dev.veto.cedar.entity.Entity;
import dev.veto.cedar.eval.EvalError;
import dev.veto.cedar.eval.Extensions;
import dev.veto.cedar.schema.ActionDef;
import dev.veto.cedar.schema.Attribute;
import dev.veto.cedar.schema.EntityTypeDef;
import dev.veto.cedar.schema.Schema;
import dev.veto.cedar.schema.SchemaType;
import dev.veto.cedar.value.BoolValue;
import dev.veto.cedar.value.EntityUid;
import dev.veto.cedar.value.ExtensionValue;
import dev.veto.cedar.value.LongValue;
import dev.veto.cedar.value.RecordValue;
import dev.veto.cedar.value.SetValue;
import dev.veto.cedar.value.StringValue;
import dev.veto.cedar.value.Value;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Cedar's JSON formats: entities ({@code uid}, {@code attrs}, {@code parents}, {@code tags}),
 * values with the {@code __entity} and {@code __extn} escapes (including the {@code args} list
 * form), context, and requests.
 *
 * <p>With a schema, values are read by their declared types, as Cedar does: a string where the
 * schema declares {@code ipaddr} is {@code ip("…")}, an object {@code {"type", "id"}} where it
 * declares an entity type is a reference, the schema's action hierarchy is added to the entities.
 * Without a schema, JSON types map directly (objects are records).
 */
public final class CedarJson {
    private CedarJson() {}

    /** Deepest JSON nesting accepted: Jackson refuses deeper input before we recurse into it. */
    public static final int MAX_NESTING = 200;

    private static final JsonMapper MAPPER = JsonMapper.builder(JsonFactory.builder()
                    .streamReadConstraints(StreamReadConstraints.builder()
                            .maxNestingDepth(MAX_NESTING)
                            .maxNumberLength(100)
                            .build())
                    .build())
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    /** Parses JSON text into a tree, with a clear error (and no stack trace) on bad syntax. */
    public static JsonNode readTree(String json, String sourceName) {
        try {
            return MAPPER.readTree(json);
        } catch (JacksonException e) {
            String msg = e.getOriginalMessage();
            var loc = e.getLocation();
            String where = loc == null ? "" : ":" + loc.getLineNr() + ":" + loc.getColumnNr();
            throw new JsonFormatException(sourceName + where + ": invalid JSON: " + msg);
        }
    }

    public static JsonMapper mapper() {
        return MAPPER;
    }

    // ---- entities ----

    /** Reads an entities file: a JSON array of entities. With a schema, the schema's actions are added. */
    public static List<Entity> parseEntities(String json, String sourceName, Schema schema) {
        return parseEntities(readTree(json, sourceName), sourceName, schema);
    }

    public static List<Entity> parseEntities(JsonNode root, String sourceName, Schema schema) {
        if (root == null || !root.isArray()) {
            throw new JsonFormatException(sourceName + ": expected a JSON array of entities, got " + ValueJson.kind(root));
        }
        Map<EntityUid, Entity> out = new LinkedHashMap<>();
        if (schema != null) {
            for (ActionDef a : schema.actions().values()) {
                out.put(a.uid(), Entity.of(a.uid(), Map.of(), a.memberOf(), Map.of()));
            }
        }
        for (int i = 0; i < root.size(); i++) {
            Entity e = parseEntity(root.get(i), new JsonPath(sourceName).index(i), schema);
            Entity prev = out.get(e.uid());
            if (prev != null) {
                if (schema != null && schema.action(e.uid()).isPresent()) {
                    Set<EntityUid> parents = new LinkedHashSet<>(prev.parents());
                    parents.addAll(e.parents());
                    e = Entity.of(e.uid(), e.attributes(), parents, e.tags());
                } else {
                    throw new JsonFormatException(new JsonPath(sourceName).index(i) + ": entity `" + e.uid()
                            + "` appears more than once; merge its entries into one");
                }
            }
            out.put(e.uid(), e);
        }
        return new ArrayList<>(out.values());
    }

    /** Reads one entity object. */
    public static Entity parseEntity(JsonNode n, JsonPath path, Schema schema) {
        if (n == null || !n.isObject()) {
            throw path.error("expected an entity object with `uid`, `attrs` and `parents`, got " + ValueJson.kind(n));
        }
        for (String key : n.propertyNames()) {
            if (!key.equals("uid") && !key.equals("attrs") && !key.equals("parents") && !key.equals("tags")) {
                throw path.key(key).error("unexpected field; an entity has `uid`, `attrs`, `parents` and `tags`");
            }
        }
        if (!n.has("uid")) {
            throw path.error("entity has no `uid`");
        }
        EntityUid uid = parseUid(n.get("uid"), path.key("uid"));
        EntityTypeDef def = null;
        if (schema != null) {
            def = schema.entityType(uid.type()).orElse(null);
            if (def == null && !schema.isActionType(uid.type())) {
                throw path.key("uid").error("entity type `" + uid.type() + "` is not declared in the schema");
            }
        }
        Map<String, Value> attrs = new HashMap<>();
        JsonNode a = n.get("attrs");
        if (a != null && !a.isNull()) {
            if (!a.isObject()) {
                throw path.key("attrs").error("expected an object, got " + ValueJson.kind(a));
            }
            SchemaType.RecordType shape = def == null ? null : def.shape();
            attrs = ValueJson.recordFields(a, shape, path.key("attrs"), def == null ? null : "entity `" + uid + "`");
        } else if (def != null) {
            attrs = ValueJson.recordFields(JsonNodeFactory.instance.objectNode(), def.shape(), path.key("attrs"), "entity `" + uid + "`");
        }
        Set<EntityUid> parents = new LinkedHashSet<>();
        JsonNode p = n.get("parents");
        if (p != null && !p.isNull()) {
            if (!p.isArray()) {
                throw path.key("parents").error("expected an array of entity references, got " + ValueJson.kind(p));
            }
            for (int i = 0; i < p.size(); i++) {
                parents.add(parseUid(p.get(i), path.key("parents").index(i)));
            }
        }
        Map<String, Value> tags = new HashMap<>();
        JsonNode t = n.get("tags");
        if (t != null && !t.isNull()) {
            if (!t.isObject()) {
                throw path.key("tags").error("expected an object, got " + ValueJson.kind(t));
            }
            SchemaType tagType = def == null ? null : def.tags();
            if (def != null && tagType == null && !t.isEmpty()) {
                throw path.key("tags").error("entity type `" + uid.type() + "` declares no tags in the schema");
            }
            for (var f : t.properties()) {
                tags.put(f.getKey(), parseValue(f.getValue(), tagType, path.key("tags").key(f.getKey())));
            }
        }
        return Entity.of(uid, attrs, parents, tags);
    }

    /** Reads an entity reference: {@code {"type": …, "id": …}} or {@code {"__entity": {…}}}. */
    public static EntityUid parseUid(JsonNode n, JsonPath path) {
        if (n != null && n.isObject() && n.has("__entity") && n.size() == 1) {
            return parseUid(n.get("__entity"), path.key("__entity"));
        }
        if (n == null || !n.isObject() || !n.has("type") || !n.has("id")) {
            throw path.error("expected an entity reference like {\"type\": \"User\", \"id\": \"alice\"}, got " + ValueJson.kind(n));
        }
        JsonNode type = n.get("type");
        JsonNode id = n.get("id");
        if (!type.isString()) {
            throw path.key("type").error("expected a string, got " + ValueJson.kind(type));
        }
        if (!id.isString()) {
            throw path.key("id").error("expected a string, got " + ValueJson.kind(id));
        }
        if (n.size() != 2) {
            throw path.error("an entity reference has only `type` and `id`");
        }
        return EntityUid.of(type.asString(), id.asString());
    }

    // ---- values ----

    /** Reads a value; {@code expected} (may be null) is its declared type, which steers implicit forms. */
    public static Value parseValue(JsonNode n, SchemaType expected, JsonPath path) {
        return ValueJson.parse(n, expected, path);
    }

    // ---- context and requests ----

    /** Reads a request context; with a schema, typed by the action's declared context. */
    public static RecordValue parseContext(JsonNode n, JsonPath path, Schema schema, EntityUid action) {
        if (n == null || n.isNull() || n.isMissingNode()) {
            return RecordValue.EMPTY;
        }
        if (!n.isObject()) {
            throw path.error("context must be a JSON object, got " + ValueJson.kind(n));
        }
        SchemaType.RecordType shape = null;
        if (schema != null) {
            shape = schema.action(action).map(ActionDef::context).orElse(null);
        }
        return new RecordValue(ValueJson.recordFields(n, shape, path, shape == null ? null : "the context of `" + action + "`"));
    }

    /**
     * Reads a request object {@code {"principal", "action", "resource", "context"}}, each entity as
     * {@code {"type", "id"}}, {@code {"__entity": …}} or the Cedar literal string {@code "User::\"alice\""}.
     */
    public static Request parseRequest(JsonNode n, JsonPath path, Schema schema) {
        if (n == null || !n.isObject()) {
            throw path.error("expected a request object with `principal`, `action`, `resource` and `context`");
        }
        EntityUid principal = requestUid(n, "principal", path);
        EntityUid action = requestUid(n, "action", path);
        EntityUid resource = requestUid(n, "resource", path);
        RecordValue context = parseContext(n.get("context"), path.key("context"), schema, action);
        return new Request(principal, action, resource, context);
    }

    private static EntityUid requestUid(JsonNode n, String key, JsonPath path) {
        JsonNode v = n.get(key);
        if (v == null) {
            throw path.error("request has no `" + key + "`");
        }
        if (v.isString()) {
            try {
                return dev.veto.cedar.parser.PolicyParser.parseEntityUid(v.asString(), key);
            } catch (dev.veto.cedar.parser.CedarSyntaxError e) {
                throw path.key(key).error("expected an entity like User::\"alice\": " + e.problem());
            }
        }
        return parseUid(v, path.key(key));
    }

    // ---- writing ----

    /** The JSON form of a value, with {@code __entity} and {@code __extn} escapes. */
    public static JsonNode toJson(Value v) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        return switch (v) {
            case BoolValue b -> f.booleanNode(b.value());
            case LongValue l -> f.numberNode(l.value());
            case StringValue s -> f.stringNode(s.value());
            case EntityUid u -> {
                ObjectNode o = f.objectNode();
                o.set("__entity", uidJson(u));
                yield o;
            }
            case SetValue s -> {
                ArrayNode a = f.arrayNode();
                s.elements().forEach(e -> a.add(toJson(e)));
                yield a;
            }
            case RecordValue r -> {
                ObjectNode o = f.objectNode();
                r.sortedAttributes().forEach((k, x) -> o.set(k, toJson(x)));
                yield o;
            }
            case ExtensionValue x -> {
                ObjectNode inner = f.objectNode();
                inner.put("fn", x.constructorName());
                inner.put("arg", x.toLiteralString());
                ObjectNode o = f.objectNode();
                o.set("__extn", inner);
                yield o;
            }
        };
    }

    /** {@code {"type": …, "id": …}}. */
    public static ObjectNode uidJson(EntityUid u) {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.put("type", u.type());
        o.put("id", u.id());
        return o;
    }

    /** The JSON form of an entity. */
    public static ObjectNode toJson(Entity e) {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.set("uid", uidJson(e.uid()));
        ObjectNode attrs = o.putObject("attrs");
        new java.util.TreeMap<>(e.attributes()).forEach((k, v) -> attrs.set(k, toJson(v)));
        ArrayNode parents = o.putArray("parents");
        e.parents().forEach(p -> parents.add(uidJson(p)));
        if (!e.tags().isEmpty()) {
            ObjectNode tags = o.putObject("tags");
            new java.util.TreeMap<>(e.tags()).forEach((k, v) -> tags.set(k, toJson(v)));
        }
        return o;
    }

}
