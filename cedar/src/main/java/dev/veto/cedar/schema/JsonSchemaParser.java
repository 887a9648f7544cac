package dev.veto.cedar.schema;

import dev.veto.cedar.schema.Raw.ActionDecl;
import dev.veto.cedar.schema.Raw.ActionRef;
import dev.veto.cedar.schema.Raw.CommonDecl;
import dev.veto.cedar.schema.Raw.EntityDecl;
import dev.veto.cedar.schema.Raw.Pos;
import dev.veto.cedar.schema.Raw.RefKind;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.core.json.JsonFactory;

/**
 * Parses the JSON schema format, with the field rules of the reference's {@code json_schema.rs}:
 * unknown fields, duplicate keys and misplaced type fields are errors.
 */
final class JsonSchemaParser {
    private static final JsonFactory FACTORY = new JsonFactory();
    private static final Set<String> TYPE_FIELDS = Set.of("type", "element", "attributes", "additionalAttributes", "name");

    /** A JSON value with the position where it starts, so that errors can point into the text. */
    private sealed interface J {
        Pos pos();
    }

    private record JObject(Map<String, J> fields, Pos pos) implements J {}

    private record JArray(List<J> items, Pos pos) implements J {}

    private record JString(String value, Pos pos) implements J {}

    private record JBool(boolean value, Pos pos) implements J {}

    private record JNumber(Pos pos) implements J {}

    private record JNull(Pos pos) implements J {}

    private final String json;
    private final String source;
    private final List<CommonDecl> commons = new ArrayList<>();
    private final List<EntityDecl> entities = new ArrayList<>();
    private final List<ActionDecl> actions = new ArrayList<>();

    JsonSchemaParser(String json, String source) {
        this.json = json;
        this.source = source;
    }

    Raw.Document parse() {
        J root;
        JsonParser p = FACTORY.createParser(ObjectReadContext.empty(), json);
        try (p) {
            if (p.nextToken() == null) {
                throw error(new Pos(1, 1), "expected a JSON object, found end of input");
            }
            root = read(p, 0);
            if (p.nextToken() != null) {
                throw error(pos(p), "unexpected content after the schema object");
            }
        } catch (JacksonException e) {
            // Limit violations carry no location of their own.
            TokenStreamLocation loc = e.getLocation() != null && e.getLocation().getLineNr() > 0
                    ? e.getLocation()
                    : p.currentLocation();
            throw new SchemaException(source, Math.max(loc.getLineNr(), 1), Math.max(loc.getColumnNr(), 1),
                    "malformed JSON: " + e.getOriginalMessage());
        }
        JObject namespaces = object(root, "the schema");
        for (Map.Entry<String, J> ns : namespaces.fields().entrySet()) {
            namespace(ns.getKey(), ns.getValue());
        }
        return new Raw.Document(commons, entities, actions);
    }

    // ---- schema structure

    private void namespace(String name, J value) {
        String what = name.isEmpty() ? "the empty namespace" : "namespace `" + name + "`";
        if (!name.isEmpty()) {
            if (!Raw.isName(name)) {
                throw error(value.pos(), "invalid namespace name `" + name + "`");
            }
            for (String part : name.split("::")) {
                if (part.equals(Raw.CEDAR_NAMESPACE)) {
                    throw error(value.pos(), "`__cedar` is reserved and cannot be part of a namespace name");
                }
            }
        }
        JObject def = object(value, what);
        checkFields(def, what, Set.of("commonTypes", "entityTypes", "actions", "annotations"));
        J annotations = def.fields().get("annotations");
        if (annotations != null) {
            annotations(annotations);
            if (name.isEmpty() && !((JObject) annotations).fields().isEmpty()) {
                throw error(annotations.pos(), "annotations are not allowed on the empty namespace");
            }
        }
        J commonTypes = def.fields().get("commonTypes");
        if (commonTypes != null) {
            for (Map.Entry<String, J> e : object(commonTypes, "`commonTypes`").fields().entrySet()) {
                String id = identifier(e.getKey(), e.getValue(), "common type name");
                JObject body = object(e.getValue(), "common type `" + id + "`");
                commons.add(new CommonDecl(name, id, type(body, Set.of("annotations"), 1), body.pos()));
            }
        }
        J entityTypes = required(def, "entityTypes", what);
        for (Map.Entry<String, J> e : object(entityTypes, "`entityTypes`").fields().entrySet()) {
            entityType(name, identifier(e.getKey(), e.getValue(), "entity type name"), e.getValue());
        }
        J actionDefs = required(def, "actions", what);
        for (Map.Entry<String, J> e : object(actionDefs, "`actions`").fields().entrySet()) {
            action(name, e.getKey(), e.getValue());
        }
    }

