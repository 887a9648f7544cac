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
            throw new JsonFormatException(sourceName + ": expected a JSON array of entities, got " + kind(root));
        }
        Map<EntityUid, Entity> out = new LinkedHashMap<>();
        if (schema != null) {
            for (ActionDef a : schema.actions().values()) {
                out.put(a.uid(), Entity.of(a.uid(), Map.of(), a.memberOf(), Map.of()));
            }
        }
        for (int i = 0; i < root.size(); i++) {
            Entity e = parseEntity(root.get(i), new Path(sourceName).index(i), schema);
            Entity prev = out.get(e.uid());
            if (prev != null) {
                if (schema != null && schema.action(e.uid()).isPresent()) {
                    Set<EntityUid> parents = new LinkedHashSet<>(prev.parents());
                    parents.addAll(e.parents());
                    e = Entity.of(e.uid(), e.attributes(), parents, e.tags());
                } else {
                    throw new JsonFormatException(new Path(sourceName).index(i) + ": entity `" + e.uid()
                            + "` appears more than once; merge its entries into one");
                }
            }
            out.put(e.uid(), e);
        }
        return new ArrayList<>(out.values());
    }

    /** Reads one entity object. */
    public static Entity parseEntity(JsonNode n, Path path, Schema schema) {
        if (n == null || !n.isObject()) {
            throw path.error("expected an entity object with `uid`, `attrs` and `parents`, got " + kind(n));
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
                throw path.key("attrs").error("expected an object, got " + kind(a));
            }
            SchemaType.RecordType shape = def == null ? null : def.shape();
            attrs = recordFields(a, shape, path.key("attrs"), def == null ? null : "entity `" + uid + "`");
        } else if (def != null) {
            attrs = recordFields(JsonNodeFactory.instance.objectNode(), def.shape(), path.key("attrs"), "entity `" + uid + "`");
        }
        Set<EntityUid> parents = new LinkedHashSet<>();
        JsonNode p = n.get("parents");
        if (p != null && !p.isNull()) {
            if (!p.isArray()) {
                throw path.key("parents").error("expected an array of entity references, got " + kind(p));
            }
            for (int i = 0; i < p.size(); i++) {
                parents.add(parseUid(p.get(i), path.key("parents").index(i)));
            }
        }
        Map<String, Value> tags = new HashMap<>();
        JsonNode t = n.get("tags");
        if (t != null && !t.isNull()) {
            if (!t.isObject()) {
                throw path.key("tags").error("expected an object, got " + kind(t));
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
    public static EntityUid parseUid(JsonNode n, Path path) {
        if (n != null && n.isObject() && n.has("__entity") && n.size() == 1) {
            return parseUid(n.get("__entity"), path.key("__entity"));
        }
        if (n == null || !n.isObject() || !n.has("type") || !n.has("id")) {
            throw path.error("expected an entity reference like {\"type\": \"User\", \"id\": \"alice\"}, got " + kind(n));
        }
        JsonNode type = n.get("type");
        JsonNode id = n.get("id");
        if (!type.isString()) {
            throw path.key("type").error("expected a string, got " + kind(type));
        }
        if (!id.isString()) {
            throw path.key("id").error("expected a string, got " + kind(id));
        }
        if (n.size() != 2) {
            throw path.error("an entity reference has only `type` and `id`");
        }
        return EntityUid.of(type.asString(), id.asString());
    }

    // ---- values ----

    /** Reads a value; {@code expected} (may be null) is its declared type, which steers implicit forms. */
    public static Value parseValue(JsonNode n, SchemaType expected, Path path) {
        if (n == null || n.isNull() || n.isMissingNode()) {
            throw path.error("expected a value, got null");
        }
        if (n.isObject() && n.size() == 1 && n.has("__extn")) {
            Value v = extn(n.get("__extn"), path.key("__extn"));
            return check(v, expected, path);
        }
        if (n.isObject() && n.size() == 1 && n.has("__entity")) {
            return check(parseUid(n.get("__entity"), path.key("__entity")), expected, path);
        }
        if (expected != null) {
            switch (expected) {
                case SchemaType.EntityRef ref -> {
                    if (n.isObject()) {
                        return check(parseUid(n, path), expected, path);
                    }
                }
                case SchemaType.Extension ext -> {
                    if (n.isString()) {
                        try {
                            return Extensions.construct(constructorOf(ext.name()), new StringValue(n.asString()));
                        } catch (EvalError e) {
                            throw path.error(e.getMessage());
                        }
                    }
                }
                case SchemaType.SetType set -> {
                    if (n.isArray()) {
                        Set<Value> out = new LinkedHashSet<>();
                        for (int i = 0; i < n.size(); i++) {
                            out.add(parseValue(n.get(i), set.element(), path.index(i)));
                        }
                        return new SetValue(out);
                    }
                }
                case SchemaType.RecordType rec -> {
                    if (n.isObject()) {
                        return new RecordValue(recordFields(n, rec, path, "record"));
                    }
                }
                default -> { }
            }
        }
        Value v;
        if (n.isBoolean()) {
            v = BoolValue.of(n.booleanValue());
        } else if (n.isIntegralNumber()) {
            if (!n.canConvertToLong()) {
                throw path.error("integer " + n + " is out of the 64-bit range");
            }
            v = LongValue.of(n.longValue());
        } else if (n.isNumber()) {
            throw path.error("Cedar has no fractional numbers; got " + n + " (use a decimal string with `decimal`)");
        } else if (n.isString()) {
            v = new StringValue(n.asString());
        } else if (n.isArray()) {
            Set<Value> out = new LinkedHashSet<>();
            for (int i = 0; i < n.size(); i++) {
                out.add(parseValue(n.get(i), null, path.index(i)));
            }
            v = new SetValue(out);
        } else if (n.isObject()) {
            v = new RecordValue(recordFields(n, null, path, null));
        } else {
            throw path.error("unsupported JSON value " + kind(n));
        }
        return check(v, expected, path);
    }

    private static Map<String, Value> recordFields(JsonNode n, SchemaType.RecordType shape, Path path, String owner) {
        Map<String, Value> out = new HashMap<>();
        for (var f : n.properties()) {
            Attribute declared = shape == null ? null : shape.attributes().get(f.getKey());
            if (shape != null && declared == null && owner != null) {
                throw path.key(f.getKey()).error("attribute `" + f.getKey() + "` of " + owner + " is not declared in the schema");
            }
            out.put(f.getKey(), parseValue(f.getValue(), declared == null ? null : declared.type(), path.key(f.getKey())));
        }
        if (shape != null && owner != null) {
            for (var a : shape.attributes().entrySet()) {
                if (a.getValue().required() && !out.containsKey(a.getKey())) {
                    throw path.error(owner + " lacks the required attribute `" + a.getKey() + "`");
                }
            }
        }
        return out;
    }

    /** Evaluates a {@code __extn} escape: {@code {"fn": …, "arg": …}} or {@code {"fn": …, "args": […]}}. */
    private static Value extn(JsonNode n, Path path) {
        if (n == null || !n.isObject() || !n.has("fn") || !n.get("fn").isString()) {
            throw path.error("expected {\"fn\": \"ip\", \"arg\": \"10.0.0.1\"} or {\"fn\": …, \"args\": […]}");
        }
        String fn = n.get("fn").asString();
        List<Value> args = new ArrayList<>();
        if (n.has("arg")) {
            args.add(parseValue(n.get("arg"), null, path.key("arg")));
        } else if (n.has("args") && n.get("args").isArray()) {
            JsonNode list = n.get("args");
            for (int i = 0; i < list.size(); i++) {
                args.add(parseValue(list.get(i), null, path.key("args").index(i)));
            }
        } else {
            throw path.error("`__extn` needs `arg` or an `args` list");
        }
        try {
            return Extensions.call(constructorOf(fn), args);
        } catch (EvalError e) {
            throw path.error(e.getMessage());
        }
    }

    private static String constructorOf(String extensionType) {
        return extensionType.equals("ipaddr") ? "ip" : extensionType;
    }

    /** Refuses a value whose type contradicts the declared one, as schema-based parsing does. */
    private static Value check(Value v, SchemaType expected, Path path) {
        if (expected == null) {
            return v;
        }
        boolean ok = switch (expected) {
            case SchemaType.Bool b -> v instanceof BoolValue;
            case SchemaType.Long l -> v instanceof LongValue;
            case SchemaType.StringType s -> v instanceof StringValue;
            case SchemaType.SetType s -> v instanceof SetValue;
            case SchemaType.RecordType r -> v instanceof RecordValue;
            case SchemaType.EntityRef r -> v instanceof EntityUid u && u.type().equals(r.typeName());
            case SchemaType.Extension e -> v instanceof ExtensionValue x && x.typeName().equals(constructorOf(e.name()));
        };
        if (!ok) {
            throw path.error("expected " + expected + ", got " + describe(v));
        }
        return v;
    }

    private static String describe(Value v) {
        return v instanceof EntityUid u ? "entity `" + u + "`" : v.typeName() + " " + v;
    }

    // ---- context and requests ----

    /** Reads a request context; with a schema, typed by the action's declared context. */
    public static RecordValue parseContext(JsonNode n, Path path, Schema schema, EntityUid action) {
        if (n == null || n.isNull() || n.isMissingNode()) {
            return RecordValue.EMPTY;
        }
        if (!n.isObject()) {
            throw path.error("context must be a JSON object, got " + kind(n));
        }
        SchemaType.RecordType shape = null;
        if (schema != null) {
            shape = schema.action(action).map(ActionDef::context).orElse(null);
        }
        return new RecordValue(recordFields(n, shape, path, shape == null ? null : "the context of `" + action + "`"));
    }

    /**
     * Reads a request object {@code {"principal", "action", "resource", "context"}}, each entity as
     * {@code {"type", "id"}}, {@code {"__entity": …}} or the Cedar literal string {@code "User::\"alice\""}.
     */
    public static Request parseRequest(JsonNode n, Path path, Schema schema) {
        if (n == null || !n.isObject()) {
            throw path.error("expected a request object with `principal`, `action`, `resource` and `context`");
        }
        EntityUid principal = requestUid(n, "principal", path);
        EntityUid action = requestUid(n, "action", path);
        EntityUid resource = requestUid(n, "resource", path);
        RecordValue context = parseContext(n.get("context"), path.key("context"), schema, action);
        return new Request(principal, action, resource, context);
    }

    private static EntityUid requestUid(JsonNode n, String key, Path path) {
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

    static String kind(JsonNode n) {
        if (n == null || n.isMissingNode()) {
            return "nothing";
        }
        if (n.isNull()) {
            return "null";
        }
        if (n.isObject()) {
            return "an object";
        }
        if (n.isArray()) {
            return "an array";
        }
        if (n.isString()) {
            return "a string";
        }
        if (n.isNumber()) {
            return "a number";
        }
        if (n.isBoolean()) {
            return "a boolean";
        }
        return n.getNodeType().toString().toLowerCase(java.util.Locale.ROOT);
    }

    /**
     * A location inside a JSON document, for error messages: {@code file: [2].attrs.owner}. A path
     * is made for every field parsed, error or not, so it keeps its parent and segment and writes
     * its text only when asked ({@link #at()}, {@link #toString()}, {@link #error}).
     */
    public static final class Path {
        private final String source;
        private final Path parent;
        private final String key;
        private final int index;
        private String at;

        public Path(String source) {
            this(source, "");
        }

        public Path(String source, String at) {
            this.source = source;
            this.parent = null;
            this.key = null;
            this.index = -1;
            this.at = at;
        }

        private Path(Path parent, String key, int index) {
            this.source = parent.source;
            this.parent = parent;
            this.key = key;
            this.index = index;
        }

        public Path key(String k) {
            return new Path(this, k, -1);
        }

        public Path index(int i) {
            return new Path(this, null, i);
        }

        public String source() {
            return source;
        }

        /** The location inside the document, e.g. {@code [2].attrs.owner} (empty at the root). */
        public String at() {
            String a = at;
            if (a == null) {
                String p = parent.at();
                if (key == null) {
                    a = p + "[" + index + "]";
                } else {
                    boolean plain = !key.isEmpty();
                    for (int i = 0; plain && i < key.length(); i++) {
                        char c = key.charAt(i);
                        plain = Character.isLetterOrDigit(c) || c == '_';
                    }
                    a = p + (plain ? (p.isEmpty() ? "" : ".") + key : "[" + dev.veto.cedar.value.Strings.quote(key) + "]");
                }
                at = a;
            }
            return a;
        }

        public JsonFormatException error(String message) {
            return new JsonFormatException(this + ": " + message);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Path p && source.equals(p.source) && at().equals(p.at());
        }

        @Override
        public int hashCode() {
            return source.hashCode() * 31 + at().hashCode();
        }

        @Override
        public String toString() {
            String a = at();
            return a.isEmpty() ? source : source + ": " + a;
        }
    }
}
