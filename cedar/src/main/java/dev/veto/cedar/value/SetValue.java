package dev.veto.cedar.value;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.stream.Collectors;

/** A Cedar set: unordered, no duplicates. Iteration follows first insertion. */
public record SetValue(Set<Value> elements) implements Value {
    public static final SetValue EMPTY = new SetValue(Set.of());

    public SetValue {
        elements = java.util.Collections.unmodifiableSet(new LinkedHashSet<>(elements));
    }

    public static SetValue of(Collection<? extends Value> values) {
        return new SetValue(new LinkedHashSet<>(values));
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
