package dev.veto.cedar.value;

/**
 * A Cedar runtime value. The variants are closed, so a {@code switch} over a value without
 * {@code default} breaks at compile time when a variant is added.
 *
 * <p>Equality is Cedar's {@code ==}: structural, sets unordered, and values of different types
 * are never equal (comparing them is not an error).
 */
public sealed interface Value
        permits BoolValue, LongValue, StringValue, EntityUid, SetValue, RecordValue, ExtensionValue {

    /** The Cedar name of this value's type, as error messages print it. */
    String typeName();
}
