package dev.veto.cedar.value;

/** STUB: to be implemented. */
public record Datetime(long raw) implements ExtensionValue {
    public static Datetime parse(String s) {
        throw new ExtensionException("not implemented");
    }

    @Override
    public String constructorName() {
        return "datetime";
    }

    @Override
    public String toLiteralString() {
        return Long.toString(raw);
    }
}
