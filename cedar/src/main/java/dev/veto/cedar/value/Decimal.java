package dev.veto.cedar.value;

/** STUB: to be implemented. */
public record Decimal(long raw) implements ExtensionValue {
    public static Decimal parse(String s) {
        throw new ExtensionException("not implemented");
    }

    @Override
    public String constructorName() {
        return "decimal";
    }

    @Override
    public String toLiteralString() {
        return Long.toString(raw);
    }
}
