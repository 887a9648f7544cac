package dev.veto.pep;

/**
 * What an enforcement point does when it has not heard from any server for longer than its
 * staleness bound: its state may be missing an enforcement (or a lifting) approved since.
 */
public enum FailMode {
    /** Deny every request until a server is heard again: nothing restricted slips through. The default. */
    CLOSED,
    /** Allow every request: availability over enforcement, for services no principle restricts. */
    OPEN,
    /** Decide on the last verified state, and say in each decision that it is stale. */
    LAST_KNOWN;

    /** The wire name: {@code closed}, {@code open}, {@code last-known}. */
    public String wire() {
        return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }

    /** The mode a wire name names, or null. */
    public static FailMode parse(String s) {
        for (FailMode m : values()) {
            if (m.wire().equals(s)) {
                return m;
            }
        }
        return null;
    }
}
