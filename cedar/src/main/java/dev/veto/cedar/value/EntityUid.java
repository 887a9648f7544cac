package dev.veto.cedar.value;

import java.util.Objects;

/**
 * An entity reference: a (possibly namespaced) type name such as {@code Photo} or
 * {@code PhotoApp::User} and an id.
 *
 * <p>A class rather than a record because it is the hottest key in the system (every hierarchy
 * and index look-up): the type name is interned, so equality compares it by reference, and the
 * hash is computed once.
 */
public final class EntityUid implements Value {
    private final String type;
    private final String id;
    private final int hash;

    public EntityUid(String type, String id) {
        this.type = Objects.requireNonNull(type, "type").intern();
        this.id = Objects.requireNonNull(id, "id");
        this.hash = 31 * this.type.hashCode() + id.hashCode();
    }

    public static EntityUid of(String type, String id) {
        return new EntityUid(type, id);
    }

    public String type() {
        return type;
    }

    public String id() {
        return id;
    }

    @Override
    public boolean equals(Object o) {
        return this == o
                || (o instanceof EntityUid u && hash == u.hash && type == u.type && id.equals(u.id));
    }

    @Override
    public int hashCode() {
        return hash;
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
