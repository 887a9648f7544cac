package dev.veto.cedar.schema;

import dev.veto.cedar.schema.Raw.ActionDecl;
import dev.veto.cedar.schema.Raw.ActionRef;
import dev.veto.cedar.schema.Raw.CommonDecl;
import dev.veto.cedar.schema.Raw.EntityDecl;
import dev.veto.cedar.schema.Raw.Pos;
import dev.veto.cedar.schema.Raw.RefKind;
import dev.veto.cedar.schema.SchemaType.RecordType;
import dev.veto.cedar.value.EntityUid;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns parsed declarations into a {@link Schema}: qualifies and resolves every name, inlines
 * common types, and checks the well-formedness rules of the reference implementation.
 */
final class Resolver {
    /** Deepest type nesting accepted, counted after common types are inlined. */
    static final int MAX_DEPTH = 256;

    private static final List<String> PRIMITIVES = List.of("Bool", "Long", "String");
    static final List<String> EXTENSIONS = List.of("ipaddr", "decimal", "datetime", "duration");
    // The JSON format's type keywords: a common type with one of these names could not be referenced.
    private static final Set<String> RESERVED_COMMON_TYPE_NAMES =
            Set.of("Bool", "Boolean", "Entity", "Extension", "Long", "Record", "Set", "String");

    private record Resolved(SchemaType type, int depth) {}

    private final String source;
    /** Declarations outside the text that its names may also refer to; null when the text stands alone. */
    private final Schema scope;
    private final Map<String, CommonDecl> commons = new LinkedHashMap<>();
    private final Map<String, EntityDecl> entities = new LinkedHashMap<>();
    private final Map<EntityUid, ActionDecl> actions = new LinkedHashMap<>();
    private final Set<String> actionTypes = new HashSet<>();
    private final Map<String, Resolved> resolvedCommons = new HashMap<>();
    private final LinkedHashSet<String> resolving = new LinkedHashSet<>();
    /**
     * Nested {@link #resolveType} calls. Each is either a reference into one of the at most
     * {@link #MAX_DEPTH} common types being resolved, or one level of the inlined type, so more
     * than twice the limit means the type is too deep; checking it keeps the stack bounded.
     */
    private int frames;

    private Resolver(String source, Schema scope) {
        this.source = source;
        this.scope = scope;
    }

    static Schema resolve(Raw.Document doc, String source) {
        Resolver r = new Resolver(source, null);
        r.run(doc);
        return new Schema(r.entityDefs, r.actionDefs);
    }

    /** The declarations of {@code doc}, whose names may also refer to {@code scope}'s entity types and actions. */
    static SchemaFragment resolveFragment(Raw.Document doc, String source, Schema scope) {
        Resolver r = new Resolver(source, scope);
        r.run(doc);
        Map<String, SchemaFragment.Declared<EntityTypeDef>> entityTypes = new LinkedHashMap<>();
        r.entityDefs.forEach((name, def) -> entityTypes.put(name, declared(def, r.entities.get(name).pos())));
        Map<EntityUid, SchemaFragment.Declared<ActionDef>> actionTypes = new LinkedHashMap<>();
        r.actionDefs.forEach((uid, def) -> actionTypes.put(uid, declared(def, r.actions.get(uid).pos())));
        Map<String, SchemaFragment.Declared<SchemaType>> commonTypes = new LinkedHashMap<>();
        r.commons.forEach((name, decl) -> commonTypes.put(name, declared(r.resolvedCommons.get(name).type(), decl.pos())));
        return new SchemaFragment(entityTypes, actionTypes, commonTypes);
    }

    private static <T> SchemaFragment.Declared<T> declared(T definition, Pos pos) {
        return new SchemaFragment.Declared<>(definition, new dev.veto.cedar.ast.SourcePosition(pos.line(), pos.column()));
    }

    private final Map<String, EntityTypeDef> entityDefs = new LinkedHashMap<>();
    private final Map<EntityUid, ActionDef> actionDefs = new LinkedHashMap<>();

    private SchemaException error(Pos pos, String message) {
        return new SchemaException(source, pos.line(), pos.column(), message);
    }

    private static String qualify(String namespace, String id) {
        return namespace.isEmpty() ? id : namespace + "::" + id;
    }

