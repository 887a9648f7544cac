package dev.veto.cedar.value;

import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

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
        this.type = canonical(Objects.requireNonNull(type, "type"));
        this.id = Objects.requireNonNull(id, "id");
        this.hash = 31 * this.type.hashCode() + id.hashCode();
    }

    /**
     * Type names seen so far, each mapped to its interned instance. {@link String#intern} is a
     * native call into the JVM's string table, costing more than the rest of a uid's parsing;
     * a platform has a handful of types, so this map answers almost every call. It stops
     * growing at {@link #TYPE_CACHE_LIMIT} names (a client sending endless new types must not
     * grow it without end), after which new names go to {@code intern} directly.
     */
    private static final ConcurrentHashMap<String, String> TYPES = new ConcurrentHashMap<>();
    private static final int TYPE_CACHE_LIMIT = 4096;

    private static String canonical(String type) {
        String t = TYPES.get(type);
        if (t != null) {
            return t;
        }
        t = type.intern();
        if (TYPES.size() < TYPE_CACHE_LIMIT) {
            TYPES.putIfAbsent(t, t);
        }
        return t;
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
