package dev.veto.cedar.json;

import dev.veto.cedar.eval.EvalError;
import dev.veto.cedar.eval.Extensions;
import dev.veto.cedar.schema.Attribute;
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
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * Cedar values in JSON, as {@link CedarJson} reads them: plain JSON types, the {@code __entity}
 * and {@code __extn} escapes, and with a schema the implicit forms its declared types allow.
 */
final class ValueJson {
    private ValueJson() {}

    /** Reads a value; {@code expected} (may be null) is its declared type, which steers implicit forms. */
    static Value parse(JsonNode n, SchemaType expected, JsonPath path) {
        if (n == null || n.isNull() || n.isMissingNode()) {
            throw path.error("expected a value, got null");
        }
        if (n.isObject() && n.size() == 1 && n.has("__extn")) {
            Value v = extn(n.get("__extn"), path.key("__extn"));
            return check(v, expected, path);
        }
        if (n.isObject() && n.size() == 1 && n.has("__entity")) {
            return check(CedarJson.parseUid(n.get("__entity"), path.key("__entity")), expected, path);
        }
        if (expected != null) {
            switch (expected) {
                case SchemaType.EntityRef ref -> {
                    if (n.isObject()) {
                        return check(CedarJson.parseUid(n, path), expected, path);
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
                            out.add(parse(n.get(i), set.element(), path.index(i)));
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
                out.add(parse(n.get(i), null, path.index(i)));
            }
            v = new SetValue(out);
        } else if (n.isObject()) {
            v = new RecordValue(recordFields(n, null, path, null));
        } else {
            throw path.error("unsupported JSON value " + kind(n));
        }
        return check(v, expected, path);
    }

    static Map<String, Value> recordFields(JsonNode n, SchemaType.RecordType shape, JsonPath path, String owner) {
        Map<String, Value> out = new HashMap<>();
        for (var f : n.properties()) {
            Attribute declared = shape == null ? null : shape.attributes().get(f.getKey());
            if (shape != null && declared == null && owner != null) {
                throw path.key(f.getKey()).error("attribute `" + f.getKey() + "` of " + owner + " is not declared in the schema");
            }
            out.put(f.getKey(), parse(f.getValue(), declared == null ? null : declared.type(), path.key(f.getKey())));
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
    private static Value extn(JsonNode n, JsonPath path) {
        if (n == null || !n.isObject() || !n.has("fn") || !n.get("fn").isString()) {
            throw path.error("expected {\"fn\": \"ip\", \"arg\": \"10.0.0.1\"} or {\"fn\": …, \"args\": […]}");
        }
        String fn = n.get("fn").asString();
        List<Value> args = new ArrayList<>();
        if (n.has("arg")) {
            args.add(parse(n.get("arg"), null, path.key("arg")));
        } else if (n.has("args") && n.get("args").isArray()) {
            JsonNode list = n.get("args");
            for (int i = 0; i < list.size(); i++) {
                args.add(parse(list.get(i), null, path.key("args").index(i)));
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
    private static Value check(Value v, SchemaType expected, JsonPath path) {
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
}
