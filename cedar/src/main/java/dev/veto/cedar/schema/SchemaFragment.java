package dev.veto.cedar.schema;

import dev.veto.cedar.ast.SourcePosition;
import dev.veto.cedar.value.EntityUid;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A schema text read against another schema: its names may refer to that schema's entity types
 * and actions as well as to its own declarations, which are kept apart, each with where it was
 * written, for the caller to combine with the other schema as it needs (Veto adds one, an
 * administrator's, to the schema it derives from what it stores). The text's own rules are
 * checked as {@link Schema#parseCedar} checks them; a type it declares that the other schema
 * declares too is not an error here, since combining is the caller's business. Immutable.
 */
public final class SchemaFragment {

    /** A declaration of the text and where it starts. */
    public record Declared<T>(T definition, SourcePosition position) {
        public Declared {
            Objects.requireNonNull(definition, "definition");
            Objects.requireNonNull(position, "position");
        }
    }

    private final Map<String, Declared<EntityTypeDef>> entityTypes;
    private final Map<EntityUid, Declared<ActionDef>> actions;
    private final Map<String, Declared<SchemaType>> commonTypes;

    SchemaFragment(Map<String, Declared<EntityTypeDef>> entityTypes, Map<EntityUid, Declared<ActionDef>> actions,
            Map<String, Declared<SchemaType>> commonTypes) {
        this.entityTypes = Collections.unmodifiableMap(new LinkedHashMap<>(entityTypes));
        this.actions = Collections.unmodifiableMap(new LinkedHashMap<>(actions));
        this.commonTypes = Collections.unmodifiableMap(new LinkedHashMap<>(commonTypes));
    }

    /**
     * Reads a text in the Cedar schema format whose names may also refer to {@code scope}'s
     * entity types and actions.
     *
     * @throws SchemaException if the text is malformed, names what neither declares, or breaks the format's rules
     */
    public static SchemaFragment parseCedar(String text, String sourceName, Schema scope) {
        return Resolver.resolveFragment(new CedarSchemaParser(text, sourceName).parse(), sourceName, Objects.requireNonNull(scope, "scope"));
    }

    /** As {@link #parseCedar}, for a text in the JSON schema format. */
    public static SchemaFragment parseJson(String json, String sourceName, Schema scope) {
        return Resolver.resolveFragment(new JsonSchemaParser(json, sourceName).parse(), sourceName, Objects.requireNonNull(scope, "scope"));
    }

    /** The entity types the text declares, by fully qualified name, in declaration order. */
    public Map<String, Declared<EntityTypeDef>> entityTypes() {
        return entityTypes;
    }

    /** The actions the text declares, in declaration order. */
    public Map<EntityUid, Declared<ActionDef>> actions() {
        return actions;
    }

    /** The common types the text declares, by fully qualified name, each resolved (other common types inlined). */
    public Map<String, Declared<SchemaType>> commonTypes() {
        return commonTypes;
    }
}
