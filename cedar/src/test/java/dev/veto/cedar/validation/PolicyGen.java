package dev.veto.cedar.validation;

import dev.veto.cedar.ast.Request;
import dev.veto.cedar.entity.Entities;
import dev.veto.cedar.entity.Entity;
import dev.veto.cedar.schema.ActionDef;
import dev.veto.cedar.schema.Attribute;
import dev.veto.cedar.schema.EntityTypeDef;
import dev.veto.cedar.schema.Schema;
import dev.veto.cedar.schema.SchemaType;
import dev.veto.cedar.value.BoolValue;
import dev.veto.cedar.value.Datetime;
import dev.veto.cedar.value.Decimal;
import dev.veto.cedar.value.Duration;
import dev.veto.cedar.value.EntityUid;
import dev.veto.cedar.value.IpAddr;
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
import java.util.Random;
import java.util.Set;

/**
 * Random schemas (as Cedar schema text) and, for one request environment of a schema, random
 * well-typed policies, schema-conforming entities and requests. With {@code sloppiness > 0} some
 * subexpressions are replaced by expressions of a random type, so the policies are ill-typed
 * now and then (for comparing verdicts with the reference).
 *
 * <p>Policies are written as text, the way users write them, so the same text can be handed to
 * another implementation. Every entity literal names an entity that {@link #entities} creates.
 */
public final class PolicyGen {
    private static final String[] TYPE_NAMES = {"User", "Group", "Doc", "Org"};
    private static final String[] ACTION_NAMES = {"view", "edit", "delete", "list", "share"};
    private static final String[] ATTR_NAMES = {"name", "age", "flag", "owner", "items", "info", "addr", "at", "wait", "cost"};
    private static final String[] IDS = {"a", "b"};
    private static final String[] TAG_KEYS = {"k", "t"};

    private final Random r;
    public final Schema schema;
    private final double sloppiness;

    /** One request environment: principal type, action, resource type. */
    public record Env(String principal, EntityUid action, String resource) {}

    public PolicyGen(Random r, Schema schema, double sloppiness) {
        this.r = r;
        this.schema = schema;
        this.sloppiness = sloppiness;
    }

    // ---- schemas

