package dev.veto.cedar.schema;

import dev.veto.cedar.schema.SchemaType.RecordType;
import dev.veto.cedar.value.EntityUid;
import dev.veto.cedar.value.Strings;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Writes a {@link Schema} in the Cedar schema format or the JSON one, so that parsing what it
 * writes gives an equal schema. Names are written as short as they resolve back: a type of the
 * declaration's own namespace or of the empty one by its base name, any other fully qualified.
 *
 * <p>Contexts may be given names ({@code contexts}): each is declared once as a common type of the
 * empty namespace and every action whose context equals it names it, so a schema of thousands of
 * actions with one context reads as one declaration. Actions that agree in everything but their
 * id are written as one declaration. An action that applies to nothing is written without
 * {@code appliesTo} in the Cedar format, which cannot say more (its context can never be used).
 * (A namespaced type that shares its base name with one of the empty namespace, which Cedar's
 * parsers refuse, would make a reference to the latter from inside that namespace ambiguous.)
 */
public final class SchemaPrinter {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private final Schema schema;
    /** Named contexts, those usable: of record type and not clashing with an entity type of the empty namespace. */
    private final Map<String, RecordType> contexts = new LinkedHashMap<>();

    private SchemaPrinter(Schema schema, Map<String, RecordType> contexts) {
        this.schema = Objects.requireNonNull(schema, "schema");
        contexts.forEach((name, type) -> {
            if (Raw.isIdentifier(name) && !Raw.RESERVED_WORDS.contains(name) && !schema.entityTypes().containsKey(name)) {
                this.contexts.put(name, type);
            }
        });
    }

    /** {@code schema} in the Cedar schema format ({@code .cedarschema}). */
    public static String cedar(Schema schema) {
        return cedar(schema, Map.of());
    }

    /** {@code schema} in the Cedar schema format, with the given contexts named (see the class comment). */
    public static String cedar(Schema schema, Map<String, RecordType> contexts) {
        return new SchemaPrinter(schema, contexts).cedar();
    }

    /** {@code schema} in the JSON schema format. */
    public static JsonNode json(Schema schema) {
        return json(schema, Map.of());
    }

    /** {@code schema} in the JSON schema format, with the given contexts named (see the class comment). */
    public static JsonNode json(Schema schema, Map<String, RecordType> contexts) {
        return new SchemaPrinter(schema, contexts).json();
    }

    // ---- what both formats share

    /** The declarations of one namespace, in the schema's order. */
    private record Namespace(List<EntityTypeDef> entityTypes, Map<ActionShape, List<String>> actions) {}

    /** What an action declaration says besides the action's id: equal shapes are written as one declaration. */
    private record ActionShape(Set<EntityUid> memberOf, Set<String> principalTypes, Set<String> resourceTypes, RecordType context) {}

    private Map<String, Namespace> namespaces() {
        Map<String, Namespace> out = new LinkedHashMap<>();
        out.put("", new Namespace(new ArrayList<>(), new LinkedHashMap<>()));
        for (EntityTypeDef t : schema.entityTypes().values()) {
            namespace(out, t.name()).entityTypes().add(t);
        }
        for (ActionDef a : schema.actions().values()) {
            ActionShape shape = new ActionShape(a.memberOf(), a.principalTypes(), a.resourceTypes(), a.context());
            namespace(out, a.uid().type()).actions().computeIfAbsent(shape, k -> new ArrayList<>()).add(a.uid().id());
        }
        return out;
    }

    private static Namespace namespace(Map<String, Namespace> out, String qualifiedName) {
        return out.computeIfAbsent(namespaceOf(qualifiedName), k -> new Namespace(new ArrayList<>(), new LinkedHashMap<>()));
    }

    private static String namespaceOf(String name) {
        int sep = name.lastIndexOf("::");
        return sep < 0 ? "" : name.substring(0, sep);
    }

    private static String baseName(String name) {
        int sep = name.lastIndexOf("::");
        return sep < 0 ? name : name.substring(sep + 2);
    }

    /** How a declaration in namespace {@code ns} names type {@code name}. */
    private static String relative(String name, String ns) {
        String of = namespaceOf(name);
        return of.equals(ns) || of.isEmpty() ? baseName(name) : name;
    }

    /** The name of the context {@code type}, or null when it is written out. */
    private String contextName(RecordType type) {
        for (Map.Entry<String, RecordType> c : contexts.entrySet()) {
            if (c.getValue().equals(type)) {
                return c.getKey();
            }
        }
        return null;
    }

