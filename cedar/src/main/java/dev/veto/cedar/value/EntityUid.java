package dev.veto.cedar.value;

import java.util.Objects;

/**
 * An entity reference: a (possibly namespaced) type name such as {@code Photo} or
 * {@code PhotoApp::User} and an id. Type names are interned so comparisons are usually one
 * reference check.
 */
public record EntityUid(String type, String id) implements Value {
    public EntityUid {
        type = Objects.requireNonNull(type, "type").intern();
        Objects.requireNonNull(id, "id");
    }

    public static EntityUid of(String type, String id) {
        return new EntityUid(type, id);
    }

    @Override
    public String typeName() {
        return "(entity of type `" + type + "`)";
    }

    /** The Cedar literal, e.g. {@code User::"alice"}. */
    @Override
    public String toString() {
        return type + "::" + Strings.quote(id);
    }
}