    private void run(Raw.Document doc) {
        for (CommonDecl d : doc.commonTypes()) {
            if (d.id().equals(Raw.CEDAR_NAMESPACE) || RESERVED_COMMON_TYPE_NAMES.contains(d.id())) {
                throw error(d.pos(), "`" + d.id() + "` is reserved and cannot be the name of a common type");
            }
            if (commons.putIfAbsent(qualify(d.namespace(), d.id()), d) != null) {
                throw error(d.pos(), "common type `" + qualify(d.namespace(), d.id()) + "` is declared twice");
            }
        }
        for (EntityDecl d : doc.entityTypes()) {
            if (d.id().equals(Raw.CEDAR_NAMESPACE)) {
                throw error(d.pos(), "`__cedar` is reserved and cannot be the name of an entity type");
            }
            if (d.id().equals("Action")) {
                throw error(d.pos(), "an entity type cannot be named `Action`: action types are declared by actions");
            }
            if (entities.putIfAbsent(qualify(d.namespace(), d.id()), d) != null) {
                throw error(d.pos(), "entity type `" + qualify(d.namespace(), d.id()) + "` is declared twice");
            }
        }
        for (ActionDecl d : doc.actions()) {
            EntityUid uid = new EntityUid(qualify(d.namespace(), "Action"), d.id());
            if (actions.putIfAbsent(uid, d) != null) {
                throw error(d.pos(), "action " + uid + " is declared twice");
            }
            actionTypes.add(uid.type());
        }
        checkShadowing();

        for (Map.Entry<String, EntityDecl> e : entities.entrySet()) {
            entityDefs.put(e.getKey(), entityType(e.getKey(), e.getValue()));
        }
        for (Map.Entry<EntityUid, ActionDecl> e : actions.entrySet()) {
            actionDefs.put(e.getKey(), action(e.getKey(), e.getValue()));
        }
        // Common types nobody uses must still be well formed.
        for (Map.Entry<String, CommonDecl> e : commons.entrySet()) {
            commonType(e.getKey(), e.getValue().pos());
        }
        checkActionCycles(actionDefs);
    }

    /** RFC 70: a namespaced declaration may not reuse the name of one in the empty namespace. */
    private void checkShadowing() {
        Map<String, Pos> qualified = new LinkedHashMap<>();
        commons.forEach((name, d) -> qualified.putIfAbsent(name, d.pos()));
        entities.forEach((name, d) -> qualified.putIfAbsent(name, d.pos()));
        for (Map.Entry<String, Pos> e : qualified.entrySet()) {
            String name = e.getKey();
            int sep = name.lastIndexOf("::");
            if (sep < 0) {
                continue;
            }
            String base = name.substring(sep + 2);
            if (commons.containsKey(base) || entities.containsKey(base)) {
                throw error(e.getValue(), "definition of `" + name
                        + "` illegally shadows the existing definition of `" + base + "`");
            }
        }
        for (Map.Entry<EntityUid, ActionDecl> e : actions.entrySet()) {
            EntityUid uid = e.getKey();
            EntityUid unqualified = new EntityUid("Action", uid.id());
            if (!uid.type().equals("Action") && actions.containsKey(unqualified)) {
                throw error(e.getValue().pos(), "definition of " + uid
                        + " illegally shadows the existing definition of " + unqualified);
            }
        }
    }

    private EntityTypeDef entityType(String name, EntityDecl d) {
        Set<String> memberOf = new LinkedHashSet<>();
        for (Raw.Name parent : d.memberOf()) {
            memberOf.add(declaredEntityType(parent, d.namespace(), "a parent type"));
        }
        RecordType shape = d.shape() == null
                ? RecordType.EMPTY
                : asRecord(resolveType(d.shape(), d.namespace(), 1), d.shape().pos(),
                        "the shape of entity type `" + name + "`");
        SchemaType tags = d.tags() == null ? null : resolveType(d.tags(), d.namespace(), 1).type();
        List<String> enumIds = d.enumIds() == null ? null : List.copyOf(new LinkedHashSet<>(d.enumIds()));
        return new EntityTypeDef(name, memberOf, shape, tags, enumIds);
    }