    private Set<String> usedContexts(Map<String, Namespace> namespaces) {
        Set<String> used = new LinkedHashSet<>();
        for (Namespace n : namespaces.values()) {
            for (ActionShape a : n.actions().keySet()) {
                String name = contextName(a.context());
                if (name != null && (!a.principalTypes().isEmpty() || !a.resourceTypes().isEmpty() || !a.context().attributes().isEmpty())) {
                    used.add(name);
                }
            }
        }
        return used;
    }

    // ---- the Cedar format

    private String cedar() {
        StringBuilder b = new StringBuilder();
        Map<String, Namespace> namespaces = namespaces();
        for (String name : usedContexts(namespaces)) {
            b.append("type ").append(name).append(" = ");
            cedarType(b, contexts.get(name), "", 0);
            b.append(";\n");
        }
        for (Map.Entry<String, Namespace> n : namespaces.entrySet()) {
            String ns = n.getKey();
            if (ns.isEmpty()) {
                cedarDeclarations(b, ns, n.getValue(), "");
            } else if (!n.getValue().entityTypes().isEmpty() || !n.getValue().actions().isEmpty()) {
                b.append("namespace ").append(ns).append(" {\n");
                cedarDeclarations(b, ns, n.getValue(), "  ");
                b.append("}\n");
            }
        }
        return b.toString();
    }

    private void cedarDeclarations(StringBuilder b, String ns, Namespace n, String indent) {
        for (EntityTypeDef t : n.entityTypes()) {
            b.append(indent).append("entity ").append(baseName(t.name()));
            if (t.isEnum()) {
                b.append(" enum [").append(String.join(", ", t.enumIds().stream().map(Strings::quote).toList())).append("];\n");
                continue;
            }
            if (!t.memberOfTypes().isEmpty()) {
                b.append(" in [").append(String.join(", ", t.memberOfTypes().stream().map(p -> relative(p, ns)).toList())).append(']');
            }
            if (!t.shape().attributes().isEmpty()) {
                b.append(' ');
                cedarType(b, t.shape(), ns, indent.length() / 2);
            }
            if (t.tags() != null) {
                b.append(" tags ");
                cedarType(b, t.tags(), ns, indent.length() / 2);
            }
            b.append(";\n");
        }
        for (Map.Entry<ActionShape, List<String>> a : n.actions().entrySet()) {
            ActionShape shape = a.getKey();
            b.append(indent).append("action ").append(String.join(", ", a.getValue().stream().map(Strings::quote).toList()));
            if (!shape.memberOf().isEmpty()) {
                b.append(" in [").append(String.join(", ", shape.memberOf().stream().map(g -> actionRef(g, ns)).toList())).append(']');
            }
            if (!shape.principalTypes().isEmpty() && !shape.resourceTypes().isEmpty()) {
                String inner = indent + "  ";
                b.append(" appliesTo {\n")
                        .append(inner).append("principal: [").append(String.join(", ", shape.principalTypes().stream().map(p -> relative(p, ns)).toList())).append("],\n")
                        .append(inner).append("resource: [").append(String.join(", ", shape.resourceTypes().stream().map(p -> relative(p, ns)).toList())).append("],\n")
                        .append(inner).append("context: ");
                String named = contextName(shape.context());
                if (named != null) {
                    b.append(named);
                } else {
                    cedarType(b, shape.context(), ns, indent.length() / 2 + 1);
                }
                b.append('\n').append(indent).append('}');
            }
            b.append(";\n");
        }
    }

    /** A group as an action declared in {@code ns} names it: {@code "id"} for one of its own action type. */
    private static String actionRef(EntityUid group, String ns) {
        String own = ns.isEmpty() ? "Action" : ns + "::Action";
        return group.type().equals(own) ? Strings.quote(group.id()) : group.type() + "::" + Strings.quote(group.id());
    }

    private void cedarType(StringBuilder b, SchemaType t, String ns, int depth) {
        switch (t) {
            case SchemaType.Bool x -> b.append(builtin("Bool", ns));
            case SchemaType.Long x -> b.append(builtin("Long", ns));
            case SchemaType.StringType x -> b.append(builtin("String", ns));
            case SchemaType.Extension e -> b.append(builtin(e.name(), ns));
            case SchemaType.EntityRef r -> b.append(relative(r.typeName(), ns));
            case SchemaType.SetType s -> {
                b.append("Set<");
                cedarType(b, s.element(), ns, depth);
                b.append('>');
            }
            case RecordType r -> {
                if (r.attributes().isEmpty()) {
                    b.append("{}");
                    return;
                }
                String inner = "  ".repeat(depth + 1);
                b.append("{\n");
                for (Map.Entry<String, Attribute> a : r.attributes().entrySet()) {
                    b.append(inner).append(attributeName(a.getKey())).append(a.getValue().required() ? "" : "?").append(": ");
                    cedarType(b, a.getValue().type(), ns, depth + 1);
                    b.append(",\n");
                }
                b.append("  ".repeat(depth)).append('}');
            }
        }
    }

