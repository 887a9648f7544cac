package dev.veto.cedar.value;

import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/** A Cedar record. Attributes are kept sorted by name, so printing is deterministic. */
public record RecordValue(Map<String, Value> attributes) implements Value {
    public static final RecordValue EMPTY = new RecordValue(Map.of());

    public RecordValue {
        attributes = java.util.Collections.unmodifiableMap(new TreeMap<>(attributes));
    }

    @Override
    public String typeName() {
        return "record";
    }

    @Override
    public String toString() {
        return attributes.entrySet().stream()
                .map(e -> Strings.quote(e.getKey()) + ": " + e.getValue())
                .collect(Collectors.joining(", ", "{", "}"));
    }
}