    private void entityType(String ns, String id, J value) {
        String what = "entity type `" + id + "`";
        JObject def = object(value, what);
        checkFields(def, what, Set.of("memberOfTypes", "shape", "tags", "enum", "annotations"));
        for (Map.Entry<String, J> f : def.fields().entrySet()) {
            if (f.getValue() instanceof JNull n) {
                throw error(n.pos(), "`" + f.getKey() + "` of " + what + " must not be null");
            }
        }
        if (def.fields().containsKey("annotations")) {
            annotations(def.fields().get("annotations"));
        }
        J choices = def.fields().get("enum");
        if (choices != null) {
            for (String other : List.of("memberOfTypes", "shape", "tags")) {
                if (def.fields().containsKey(other)) {
                    throw error(def.fields().get(other).pos(), "unexpected field `" + other
                            + "` in enumerated " + what);
                }
            }
            JArray items = array(choices, "`enum` of " + what);
            if (items.items().isEmpty()) {
                throw error(items.pos(), "`enum` of " + what + " must list at least one entity id");
            }
            List<String> ids = new ArrayList<>();
            for (J item : items.items()) {
                ids.add(string(item, "an entity id in `enum`"));
            }
            entities.add(new EntityDecl(ns, id, List.of(), null, null, ids, def.pos()));
            return;
        }
        List<Raw.Name> memberOf = def.fields().containsKey("memberOfTypes")
                ? names(def.fields().get("memberOfTypes"), "`memberOfTypes` of " + what)
                : List.of();
        J shapeJson = def.fields().get("shape");
        Raw.Type shape = shapeJson == null ? null : type(object(shapeJson, "`shape` of " + what), Set.of(), 1);
        J tagsJson = def.fields().get("tags");
        Raw.Type tags = tagsJson == null ? null : type(object(tagsJson, "`tags` of " + what), Set.of(), 1);
        entities.add(new EntityDecl(ns, id, memberOf, shape, tags, null, def.pos()));
    }

    private void action(String ns, String id, J value) {
        String what = "action `" + id + "`";
        JObject def = object(value, what);
        checkFields(def, what, Set.of("attributes", "appliesTo", "memberOf", "annotations"));
        J attributes = def.fields().get("attributes");
        if (attributes != null && !(attributes instanceof JNull)) {
            throw error(attributes.pos(), "action attributes are not supported (" + what + ")");
        }
        if (def.fields().containsKey("annotations")) {
            annotations(def.fields().get("annotations"));
        }
        List<ActionRef> memberOf = new ArrayList<>();
        J parents = def.fields().get("memberOf");
        if (parents != null && !(parents instanceof JNull)) {
            for (J item : array(parents, "`memberOf` of " + what).items()) {
                JObject ref = object(item, "an action reference in `memberOf`");
                checkFields(ref, "an action reference", Set.of("id", "type"));
                String parentId = string(required(ref, "id", "an action reference"), "the action `id`");
                J type = ref.fields().get("type");
                Raw.Name typeName = null;
                if (type != null && !(type instanceof JNull)) {
                    typeName = name(type, "the action `type`");
                }
                memberOf.add(new ActionRef(typeName, parentId, ref.pos()));
            }
        }
        List<Raw.Name> principals = List.of();
        List<Raw.Name> resources = List.of();
        Raw.Type context = null;
        J appliesTo = def.fields().get("appliesTo");
        if (appliesTo != null && !(appliesTo instanceof JNull)) {
            String where = "`appliesTo` of " + what;
            JObject spec = object(appliesTo, where);
            checkFields(spec, where, Set.of("principalTypes", "resourceTypes", "context"));
            principals = names(required(spec, "principalTypes", where), "`principalTypes` of " + what);
            resources = names(required(spec, "resourceTypes", where), "`resourceTypes` of " + what);
            J ctx = spec.fields().get("context");
            if (ctx != null) {
                context = type(object(ctx, "`context` of " + what), Set.of(), 1);
            }
        }
        actions.add(new ActionDecl(ns, id, memberOf, principals, resources, context, def.pos()));
    }