    /** A primitive or extension type's name, qualified where a declaration of the same name would capture it. */
    private String builtin(String name, String ns) {
        boolean captured = schema.entityTypes().containsKey(name) || contexts.containsKey(name)
                || (!ns.isEmpty() && schema.entityTypes().containsKey(ns + "::" + name));
        return captured ? Raw.CEDAR_NAMESPACE + "::" + name : name;
    }

    private static String attributeName(String name) {
        return Raw.isIdentifier(name) && !Raw.RESERVED_WORDS.contains(name) ? name : Strings.quote(name);
    }

    // ---- the JSON format

    private JsonNode json() {
        ObjectNode root = JSON.objectNode();
        Map<String, Namespace> namespaces = namespaces();
        Set<String> used = usedContexts(namespaces);
        for (Map.Entry<String, Namespace> n : namespaces.entrySet()) {
            String ns = n.getKey();
            if (!ns.isEmpty() && n.getValue().entityTypes().isEmpty() && n.getValue().actions().isEmpty()) {
                continue;
            }
            ObjectNode def = root.putObject(ns);
            if (ns.isEmpty() && !used.isEmpty()) {
                ObjectNode common = def.putObject("commonTypes");
                for (String name : used) {
                    common.set(name, jsonType(contexts.get(name), ""));
                }
            }
            ObjectNode entityTypes = def.putObject("entityTypes");
            for (EntityTypeDef t : n.getValue().entityTypes()) {
                ObjectNode e = entityTypes.putObject(baseName(t.name()));
                if (t.isEnum()) {
                    ArrayNode ids = e.putArray("enum");
                    t.enumIds().forEach(ids::add);
                    continue;
                }
                if (!t.memberOfTypes().isEmpty()) {
                    ArrayNode parents = e.putArray("memberOfTypes");
                    t.memberOfTypes().forEach(p -> parents.add(relative(p, ns)));
                }
                if (!t.shape().attributes().isEmpty()) {
                    e.set("shape", jsonType(t.shape(), ns));
                }
                if (t.tags() != null) {
                    e.set("tags", jsonType(t.tags(), ns));
                }
            }
            ObjectNode actions = def.putObject("actions");
            String own = ns.isEmpty() ? "Action" : ns + "::Action";
            for (Map.Entry<ActionShape, List<String>> a : n.getValue().actions().entrySet()) {
                ActionShape shape = a.getKey();
                for (String id : a.getValue()) {
                    ObjectNode action = actions.putObject(id);
                    if (!shape.memberOf().isEmpty()) {
                        ArrayNode groups = action.putArray("memberOf");
                        for (EntityUid g : shape.memberOf()) {
                            ObjectNode ref = groups.addObject().put("id", g.id());
                            if (!g.type().equals(own)) {
                                ref.put("type", g.type());
                            }
                        }
                    }
                    if (!shape.principalTypes().isEmpty() || !shape.resourceTypes().isEmpty() || !shape.context().attributes().isEmpty()) {
                        ObjectNode applies = action.putObject("appliesTo");
                        ArrayNode principals = applies.putArray("principalTypes");
                        shape.principalTypes().forEach(p -> principals.add(relative(p, ns)));
                        ArrayNode resources = applies.putArray("resourceTypes");
                        shape.resourceTypes().forEach(r -> resources.add(relative(r, ns)));
                        String named = contextName(shape.context());
                        applies.set("context", named != null ? JSON.objectNode().put("type", named) : jsonType(shape.context(), ns));
                    }
                }
            }
        }
        return root;
    }

    private ObjectNode jsonType(SchemaType t, String ns) {
        ObjectNode o = JSON.objectNode();
        switch (t) {
            case SchemaType.Bool x -> o.put("type", "Boolean");
            case SchemaType.Long x -> o.put("type", "Long");
            case SchemaType.StringType x -> o.put("type", "String");
            case SchemaType.Extension e -> o.put("type", "Extension").put("name", e.name());
            case SchemaType.EntityRef r -> o.put("type", "Entity").put("name", relative(r.typeName(), ns));
            case SchemaType.SetType s -> o.put("type", "Set").set("element", jsonType(s.element(), ns));
            case RecordType r -> {
                o.put("type", "Record");
                ObjectNode attrs = o.putObject("attributes");
                for (Map.Entry<String, Attribute> a : r.attributes().entrySet()) {
                    ObjectNode at = jsonType(a.getValue().type(), ns);
                    if (!a.getValue().required()) {
                        at.put("required", false);
                    }
                    attrs.set(a.getKey(), at);
                }
            }
        }
        return o;
    }
}