    private ActionDef action(EntityUid uid, ActionDecl d) {
        Set<EntityUid> memberOf = new LinkedHashSet<>();
        for (ActionRef parent : d.memberOf()) {
            memberOf.add(resolveAction(parent, d.namespace()));
        }
        Set<String> principals = new LinkedHashSet<>();
        for (Raw.Name n : d.principals()) {
            principals.add(declaredEntityType(n, d.namespace(), "a principal type"));
        }
        Set<String> resources = new LinkedHashSet<>();
        for (Raw.Name n : d.resources()) {
            resources.add(declaredEntityType(n, d.namespace(), "a resource type"));
        }
        RecordType context = d.context() == null
                ? RecordType.EMPTY
                : asRecord(resolveType(d.context(), d.namespace(), 1), d.context().pos(),
                        "the context of action " + uid);
        return new ActionDef(uid, memberOf, principals, resources, context);
    }

    private RecordType asRecord(Resolved r, Pos pos, String what) {
        if (r.type() instanceof RecordType rec) {
            return rec;
        }
        throw error(pos, what + " must be a record type, but is `" + r.type() + "`");
    }

    /** The names an as-written name may denote, highest priority first. */
    private static List<String> candidates(String raw, String namespace) {
        if (raw.contains("::") || namespace.isEmpty()) {
            return List.of(raw);
        }
        return List.of(namespace + "::" + raw, raw);
    }

    private boolean isCommon(String name) {
        return commons.containsKey(name) || builtin(name) != null;
    }

    private boolean isEntity(String name) {
        return isEntityType(name) || actionTypes.contains(name) || (scope != null && scope.isActionType(name));
    }

    /** Whether {@code name} is a declared entity type, of the text or of its scope. */
    private boolean isEntityType(String name) {
        return entities.containsKey(name) || (scope != null && scope.entityTypes().containsKey(name));
    }

    /**
     * The primitive or extension type {@code name} denotes: {@code __cedar::X} always, and a bare
     * {@code X} unless the empty namespace declares its own {@code X}.
     */
    private SchemaType builtin(String name) {
        String base;
        if (name.startsWith(Raw.CEDAR_NAMESPACE + "::")) {
            base = name.substring(Raw.CEDAR_NAMESPACE.length() + 2);
        } else if (!isEntityType(name) && !commons.containsKey(name)) {
            base = name;
        } else {
            return null;
        }
        return switch (base) {
            case "Bool" -> SchemaType.BOOL;
            case "Long" -> SchemaType.LONG;
            case "String" -> SchemaType.STRING;
            default -> EXTENSIONS.contains(base) ? new SchemaType.Extension(base) : null;
        };
    }

    /** Resolves a type name; the result is an entity type name unless {@link #isCommon} holds for it. */
    private String resolveName(Raw.Name name, String namespace, RefKind kind) {
        List<String> options = candidates(name.text(), namespace);
        for (String option : options) {
            // RFC 24: at the same candidate, a common type wins over an entity type.
            if (kind != RefKind.ENTITY && isCommon(option)) {
                return option;
            }
            if (kind != RefKind.COMMON && isEntity(option)) {
                return option;
            }
        }
        String as = switch (kind) {
            case COMMON -> "a common type";
            case ENTITY -> "an entity type";
            case COMMON_OR_ENTITY -> "a common or entity type";
        };
        String detail = options.size() == 1
                ? "`" + options.get(0) + "` has not been declared as " + as
                : "neither `" + options.get(0) + "` nor `" + options.get(1) + "` has been declared as " + as;
        throw error(name.pos(), "undefined type name `" + name.text() + "`: " + detail);
    }

    /** Attribute types may name action types; parent, principal and resource types may not. */
    private String declaredEntityType(Raw.Name name, String namespace, String role) {
        String resolved = resolveName(name, namespace, RefKind.ENTITY);
        if (!isEntityType(resolved)) {
            throw error(name.pos(), "action type `" + resolved + "` cannot be " + role
                    + ": it is not a declared entity type");
        }
        return resolved;
    }

    private EntityUid resolveAction(ActionRef ref, String namespace) {
        String type = ref.type() == null ? "Action" : ref.type().text();
        for (String option : candidates(type, namespace)) {
            EntityUid uid = new EntityUid(option, ref.id());
            if (actions.containsKey(uid) || (scope != null && scope.actions().containsKey(uid))) {
                return uid;
            }
        }
        throw error(ref.pos(), "undefined action " + new EntityUid(type, ref.id()) + " in `in` list");
    }

    private Resolved resolveType(Raw.Type t, String namespace, int depth) {
        if (depth > MAX_DEPTH || frames >= 2 * MAX_DEPTH + 1) {
            throw error(t.pos(), "type is nested more than " + MAX_DEPTH + " levels deep");
        }
        frames++;
        try {
            return resolveTypeIn(t, namespace, depth);
        } finally {
            frames--;
        }
    }