    /** A type object; {@code extra} names the non-type fields allowed alongside, e.g. {@code required}. */
    private Raw.Type type(JObject obj, Set<String> extra, int depth) {
        if (depth > Resolver.MAX_DEPTH) {
            throw error(obj.pos(), "type is nested more than " + Resolver.MAX_DEPTH + " levels deep");
        }
        for (Map.Entry<String, J> f : obj.fields().entrySet()) {
            if (!TYPE_FIELDS.contains(f.getKey()) && !extra.contains(f.getKey())) {
                throw error(f.getValue().pos(), "unknown field `" + f.getKey() + "` in a type");
            }
        }
        if (obj.fields().containsKey("annotations")) {
            annotations(obj.fields().get("annotations"));
        }
        String type = string(required(obj, "type", "a type"), "the `type` of a type");
        return switch (type) {
            case "String", "Long", "Boolean" -> {
                onlyFields(obj, type, Set.of());
                SchemaType prim = switch (type) {
                    case "String" -> SchemaType.STRING;
                    case "Long" -> SchemaType.LONG;
                    default -> SchemaType.BOOL;
                };
                yield new Raw.Prim(prim, obj.pos());
            }
            case "Set" -> {
                onlyFields(obj, type, Set.of("element"));
                JObject element = object(required(obj, "element", "a `Set` type"), "the `element` of a `Set` type");
                yield new Raw.SetOf(type(element, Set.of(), depth + 1), obj.pos());
            }
            case "Record" -> {
                onlyFields(obj, type, Set.of("attributes", "additionalAttributes"));
                J open = obj.fields().get("additionalAttributes");
                if (open != null) {
                    if (!(open instanceof JBool b)) {
                        throw error(open.pos(), "`additionalAttributes` must be a boolean");
                    }
                    if (b.value()) {
                        // The reference rejects open records unless built for partial validation.
                        throw error(open.pos(), "records with `additionalAttributes: true` are not supported");
                    }
                }
                JObject attrs = object(required(obj, "attributes", "a `Record` type"), "`attributes`");
                Map<String, Raw.Attr> result = new LinkedHashMap<>();
                for (Map.Entry<String, J> a : attrs.fields().entrySet()) {
                    JObject attr = object(a.getValue(), "attribute `" + a.getKey() + "`");
                    J required = attr.fields().get("required");
                    if (required != null && !(required instanceof JBool)) {
                        throw error(required.pos(), "`required` must be a boolean");
                    }
                    Raw.Type t = type(attr, Set.of("required", "annotations"), depth + 1);
                    result.put(a.getKey(), new Raw.Attr(t, required == null || ((JBool) required).value()));
                }
                yield new Raw.Rec(result, obj.pos());
            }
            case "Entity", "EntityOrCommon" -> {
                onlyFields(obj, type, Set.of("name"));
                Raw.Name n = name(required(obj, "name", "an `" + type + "` type"), "the `name` of an `" + type + "` type");
                yield new Raw.Ref(n, type.equals("Entity") ? RefKind.ENTITY : RefKind.COMMON_OR_ENTITY);
            }
            case "Extension" -> {
                onlyFields(obj, type, Set.of("name"));
                J n = required(obj, "name", "an `Extension` type");
                yield new Raw.Ext(identifier(string(n, "the `name` of an `Extension` type"), n, "extension type name"),
                        n.pos());
            }
            default -> {
                onlyFields(obj, "a common type reference", Set.of());
                J t = obj.fields().get("type");
                if (!Raw.isName(type)) {
                    throw error(t.pos(), "invalid common type name `" + type + "`");
                }
                yield new Raw.Ref(new Raw.Name(type, t.pos()), RefKind.COMMON);
            }
        };
    }

    /** Rejects the type fields other than {@code type} and {@code allowed}. */
    private void onlyFields(JObject obj, String kind, Set<String> allowed) {
        for (Map.Entry<String, J> f : obj.fields().entrySet()) {
            if (TYPE_FIELDS.contains(f.getKey()) && !f.getKey().equals("type") && !allowed.contains(f.getKey())) {
                throw error(f.getValue().pos(), "unexpected field `" + f.getKey() + "` for type `" + kind + "`");
            }
        }
    }