    /** A random schema in the Cedar schema format, sometimes in a namespace. */
    public static String schemaText(Random r) {
        boolean namespaced = r.nextInt(4) == 0;
        int types = 1 + r.nextInt(TYPE_NAMES.length);
        boolean withEnum = r.nextInt(3) == 0;
        List<String> names = new ArrayList<>(List.of(TYPE_NAMES).subList(0, types));
        if (withEnum) {
            names.add("Color");
        }
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < types; i++) {
            b.append("entity ").append(names.get(i));
            List<String> parents = new ArrayList<>();
            for (int j = i + 1; j < names.size(); j++) {
                if (r.nextInt(3) == 0) {
                    parents.add(names.get(j));
                }
            }
            if (!parents.isEmpty()) {
                b.append(" in [").append(String.join(", ", parents)).append("]");
            }
            b.append(" ").append(recordType(r, names, 2, 4));
            if (r.nextInt(4) == 0) {
                b.append(" tags ").append(type(r, names, 1));
            }
            b.append(";\n");
        }
        if (withEnum) {
            b.append("entity Color enum [\"red\", \"green\"];\n");
        }
        int actions = 1 + r.nextInt(ACTION_NAMES.length - 1);
        for (int i = 0; i < actions; i++) {
            b.append("action \"").append(ACTION_NAMES[i]).append("\"");
            List<String> parents = new ArrayList<>();
            for (int j = i + 1; j < actions; j++) {
                if (r.nextInt(3) == 0) {
                    parents.add("\"" + ACTION_NAMES[j] + "\"");
                }
            }
            if (!parents.isEmpty()) {
                b.append(" in [").append(String.join(", ", parents)).append("]");
            }
            if (i == 0 || r.nextInt(5) != 0) {
                b.append(" appliesTo {\n  principal: [").append(String.join(", ", subset(r, names))).append("],\n  resource: [")
                        .append(String.join(", ", subset(r, names))).append("],\n  context: ")
                        .append(recordType(r, names, 2, 3)).append("\n}");
            }
            b.append(";\n");
        }
        return namespaced ? "namespace App {\n" + b + "}\n" : b.toString();
    }

    private static List<String> subset(Random r, List<String> names) {
        List<String> out = new ArrayList<>();
        for (String n : names) {
            if (r.nextInt(2) == 0) {
                out.add(n);
            }
        }
        if (out.isEmpty()) {
            out.add(names.get(r.nextInt(names.size())));
        }
        return out;
    }

    private static String type(Random r, List<String> entities, int depth) {
        int pick = r.nextInt(depth > 0 ? 11 : 9);
        return switch (pick) {
            case 0 -> "Bool";
            case 1 -> "Long";
            case 2 -> "String";
            case 3 -> "ipaddr";
            case 4 -> "decimal";
            case 5 -> "datetime";
            case 6 -> "duration";
            case 7, 8 -> entities.get(r.nextInt(entities.size()));
            case 9 -> "Set<" + type(r, entities, depth - 1) + ">";
            default -> recordType(r, entities, depth - 1, 3);
        };
    }

    private static String recordType(Random r, List<String> entities, int depth, int maxAttrs) {
        int n = r.nextInt(maxAttrs + 1);
        List<String> attrs = new ArrayList<>(List.of(ATTR_NAMES));
        java.util.Collections.shuffle(attrs, r);
        StringBuilder b = new StringBuilder("{");
        for (int i = 0; i < n; i++) {
            b.append(i == 0 ? "" : ", ").append(attrs.get(i)).append(r.nextInt(3) == 0 ? "?" : "").append(": ")
                    .append(type(r, entities, depth));
        }
        return b.append("}").toString();
    }

    // ---- environments and scopes

    /** A random request environment of the schema, or null when no action applies to anything. */
    public Env env() {
        List<Env> envs = new ArrayList<>();
        for (ActionDef a : schema.actions().values()) {
            for (String p : a.principalTypes()) {
                for (String res : a.resourceTypes()) {
                    envs.add(new Env(p, a.uid(), res));
                }
            }
        }
        return envs.isEmpty() ? null : envs.get(r.nextInt(envs.size()));
    }

    /** A scope that admits exactly the environment {@code env}. */
    public String scope(Env env) {
        String principal = switch (r.nextInt(3)) {
            case 0 -> "principal is " + env.principal();
            case 1 -> "principal == " + uid(env.principal());
            default -> "principal is " + env.principal() + " in " + uid(env.principal());
        };
        String resource = r.nextBoolean() ? "resource is " + env.resource() : "resource == " + uid(env.resource());
        return principal + ",\n  action == " + env.action() + ",\n  " + resource;
    }

    /** A well-typed policy (up to sloppiness) in the environment {@code env}. */
    public String policy(Env env, int depth) {
        this.env = env;
        String scope = sloppiness > 0 && r.nextInt(3) == 0 ? looseScope() : scope(env);
        StringBuilder b = new StringBuilder(r.nextBoolean() ? "permit" : "forbid").append(" (\n  ").append(scope).append("\n)");
        int conditions = r.nextInt(3);
        for (int i = 0; i < conditions; i++) {
            boolean when = r.nextInt(4) != 0;
            b.append(when ? " when { " : " unless { ").append(bool(depth)).append(" }");
        }
        return b.append(";\n").toString();
    }

    private Env env;

    /** Selects {@code env} for expression generation without writing a policy. */
    public void use(Env env) {
        this.env = env;
    }

    // ---- expressions

    /** An expression of a type other than what was asked for, when sloppy. */
    private boolean slip() {
        return sloppiness > 0 && r.nextDouble() < sloppiness;
    }

    public String bool(int d) {
        if (slip()) {
            return any(d);
        }
        if (d <= 0) {
            return switch (r.nextInt(4)) {
                case 0 -> r.nextBoolean() ? "true" : "false";
                case 1 -> "(principal has " + attrName() + ")";
                case 2 -> "(context has " + attrName() + ")";
                default -> "(" + of(SchemaType.LONG, 0) + " < " + of(SchemaType.LONG, 0) + ")";
            };
        }
        int d1 = d - 1;
        return switch (r.nextInt(22)) {
            case 0 -> "!" + paren(bool(d1));
            case 1 -> "(" + bool(d1) + " && " + bool(d1) + ")";
            case 2 -> "(" + bool(d1) + " || " + bool(d1) + ")";
            case 3 -> "(if " + bool(d1) + " then " + bool(d1) + " else " + bool(d1) + ")";
            case 4, 5 -> {
                SchemaType t = someType();
                String a = of(t, d1);
                String c = of(t, d1);
                yield a == null || c == null ? bool(d1) : "(" + a + (r.nextBoolean() ? " == " : " != ") + c + ")";
            }
            case 6 -> {
                String op = List.of("<", "<=", ">", ">=").get(r.nextInt(4));
                SchemaType t = List.of(SchemaType.LONG, new SchemaType.Extension("datetime"), new SchemaType.Extension("duration"))
                        .get(r.nextInt(3));
                yield "(" + of(t, d1) + " " + op + " " + of(t, d1) + ")";
            }
            case 7 -> "(" + of(SchemaType.STRING, d1) + " like \"" + List.of("*", "a*", "*b", "a", "").get(r.nextInt(5)) + "\")";
            case 8, 9 -> in(d1);
            case 10 -> {
                String t = entityType();
                yield "(" + entity(t, d1) + " is " + entityType() + (r.nextBoolean() ? "" : " in " + entity(entityType(), d1)) + ")";
            }
            case 11 -> {
                SchemaType t = someType();
                String s = of(new SchemaType.SetType(t), d1);
                String x = of(t, d1);
                String s2 = of(new SchemaType.SetType(t), d1);
                yield s == null || x == null || s2 == null ? bool(d1) : switch (r.nextInt(4)) {
                    case 0 -> s + ".contains(" + x + ")";
                    case 1 -> s + ".containsAll(" + s2 + ")";
                    case 2 -> s + ".containsAny(" + s2 + ")";
                    default -> s + ".isEmpty()";
                };
            }
            case 12, 13, 14 -> guardedUse(d1);
            case 15 -> tagUse(d1);
            case 16 -> switch (r.nextInt(3)) {
                case 0 -> "(action == " + action() + ")";
                case 1 -> "(action in [" + action() + ", " + action() + "])";
                default -> "(action in " + action() + ")";
            };
            case 17 -> of(new SchemaType.Extension("decimal"), d1) + "."
                    + List.of("lessThan", "lessThanOrEqual", "greaterThan", "greaterThanOrEqual").get(r.nextInt(4))
                    + "(" + of(new SchemaType.Extension("decimal"), d1) + ")";
            case 18 -> of(new SchemaType.Extension("ipaddr"), d1) + (r.nextInt(5) == 0
                    ? ".isInRange(" + of(new SchemaType.Extension("ipaddr"), d1) + ")"
                    : "." + List.of("isIpv4", "isIpv6", "isLoopback", "isMulticast").get(r.nextInt(4)) + "()");
            case 19 -> "(" + recordish(d1) + " has " + attrName() + ")";
            default -> {
                Access a = access(SchemaType.BOOL);
                yield a == null ? bool(d1) : guarded(a, a.expr(), "false");
            }
        };
    }

    private String paren(String s) {
        return "(" + s + ")";
    }

    private String in(int d) {
        String t = entityType();
        String left = r.nextInt(4) == 0 ? "action" : entity(t, d);
        String u = r.nextInt(4) == 0 ? entityType() : t;
        String right = r.nextBoolean() ? entity(u, d) : "[" + entity(u, d) + ", " + entity(u, d) + "]";
        if (left.equals("action")) {
            right = r.nextBoolean() ? action() : "[" + action() + "]";
        }
        return "(" + left + " in " + right + ")";
    }

    /** {@code X has a && X.a == v}, or via {@code if}, over a random attribute path. */
    private String guardedUse(int d) {
        Access a = access(null);
        if (a == null) {
            return bool(0);
        }
        String v = of(a.type(), d);
        if (v == null) {
            return bool(0);
        }
        String use = "(" + a.expr() + " == " + v + ")";
        if (a.guards().isEmpty()) {
            return use;
        }
        return r.nextBoolean()
                ? "(" + String.join(" && ", a.guards()) + " && " + use + ")"
                : "(if " + String.join(" && ", a.guards()) + " then " + use + " else " + bool(0) + ")";
    }

    private String tagUse(int d) {
        List<String> tagged = new ArrayList<>();
        for (EntityTypeDef t : schema.entityTypes().values()) {
            if (t.tags() != null && !t.isEnum()) {
                tagged.add(t.name());
            }
        }
        if (tagged.isEmpty()) {
            return entity(entityType(), d) + ".hasTag(\"k\")";
        }
        String type = tagged.get(r.nextInt(tagged.size()));
        String x = entity(type, d);
        String key = "\"" + TAG_KEYS[r.nextInt(TAG_KEYS.length)] + "\"";
        String v = of(schema.entityTypes().get(type).tags(), d);
        if (v == null) {
            return x + ".hasTag(" + key + ")";
        }
        return "(" + x + ".hasTag(" + key + ") && " + x + ".getTag(" + key + ") == " + v + ")";
    }

    private String recordish(int d) {
        return switch (r.nextInt(3)) {
            case 0 -> "context";
            case 1 -> "principal";
            default -> entity(entityType(), d);
        };
    }

    /** An expression of type {@code t}, or null when this generator cannot write one. */
    public String of(SchemaType t, int d) {
        if (slip()) {
            return any(d);
        }
        if (t instanceof SchemaType.Bool) {
            return bool(d);
        }
        if (d > 0 && r.nextInt(3) == 0) {
            Access a = access(t);
            if (a != null) {
                String fallback = literal(t, d - 1);
                if (a.guards().isEmpty()) {
                    return a.expr();
                }
                if (fallback != null) {
                    return guarded(a, a.expr(), fallback);
                }
            }
        }
        if (d > 0 && r.nextInt(8) == 0) {
            String a = of(t, d - 1);
            String b = of(t, d - 1);
            if (a != null && b != null) {
                return "(if " + bool(d - 1) + " then " + a + " else " + b + ")";
            }
        }
        return literal(t, d);
    }

    private String guarded(Access a, String use, String fallback) {
        if (a.guards().isEmpty()) {
            return use;
        }
        return "(if " + String.join(" && ", a.guards()) + " then " + use + " else " + fallback + ")";
    }

    /** A constructed (not read) value of type {@code t}, or null for records with optional attributes. */
    private String literal(SchemaType t, int d) {
        int d1 = Math.max(0, d - 1);
        return switch (t) {
            case SchemaType.Bool b -> bool(d1);
            case SchemaType.Long l -> switch (d > 0 ? r.nextInt(6) : 0) {
                case 1 -> "(" + of(t, d1) + " + " + of(t, d1) + ")";
                case 2 -> "(" + of(t, d1) + " - " + of(t, d1) + ")";
                case 3 -> "(" + of(t, d1) + " * " + of(t, d1) + ")";
                case 4 -> "-" + paren(of(t, d1));
                case 5 -> of(new SchemaType.Extension("duration"), d1) + "."
                        + List.of("toMilliseconds", "toSeconds", "toMinutes", "toHours", "toDays").get(r.nextInt(5)) + "()";
                default -> Integer.toString(r.nextInt(21) - 10);
            };
            case SchemaType.StringType s -> "\"" + List.of("", "a", "ab", "b").get(r.nextInt(4)) + "\"";
            case SchemaType.SetType s -> {
                String a = of(s.element(), d1);
                String b = of(s.element(), d1);
                yield a == null || b == null ? null : r.nextBoolean() ? "[" + a + "]" : "[" + a + ", " + b + "]";
            }
            case SchemaType.RecordType rec -> {
                StringBuilder b = new StringBuilder("{");
                String sep = "";
                for (Map.Entry<String, Attribute> a : rec.attributes().entrySet()) {
                    if (!a.getValue().required()) {
                        yield null;
                    }
                    String v = of(a.getValue().type(), d1);
                    if (v == null) {
                        yield null;
                    }
                    b.append(sep).append(a.getKey()).append(": ").append(v);
                    sep = ", ";
                }
                yield b.append("}").toString();
            }
            case SchemaType.EntityRef e -> entity(e.typeName(), d);
            case SchemaType.Extension x -> switch (x.name()) {
                case "ipaddr" -> "ip(\"" + List.of("10.0.0.1", "127.0.0.1", "10.0.0.0/8", "::1", "224.0.0.1").get(r.nextInt(5)) + "\")";
                case "decimal" -> "decimal(\"" + List.of("1.5", "-2.25", "0.0001", "100.0").get(r.nextInt(4)) + "\")";
                case "datetime" -> d > 0 && r.nextInt(3) == 0
                        ? of(t, d1) + (r.nextBoolean() ? ".toDate()" : ".offset(" + of(new SchemaType.Extension("duration"), d1) + ")")
                        : "datetime(\"" + List.of("2024-10-15", "2024-10-15T11:35:00Z", "1970-01-01T00:00:00.001+0100").get(r.nextInt(3)) + "\")";
                default -> d > 0 && r.nextInt(3) == 0
                        ? (r.nextBoolean() ? of(new SchemaType.Extension("datetime"), d1) + ".toTime()"
                                : of(new SchemaType.Extension("datetime"), d1) + ".durationSince(" + of(new SchemaType.Extension("datetime"), d1) + ")")
                        : "duration(\"" + List.of("1h", "-2d12h", "90m", "1s500ms").get(r.nextInt(4)) + "\")";
            };
        };
    }

    /** An expression of entity type {@code type}. */
    private String entity(String type, int d) {
        if (slip()) {
            return any(d);
        }
        int pick = r.nextInt(5);
        if (pick == 0 && type.equals(env.principal())) {
            return "principal";
        }
        if (pick == 1 && type.equals(env.resource())) {
            return "resource";
        }
        if (pick == 2 && d > 0) {
            Access a = access(new SchemaType.EntityRef(type));
            if (a != null && a.guards().isEmpty()) {
                return a.expr();
            }
        }
        return uid(type);
    }

    private String uid(String type) {
        EntityTypeDef def = schema.entityTypes().get(type);
        List<String> ids = def.isEnum() ? def.enumIds() : List.of(IDS);
        return new EntityUid(type, ids.get(r.nextInt(ids.size()))).toString();
    }

    private String action() {
        List<EntityUid> actions = new ArrayList<>(schema.actions().keySet());
        return actions.get(r.nextInt(actions.size())).toString();
    }

    private String entityType() {
        List<String> types = new ArrayList<>(schema.entityTypes().keySet());
        return types.get(r.nextInt(types.size()));
    }

    private String attrName() {
        return ATTR_NAMES[r.nextInt(ATTR_NAMES.length)];
    }

    /** A type worth comparing: a primitive, an entity type, a set, or one an attribute has. */
    private SchemaType someType() {
        return switch (r.nextInt(9)) {
            case 0 -> SchemaType.BOOL;
            case 1 -> SchemaType.LONG;
            case 2 -> SchemaType.STRING;
            case 3 -> new SchemaType.EntityRef(entityType());
            case 4 -> new SchemaType.SetType(r.nextBoolean() ? SchemaType.LONG : new SchemaType.EntityRef(entityType()));
            case 5 -> new SchemaType.Extension(List.of("ipaddr", "decimal", "datetime", "duration").get(r.nextInt(4)));
            default -> {
                List<Access> all = accesses();
                yield all.isEmpty() ? SchemaType.LONG : all.get(r.nextInt(all.size())).type();
            }
        };
    }

    /** An expression that is likely of the wrong type, or wrong in itself: a slip. */
    private String any(int d) {
        int d1 = Math.max(0, d - 1);
        return switch (r.nextInt(24)) {
            case 0 -> "1";
            case 1 -> "\"s\"";
            case 2 -> "principal";
            case 3 -> "context";
            case 4 -> "[]";
            case 5, 6, 7 -> {
                // an attribute read without the guards it needs
                Access a = access(null);
                yield a == null ? "context.nope" : a.expr();
            }
            case 8 -> entity(entityType(), d1) + ".getTag(\"k\")";
            case 9 -> "[1, \"s\"]";
            case 10 -> "(if " + bool(d1) + " then 1 else \"s\")";
            case 11 -> "{a: 1}";
            case 12 -> List.of("ip", "decimal", "datetime", "duration").get(r.nextInt(4)) + "(" + of(SchemaType.STRING, d1) + ")";
            case 13 -> List.of("decimal(\"1.23456\")", "ip(\"1.2.3\")", "datetime(\"2024-13-01\")", "duration(\"1x\")").get(r.nextInt(4));
            case 14 -> List.of("Nope::\"x\"", "Action::\"nope\"", "Color::\"blue\"", "App::Nope::\"a\"").get(r.nextInt(4));
            case 15 -> r.nextBoolean() ? "action.name" : "(action has name)";
            case 16 -> "(" + some(d1) + " == " + some(d1) + ")";
            case 17 -> "(" + entity(entityType(), d1) + " in " + some(d1) + ")";
            case 18 -> "(" + some(d1) + " < " + some(d1) + ")";
            case 19 -> {
                Access a = access(null);
                if (a == null || a.guards().isEmpty()) {
                    yield "(principal has name || principal.name == \"a\")";
                }
                String g = a.guards().get(a.guards().size() - 1);
                yield switch (r.nextInt(3)) {
                    case 0 -> "(" + g + " || " + a.expr() + " == " + a.expr() + ")";
                    case 1 -> "(!(" + g + ") || " + a.expr() + " == " + a.expr() + ")";
                    default -> "(if " + g + " then false else " + a.expr() + " == " + a.expr() + ")";
                };
            }
            case 20 -> some(d1) + "." + List.of("isIpv4()", "lessThan(decimal(\"1.0\"))", "toDate()", "toDays()",
                    "isEmpty()", "contains(1)", "hasTag(\"k\")").get(r.nextInt(7));
            case 21 -> "(" + some(d1) + " has name)";
            case 22 -> "(" + some(d1) + " like \"*\")";
            default -> (r.nextBoolean() ? "principal" : "context") + "." + attrName();
        };
    }

    private String some(int d) {
        String e = of(someType(), d);
        return e == null ? "1" : e;
    }

    /** A scope that may admit several environments, or none. */
    private String looseScope() {
        String p = switch (r.nextInt(5)) {
            case 0 -> "principal";
            case 1 -> "principal == " + uid(entityType());
            case 2 -> "principal in " + uid(entityType());
            case 3 -> "principal is " + entityType();
            default -> "principal is " + entityType() + " in " + uid(entityType());
        };
        String a = switch (r.nextInt(4)) {
            case 0 -> "action";
            case 1 -> "action == " + action();
            case 2 -> "action in " + action();
            default -> "action in [" + action() + ", " + action() + "]";
        };
        String res = switch (r.nextInt(5)) {
            case 0 -> "resource";
            case 1 -> "resource == " + uid(entityType());
            case 2 -> "resource in " + uid(entityType());
            case 3 -> "resource is " + entityType();
            default -> "resource is " + entityType() + " in " + uid(entityType());
        };
        return p + ",\n  " + a + ",\n  " + res;
    }

    // ---- attribute paths

    /** A path to an attribute: the {@code has} tests that make it safe, the access, its type. */
    record Access(List<String> guards, String expr, SchemaType type) {}

    private List<Access> accesses() {
        List<Access> out = new ArrayList<>();
        ActionDef action = schema.actions().get(env.action());
        walk(List.of(), "context", action.context(), 2, out);
        walk(List.of(), "principal", schema.entityTypes().get(env.principal()).shape(), 2, out);
        walk(List.of(), "resource", schema.entityTypes().get(env.resource()).shape(), 2, out);
        for (EntityTypeDef t : schema.entityTypes().values()) {
            if (!t.isEnum()) {
                walk(List.of(), uid(t.name()), t.shape(), 1, out);
            }
        }
        return out;
    }

    private void walk(List<String> guards, String expr, SchemaType.RecordType rec, int depth, List<Access> out) {
        if (depth == 0) {
            return;
        }
        for (Map.Entry<String, Attribute> a : rec.attributes().entrySet()) {
            List<String> g = guards;
            if (!a.getValue().required()) {
                g = new ArrayList<>(guards);
                g.add(expr + " has " + a.getKey());
            }
            String e = expr + "." + a.getKey();
            SchemaType t = a.getValue().type();
            out.add(new Access(g, e, t));
            if (t instanceof SchemaType.RecordType inner) {
                walk(g, e, inner, depth - 1, out);
            } else if (t instanceof SchemaType.EntityRef ref && !schema.entityTypes().get(ref.typeName()).isEnum()) {
                walk(g, e, schema.entityTypes().get(ref.typeName()).shape(), depth - 1, out);
            }
        }
    }

    /** A random access of type {@code t} (any type when null), or null when there is none. */
    private Access access(SchemaType t) {
        List<Access> fit = new ArrayList<>();
        for (Access a : accesses()) {
            if (t == null || a.type().equals(t)) {
                fit.add(a);
            }
        }
        return fit.isEmpty() ? null : fit.get(r.nextInt(fit.size()));
    }

    /** A record- or entity-typed expression that types without guards, and its type. */
    public record Target(String expr, SchemaType.RecordType attributes) {}

    public Target target() {
        List<Target> out = new ArrayList<>();
        out.add(new Target("context", schema.actions().get(env.action()).context()));
        out.add(new Target("principal", schema.entityTypes().get(env.principal()).shape()));
        out.add(new Target("resource", schema.entityTypes().get(env.resource()).shape()));
        for (Access a : accesses()) {
            if (a.guards().isEmpty() && a.type() instanceof SchemaType.RecordType rec) {
                out.add(new Target(a.expr(), rec));
            }
        }
        return out.get(r.nextInt(out.size()));
    }

    /** A well-typed expression of a random type other than {@code not}, with that type. */
    public Map.Entry<String, SchemaType> typed(int d, Set<Class<?>> not) {
        for (int i = 0; i < 100; i++) {
            SchemaType t = someType();
            if (not.contains(t.getClass())) {
                continue;
            }
            String e = of(t, d);
            if (e != null) {
                return Map.entry(e, t);
            }
        }
        return Map.entry("\"s\"", SchemaType.STRING);
    }

    // ---- entities and requests

    /** Every entity the policies may name: two per type (the enumerated ones for enums), and the actions. */
    public Entities entities() {
        Map<String, List<EntityUid>> byType = new HashMap<>();
        for (EntityTypeDef t : schema.entityTypes().values()) {
            List<EntityUid> uids = new ArrayList<>();
            for (String id : t.isEnum() ? t.enumIds() : List.of(IDS)) {
                uids.add(new EntityUid(t.name(), id));
            }
            byType.put(t.name(), uids);
        }
        List<Entity> out = new ArrayList<>();
        for (EntityTypeDef t : schema.entityTypes().values()) {
            for (EntityUid uid : byType.get(t.name())) {
                Set<EntityUid> parents = new LinkedHashSet<>();
                for (String m : t.memberOfTypes()) {
                    for (EntityUid p : byType.get(m)) {
                        if (r.nextBoolean()) {
                            parents.add(p);
                        }
                    }
                }
                Map<String, Value> tags = new LinkedHashMap<>();
                if (t.tags() != null && !t.isEnum()) {
                    for (String k : TAG_KEYS) {
                        if (r.nextBoolean()) {
                            tags.put(k, value(t.tags(), byType));
                        }
                    }
                }
                out.add(Entity.of(uid, ((RecordValue) value(t.shape(), byType)).attributes(), parents, tags));
            }
        }
        for (ActionDef a : schema.actions().values()) {
            out.add(Entity.of(a.uid(), Map.of(), a.memberOf(), Map.of()));
        }
        this.byType = byType;
        return Entities.of(out);
    }

    private Map<String, List<EntityUid>> byType;

    /** A request in {@code env} whose context conforms to the action's context type; call {@link #entities} first. */
    public Request request(Env env) {
        List<EntityUid> ps = byType.get(env.principal());
        List<EntityUid> rs = byType.get(env.resource());
        return new Request(ps.get(r.nextInt(ps.size())), env.action(), rs.get(r.nextInt(rs.size())),
                (RecordValue) value(schema.actions().get(env.action()).context(), byType));
    }

    private Value value(SchemaType t, Map<String, List<EntityUid>> byType) {
        return switch (t) {
            case SchemaType.Bool b -> BoolValue.of(r.nextBoolean());
            case SchemaType.Long l -> LongValue.of(r.nextInt(21) - 10);
            case SchemaType.StringType s -> new StringValue(List.of("", "a", "ab", "b").get(r.nextInt(4)));
            case SchemaType.SetType s -> {
                List<Value> vs = new ArrayList<>();
                for (int i = r.nextInt(3); i > 0; i--) {
                    vs.add(value(s.element(), byType));
                }
                yield SetValue.of(vs);
            }
            case SchemaType.RecordType rec -> {
                Map<String, Value> attrs = new LinkedHashMap<>();
                for (Map.Entry<String, Attribute> a : rec.attributes().entrySet()) {
                    if (a.getValue().required() || r.nextBoolean()) {
                        attrs.put(a.getKey(), value(a.getValue().type(), byType));
                    }
                }
                yield new RecordValue(attrs);
            }
            case SchemaType.EntityRef e -> {
                List<EntityUid> uids = byType.get(e.typeName());
                yield uids.get(r.nextInt(uids.size()));
            }
            case SchemaType.Extension x -> switch (x.name()) {
                case "ipaddr" -> IpAddr.parse(List.of("10.0.0.1", "192.168.0.0/16", "::1").get(r.nextInt(3)));
                case "decimal" -> Decimal.parse(List.of("1.5", "-0.25").get(r.nextInt(2)));
                case "datetime" -> Datetime.parse(List.of("2024-10-15", "2000-01-01T00:00:00Z").get(r.nextInt(2)));
                default -> Duration.parse(List.of("1h", "-5m").get(r.nextInt(2)));
            };
        };
    }
}
