package dev.veto.cedar.ast;

import java.util.Map;

/**
 * Signatures of Cedar's built-in methods and extension functions: their names and how many
 * arguments each takes (for methods, not counting the receiver). Implementations live with the
 * evaluator; the parser uses this table to reject unknown names and wrong argument counts early.
 */
public final class Builtins {
    private Builtins() {}

    private static final Map<String, Integer> FUNCTIONS = Map.of(
            "ip", 1,
            "decimal", 1,
            "datetime", 1,
            "duration", 1);

    private static final Map<String, Integer> METHODS = Map.ofEntries(
            Map.entry("contains", 1),
            Map.entry("containsAll", 1),
            Map.entry("containsAny", 1),
            Map.entry("isEmpty", 0),
            Map.entry("getTag", 1),
            Map.entry("hasTag", 1),
            Map.entry("lessThan", 1),
            Map.entry("lessThanOrEqual", 1),
            Map.entry("greaterThan", 1),
            Map.entry("greaterThanOrEqual", 1),
            Map.entry("isIpv4", 0),
            Map.entry("isIpv6", 0),
            Map.entry("isLoopback", 0),
            Map.entry("isMulticast", 0),
            Map.entry("isInRange", 1),
            Map.entry("offset", 1),
            Map.entry("durationSince", 1),
            Map.entry("toDate", 0),
            Map.entry("toTime", 0),
            Map.entry("toMilliseconds", 0),
            Map.entry("toSeconds", 0),
            Map.entry("toMinutes", 0),
            Map.entry("toHours", 0),
            Map.entry("toDays", 0));

    /** Argument count of the extension function {@code name}, or -1 when there is none. */
    public static int functionArity(String name) {
        return FUNCTIONS.getOrDefault(name, -1);
    }

    /** Argument count (without the receiver) of the method {@code name}, or -1 when there is none. */
    public static int methodArity(String name) {
        return METHODS.getOrDefault(name, -1);
    }

    /** Whether {@code name} is a method of an extension type (decimal, ipaddr, datetime, duration). */
    public static boolean isExtensionMethod(String name) {
        return METHODS.containsKey(name) && switch (name) {
            case "contains", "containsAll", "containsAny", "isEmpty", "getTag", "hasTag" -> false;
            default -> true;
        };
    }

    public static java.util.Set<String> functionNames() {
        return FUNCTIONS.keySet();
    }

    public static java.util.Set<String> methodNames() {
        return METHODS.keySet();
    }
}
