package dev.veto.cedar.schema;

import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * A resolved schema type: every common type is inlined and every entity type name is fully
 * qualified.
 */
public sealed interface SchemaType {

    SchemaType BOOL = new Bool();
    SchemaType LONG = new Long();
    SchemaType STRING = new StringType();

    /** {@code Bool} ({@code Boolean} in the JSON format). */
    record Bool() implements SchemaType {
        @Override
        public String toString() {
            return "Bool";
        }
    }

    /** {@code Long}. */
    record Long() implements SchemaType {
        @Override
        public String toString() {
            return "Long";
        }
    }

    /** {@code String}. */
    record StringType() implements SchemaType {
        @Override
        public String toString() {
            return "String";
        }
    }

    /** {@code Set<element>}. */
    record SetType(SchemaType element) implements SchemaType {
        public SetType {
            Objects.requireNonNull(element, "element");
        }

        @Override
        public String toString() {
            return "Set<" + element + ">";
        }
    }

    /** A record with a closed set of attributes; the map is unmodifiable and sorted by name. */
    record RecordType(Map<String, Attribute> attributes) implements SchemaType {
        public static final RecordType EMPTY = new RecordType(Map.of());

        public RecordType {
            attributes = Collections.unmodifiableMap(new TreeMap<>(attributes));
        }

        /** The attribute named {@code name}, or null. */
        public Attribute attribute(String name) {
            return attributes.get(name);
        }

        @Override
        public String toString() {
            StringBuilder b = new StringBuilder("{");
            String sep = "";
            for (Map.Entry<String, Attribute> e : attributes.entrySet()) {
                b.append(sep).append(e.getKey()).append(e.getValue().required() ? "" : "?")
                        .append(": ").append(e.getValue().type());
                sep = ", ";
            }
            return b.append('}').toString();
        }
    }

    /** A reference to an entity of the fully qualified type {@code typeName}, e.g. {@code NS::User}. */
    record EntityRef(String typeName) implements SchemaType {
        public EntityRef {
            Objects.requireNonNull(typeName, "typeName");
        }

        @Override
        public String toString() {
            return typeName;
        }
    }

    /** An extension type: {@code ipaddr}, {@code decimal}, {@code datetime} or {@code duration}. */
    record Extension(String name) implements SchemaType {
        public Extension {
            Objects.requireNonNull(name, "name");
        }

        @Override
        public String toString() {
            return name;
        }
    }
}
