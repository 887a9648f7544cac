package dev.veto.cedar.schema;

import java.util.Objects;

/** The declared type of a record or entity attribute, and whether it must be present. */
public record Attribute(SchemaType type, boolean required) {
    public Attribute {
        Objects.requireNonNull(type, "type");
    }
}
