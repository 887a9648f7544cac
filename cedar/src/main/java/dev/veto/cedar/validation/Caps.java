package dev.veto.cedar.validation;

import dev.veto.cedar.ast.Expr;
import java.util.ArrayList;
import java.util.List;

/**
 * Capabilities (Lean's {@code Capabilities}): the attributes and tags that a {@code has} or
 * {@code hasTag} test has proven present, each keyed by the expression tested. Expressions are
 * compared structurally (locations take no part in equality), so {@code principal.manager has
 * email} guards a later {@code principal.manager.email} wherever it is written.
 *
 * <p>Immutable. A list, not a hash set: a guard chain rarely proves more than a handful of
 * facts, and hashing deep expressions would cost more than comparing a few.
 */
final class Caps {
    static final Caps EMPTY = new Caps(List.of());

    /** {@code target has key} (an attribute name) or {@code target.hasTag(key)} (a tag expression). */
    private record Cap(Expr target, Object key) {}

    /** A tag key, kept apart from attribute names. */
    private record Tag(Expr key) {}

    private final List<Cap> caps;

    private Caps(List<Cap> caps) {
        this.caps = caps;
    }

    static Caps attribute(Expr target, String attribute) {
        return new Caps(List.of(new Cap(target, attribute)));
    }

    static Caps tag(Expr target, Expr key) {
        return new Caps(List.of(new Cap(target, new Tag(key))));
    }

    boolean hasAttribute(Expr target, String attribute) {
        return caps.contains(new Cap(target, attribute));
    }

    boolean hasTag(Expr target, Expr key) {
        return caps.contains(new Cap(target, new Tag(key)));
    }

    Caps union(Caps other) {
        if (other.caps.isEmpty() || other == this) {
            return this;
        }
        if (caps.isEmpty()) {
            return other;
        }
        List<Cap> out = new ArrayList<>(caps);
        for (Cap c : other.caps) {
            if (!out.contains(c)) {
                out.add(c);
            }
        }
        return new Caps(List.copyOf(out));
    }

    Caps intersect(Caps other) {
        if (caps.isEmpty() || other.caps.isEmpty()) {
            return EMPTY;
        }
        List<Cap> out = new ArrayList<>();
        for (Cap c : caps) {
            if (other.caps.contains(c)) {
                out.add(c);
            }
        }
        return out.isEmpty() ? EMPTY : new Caps(List.copyOf(out));
    }
}