    private Resolved resolveTypeIn(Raw.Type t, String namespace, int depth) {
        return switch (t) {
            case Raw.Prim p -> new Resolved(p.type(), 1);
            case Raw.Ext e -> {
                if (!EXTENSIONS.contains(e.name())) {
                    throw error(e.pos(), "unknown extension type `" + e.name() + "`; expected one of " + EXTENSIONS);
                }
                yield new Resolved(new SchemaType.Extension(e.name()), 1);
            }
            case Raw.SetOf s -> {
                Resolved element = resolveType(s.element(), namespace, depth + 1);
                yield new Resolved(new SchemaType.SetType(element.type()), element.depth() + 1);
            }
            case Raw.Rec r -> {
                Map<String, Attribute> attrs = new LinkedHashMap<>();
                int max = 0;
                for (Map.Entry<String, Raw.Attr> a : r.attributes().entrySet()) {
                    Resolved at = resolveType(a.getValue().type(), namespace, depth + 1);
                    attrs.put(a.getKey(), new Attribute(at.type(), a.getValue().required()));
                    max = Math.max(max, at.depth());
                }
                yield new Resolved(new RecordType(attrs), max + 1);
            }
            case Raw.Ref ref -> {
                String name = resolveName(ref.name(), namespace, ref.kind());
                if (ref.kind() == RefKind.ENTITY || !isCommon(name)) {
                    yield new Resolved(new SchemaType.EntityRef(name), 1);
                }
                Resolved c = commonType(name, ref.pos());
                if (depth - 1 + c.depth() > MAX_DEPTH) {
                    throw error(ref.pos(), "type is nested more than " + MAX_DEPTH
                            + " levels deep once common type `" + name + "` is inlined");
                }
                yield c;
            }
        };
    }

    private Resolved commonType(String name, Pos usedAt) {
        Resolved done = resolvedCommons.get(name);
        if (done != null) {
            return done;
        }
        CommonDecl decl = commons.get(name);
        if (decl == null) {
            return new Resolved(builtin(name), 1);
        }
        if (resolving.contains(name)) {
            List<String> cycle = new ArrayList<>();
            boolean in = false;
            for (String r : resolving) {
                in |= r.equals(name);
                if (in) {
                    cycle.add(r);
                }
            }
            cycle.add(name);
            throw error(decl.pos(), "cycle among common types: " + String.join(" -> ", cycle));
        }
        if (resolving.size() >= MAX_DEPTH) {
            throw error(usedAt, "common types refer to each other more than " + MAX_DEPTH + " levels deep");
        }
        resolving.add(name);
        Resolved r = resolveType(decl.type(), decl.namespace(), 1);
        resolving.remove(name);
        resolvedCommons.put(name, r);
        return r;
    }

    /** The groups action {@code uid} is directly in: as the text declares it, else as its scope does. */
    private Set<EntityUid> parentsOf(EntityUid uid, Map<EntityUid, ActionDef> defs) {
        ActionDef def = defs.get(uid);
        return def != null ? def.memberOf() : scope.actions().get(uid).memberOf();
    }

    /** The reference rejects an action that is, transitively, a member of itself. */
    private void checkActionCycles(Map<EntityUid, ActionDef> defs) {
        Map<EntityUid, Integer> state = new HashMap<>(); // absent: unvisited, 1: on stack, 2: done
        for (EntityUid root : defs.keySet()) {
            if (state.containsKey(root)) {
                continue;
            }
            Deque<EntityUid> path = new ArrayDeque<>();
            Deque<Iterator<EntityUid>> next = new ArrayDeque<>();
            state.put(root, 1);
            path.push(root);
            next.push(parentsOf(root, defs).iterator());
            while (!next.isEmpty()) {
                Iterator<EntityUid> it = next.peek();
                if (!it.hasNext()) {
                    state.put(path.pop(), 2);
                    next.pop();
                    continue;
                }
                EntityUid parent = it.next();
                Integer s = state.get(parent);
                if (s == null) {
                    state.put(parent, 1);
                    path.push(parent);
                    next.push(parentsOf(parent, defs).iterator());
                } else if (s == 1) {
                    // The text's own action is where to point; a cycle always passes through one.
                    throw error(actions.getOrDefault(parent, actions.get(root)).pos(), "cycle in action hierarchy: action " + parent
                            + " is a member of itself");
                }
            }
        }
    }
}
