package dev.veto.cedar.value;

import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.stream.Collectors;

/** A Cedar set: unordered, no duplicates. Iteration follows first insertion. */
public final class SetValue implements Value {
    public static final SetValue EMPTY = new SetValue(Collections.emptySet(), true);

    private final Set<Value> elements;

    /** A set of copies of {@code elements}. */
    public SetValue(Set<Value> elements) {
        this(new LinkedHashSet<>(elements), true);
    }

    private SetValue(Set<Value> owned, boolean unused) {
        this.elements = Collections.unmodifiableSet(owned);
    }

    public static SetValue of(Collection<? extends Value> values) {
        return new SetValue(new LinkedHashSet<>(values), true);
    }

    /** A set over {@code fresh}, which the caller hands over and must not touch again (saves a copy). */
    public static SetValue takeOwnership(LinkedHashSet<Value> fresh) {
        return new SetValue(fresh, true);
    }

    public Set<Value> elements() {
        return elements;
    }

    @Override
    public boolean equals(Object o) {
        return this == o || (o instanceof SetValue s && elements.equals(s.elements));
    }

    @Override
    public int hashCode() {
        return elements.hashCode();
    }

    @Override
    public String typeName() {
        return "set";
    }

    @Override
    public String toString() {
        return elements.stream().map(Value::toString).collect(Collectors.joining(", ", "[", "]"));
    }
}
