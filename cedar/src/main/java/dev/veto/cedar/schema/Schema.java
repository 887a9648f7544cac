package dev.veto.cedar.schema;

import dev.veto.cedar.value.EntityUid;
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
