package dev.veto.cedar.value;

import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * A Cedar record. Attributes are held in a compact immutable map; printing sorts them by name,
 * so output is deterministic.
 */
public final class RecordValue implements Value {
    public static final RecordValue EMPTY = new RecordValue(Map.of());

    private final Map<String, Value> attributes;

    public RecordValue(Map<String, Value> attributes) {
        this.attributes = Map.copyOf(attributes);
    }

    public Map<String, Value> attributes() {
        return attributes;
    }

    /** The attributes sorted by name. */
    public Map<String, Value> sortedAttributes() {
        return new TreeMap<>(attributes);
    }

    @Override
    public boolean equals(Object o) {
        return this == o || (o instanceof RecordValue r && attributes.equals(r.attributes));
    }

    @Override
    public int hashCode() {
        return Objects.hashCode(attributes);
    }

    @Override
    public String typeName() {
        return "record";
    }

    @Override
    public String toString() {
        return sortedAttributes().entrySet().stream()
                .map(e -> Strings.quote(e.getKey()) + ": " + e.getValue())
                .collect(Collectors.joining(", ", "{", "}"));
    }
}
