package dev.veto.cedar.value;

/** STUB: to be implemented. */
public record IpAddr(String raw) implements ExtensionValue {
    public static IpAddr parse(String s) {
        throw new ExtensionException("not implemented");
    }

    @Override
    public String constructorName() {
        return "ip";
    }

    @Override
    public String toLiteralString() {
        return raw;
    }
}
