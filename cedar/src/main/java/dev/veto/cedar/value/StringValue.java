package dev.veto.cedar.value;

/** A Cedar string. */
public record StringValue(String value) implements Value {
    public StringValue {
        java.util.Objects.requireNonNull(value, "value");
    }

    @Override
    public String typeName() {
        return "string";
    }

    @Override
    public String toString() {
        return Strings.quote(value);
    }
}
