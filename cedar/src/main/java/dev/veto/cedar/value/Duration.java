package dev.veto.cedar.value;

/** STUB: to be implemented. */
public record Duration(long raw) implements ExtensionValue {
    public static Duration parse(String s) {
        throw new ExtensionException("not implemented");
    }

    @Override
    public String constructorName() {
        return "duration";
    }

    @Override
    public String toLiteralString() {
        return Long.toString(raw);
    }
}
