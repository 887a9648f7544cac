package dev.veto.cedar.value;

/** A value of one of Cedar's extension types. */
public sealed interface ExtensionValue extends Value permits Decimal, IpAddr, Datetime, Duration {

    /** The constructor function that builds this value, e.g. {@code decimal}. */
    String constructorName();

    /** The string argument that {@link #constructorName()} turns back into an equal value. */
    String toLiteralString();

    @Override
    default String typeName() {
        return constructorName();
    }
}
