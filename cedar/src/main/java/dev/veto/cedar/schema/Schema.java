package dev.veto.cedar.schema;

import dev.veto.cedar.value.EntityUid;
import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A Cedar schema with every name resolved: entity types and actions keyed by their fully
 * qualified names, common types inlined. Immutable. Two schemas are equal when they declare the
 * same entity types and actions, whichever format they were parsed from.
 */
public final class Schema {
    private final Map<String, EntityTypeDef> entityTypes;
    private final Map<EntityUid, ActionDef> actions;
    private final Set<String> actionTypes = new HashSet<>();

    Schema(Map<String, EntityTypeDef> entityTypes, Map<EntityUid, ActionDef> actions) {
        this.entityTypes = Collections.unmodifiableMap(new LinkedHashMap<>(entityTypes));
        this.actions = Collections.unmodifiableMap(new LinkedHashMap<>(actions));
        for (EntityUid uid : actions.keySet()) {
            actionTypes.add(uid.type());
        }
    }

    /**
     * Parses a schema in the human-readable Cedar format ({@code .cedarschema}).
     *
     * @param sourceName names the text in error messages, e.g. a file name
     * @throws SchemaException if the text is malformed or the schema is not well formed
     */
    public static Schema parseCedar(String text, String sourceName) {
        return Resolver.resolve(new CedarSchemaParser(text, sourceName).parse(), sourceName);
    }

    /**
     * Parses a schema in the JSON format.
     *
     * @param sourceName names the text in error messages, e.g. a file name
     * @throws SchemaException if the text is malformed or the schema is not well formed
     */
    public static Schema parseJson(String json, String sourceName) {
        return Resolver.resolve(new JsonSchemaParser(json, sourceName).parse(), sourceName);
    }

    /**
     * A schema built in code from resolved declarations (every name fully qualified), checked as
     * a parsed one is: each name declared once, every type, parent and action group it mentions
     * declared, no action a member of itself.
     *
     * @throws IllegalArgumentException naming the first declaration that breaks a rule
     */
    public static Schema of(Collection<EntityTypeDef> entityTypes, Collection<ActionDef> actions) {
        Map<String, EntityTypeDef> types = new LinkedHashMap<>();
        for (EntityTypeDef t : entityTypes) {
            if (types.put(t.name(), t) != null) {
                throw new IllegalArgumentException("entity type `" + t.name() + "` is declared twice");
            }
        }
        Map<EntityUid, ActionDef> acts = new LinkedHashMap<>();
        for (ActionDef a : actions) {
            if (acts.put(a.uid(), a) != null) {
                throw new IllegalArgumentException("action " + a.uid() + " is declared twice");
            }
        }
        Schema s = new Schema(types, acts);
        for (EntityTypeDef t : types.values()) {
            if (s.isActionType(t.name())) {
                throw new IllegalArgumentException("entity type `" + t.name() + "` is also the type of actions");
            }
            for (String p : t.memberOfTypes()) {
                s.requireEntityType(p, "a parent type of `" + t.name() + "`");
            }
            s.requireTypes(t.shape(), "entity type `" + t.name() + "`");
            if (t.tags() != null) {
                s.requireTypes(t.tags(), "the tags of entity type `" + t.name() + "`");
            }
        }
        for (ActionDef a : acts.values()) {
            for (String p : a.principalTypes()) {
                s.requireEntityType(p, "a principal type of " + a.uid());
            }
            for (String r : a.resourceTypes()) {
                s.requireEntityType(r, "a resource type of " + a.uid());
            }
            s.requireTypes(a.context(), "the context of " + a.uid());
            for (EntityUid group : a.memberOf()) {
                if (!acts.containsKey(group)) {
                    throw new IllegalArgumentException("action " + a.uid() + " is in " + group + ", which is not declared");
                }
            }
        }
        for (EntityUid a : acts.keySet()) {
            Set<EntityUid> seen = new HashSet<>();
            java.util.ArrayDeque<EntityUid> todo = new java.util.ArrayDeque<>(acts.get(a).memberOf());
            while (!todo.isEmpty()) {
                EntityUid g = todo.pop();
                if (g.equals(a)) {
                    throw new IllegalArgumentException("cycle in action hierarchy: action " + a + " is a member of itself");
                }
                if (seen.add(g)) {
                    todo.addAll(acts.get(g).memberOf());
                }
            }
        }
        return s;
    }

    private void requireEntityType(String name, String role) {
        if (!entityTypes.containsKey(name)) {
            throw new IllegalArgumentException("`" + name + "`, " + role + ", is not a declared entity type");
        }
    }

    /** Attribute types may name entity types and action types. */
    private void requireTypes(SchemaType type, String where) {
        switch (type) {
            case SchemaType.EntityRef r -> {
                if (!entityTypes.containsKey(r.typeName()) && !isActionType(r.typeName())) {
                    throw new IllegalArgumentException("`" + r.typeName() + "` in " + where + " is not a declared entity type");
                }
            }
            case SchemaType.SetType t -> requireTypes(t.element(), where);
            case SchemaType.RecordType r -> r.attributes().values().forEach(a -> requireTypes(a.type(), where));
            case SchemaType.Extension e -> {
                if (!Resolver.EXTENSIONS.contains(e.name())) {
                    throw new IllegalArgumentException("unknown extension type `" + e.name() + "` in " + where);
                }
            }
            case SchemaType.Bool b -> {}
            case SchemaType.Long l -> {}
            case SchemaType.StringType t -> {}
        }
    }

    /** Entity types by fully qualified name, in declaration order; action types are not included. */
    public Map<String, EntityTypeDef> entityTypes() {
        return entityTypes;
    }

    /** Actions by entity uid, e.g. {@code NS::Action::"view"}, in declaration order. */
    public Map<EntityUid, ActionDef> actions() {
        return actions;
    }

    /** The entity type with fully qualified name {@code name}. */
    public Optional<EntityTypeDef> entityType(String name) {
        return Optional.ofNullable(entityTypes.get(name));
    }

    /** The action {@code uid}. */
    public Optional<ActionDef> action(EntityUid uid) {
        return Optional.ofNullable(actions.get(uid));
    }

    /** Whether {@code type} is the type of some declared action, e.g. {@code NS::Action}. */
    public boolean isActionType(String type) {
        return actionTypes.contains(type);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Schema s && entityTypes.equals(s.entityTypes) && actions.equals(s.actions);
    }

    @Override
    public int hashCode() {
        return Objects.hash(entityTypes, actions);
    }

    @Override
    public String toString() {
        return "Schema[entityTypes=" + entityTypes.values() + ", actions=" + actions.values() + "]";
    }
}