    private void annotations(J value) {
        for (Map.Entry<String, J> e : object(value, "`annotations`").fields().entrySet()) {
            if (!(e.getValue() instanceof JString) && !(e.getValue() instanceof JNull)) {
                throw error(e.getValue().pos(), "the value of annotation `" + e.getKey() + "` must be a string");
            }
        }
    }

    // ---- value helpers

    private void checkFields(JObject obj, String what, Set<String> allowed) {
        for (Map.Entry<String, J> f : obj.fields().entrySet()) {
            if (!allowed.contains(f.getKey())) {
                throw error(f.getValue().pos(), "unknown field `" + f.getKey() + "` in " + what
                        + "; expected one of " + allowed.stream().sorted().toList());
            }
        }
    }

    private J required(JObject obj, String field, String what) {
        J value = obj.fields().get(field);
        if (value == null) {
            throw error(obj.pos(), "missing field `" + field + "` in " + what);
        }
        return value;
    }

    private JObject object(J value, String what) {
        if (value instanceof JObject o) {
            return o;
        }
        throw error(value.pos(), what + " must be a JSON object, found " + describe(value));
    }

    private JArray array(J value, String what) {
        if (value instanceof JArray a) {
            return a;
        }
        throw error(value.pos(), what + " must be a JSON array, found " + describe(value));
    }

    private String string(J value, String what) {
        if (value instanceof JString s) {
            return s.value();
        }
        throw error(value.pos(), what + " must be a string, found " + describe(value));
    }

    private Raw.Name name(J value, String what) {
        String s = string(value, what);
        if (!Raw.isName(s)) {
            throw error(value.pos(), "invalid type name `" + s + "` in " + what);
        }
        return new Raw.Name(s, value.pos());
    }

    private List<Raw.Name> names(J value, String what) {
        List<Raw.Name> result = new ArrayList<>();
        for (J item : array(value, what).items()) {
            result.add(name(item, what));
        }
        return result;
    }

    /** An unqualified identifier that is not a reserved word. */
    private String identifier(String s, J at, String what) {
        if (!Raw.isIdentifier(s) || Raw.RESERVED_WORDS.contains(s)) {
            throw error(at.pos(), "invalid " + what + " `" + s + "`");
        }
        return s;
    }

    private static String describe(J value) {
        return switch (value) {
            case JObject o -> "an object";
            case JArray a -> "an array";
            case JString s -> "a string";
            case JBool b -> "a boolean";
            case JNumber n -> "a number";
            case JNull n -> "null";
        };
    }

    // ---- JSON reading

    private J read(JsonParser p, int depth) {
        Pos pos = pos(p);
        if (depth > 4 * Resolver.MAX_DEPTH) {
            throw error(pos, "JSON is nested too deeply");
        }
        JsonToken t = p.currentToken();
        switch (t) {
            case START_OBJECT -> {
                Map<String, J> fields = new LinkedHashMap<>();
                while (p.nextToken() == JsonToken.PROPERTY_NAME) {
                    String key = p.currentName();
                    Pos keyPos = pos(p);
                    p.nextToken();
                    if (fields.put(key, read(p, depth + 1)) != null) {
                        throw error(keyPos, "duplicate key `" + key + "`");
                    }
                }
                return new JObject(fields, pos);
            }
            case START_ARRAY -> {
                List<J> items = new ArrayList<>();
                while (p.nextToken() != JsonToken.END_ARRAY) {
                    items.add(read(p, depth + 1));
                }
                return new JArray(items, pos);
            }
            case VALUE_STRING -> {
                return new JString(p.getString(), pos);
            }
            case VALUE_TRUE, VALUE_FALSE -> {
                return new JBool(t == JsonToken.VALUE_TRUE, pos);
            }
            case VALUE_NULL -> {
                return new JNull(pos);
            }
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> {
                return new JNumber(pos);
            }
            default -> throw error(pos, "unexpected JSON token " + t);
        }
    }

    private static Pos pos(JsonParser p) {
        TokenStreamLocation loc = p.currentTokenLocation();
        return new Pos(loc.getLineNr(), loc.getColumnNr());
    }

    private SchemaException error(Pos pos, String message) {
        return new SchemaException(source, pos.line(), pos.column(), message);
    }
}
