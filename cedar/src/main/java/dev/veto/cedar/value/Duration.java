package dev.veto.cedar.value;

/**
 * A Cedar {@code duration}: a signed number of milliseconds. Record equality is Cedar's
 * {@code ==}: {@code duration("-3d") == duration("-72h")}.
 *
 * @param millis the length in milliseconds, possibly negative
 */
public record Duration(long millis) implements ExtensionValue, Comparable<Duration> {

    private static final long[] UNIT_MILLIS = {86_400_000L, 3_600_000L, 60_000L, 1_000L, 1L};
    private static final int DAYS = 0;
    private static final int HOURS = 1;
    private static final int MINUTES = 2;
    private static final int SECONDS = 3;
    private static final int MILLIS = 4;

    /**
     * Parses a duration literal: an optional leading {@code -}, then one or more quantity-unit
     * pairs with units {@code d}, {@code h}, {@code m}, {@code s}, {@code ms} in that order, each at
     * most once, quantities being ASCII digits. The sign applies to the whole duration.
     *
     * @throws ExtensionException if {@code s} is malformed or the total overflows 64 bits
     */
    public static Duration parse(String s) {
        int n = s.length();
        boolean negative = s.startsWith("-");
        int i = negative ? 1 : 0;
        if (i == n) {
            throw malformed(s);
        }
        long[] quantities = new long[5];
        int lastUnit = -1;
        while (i < n) {
            int start = i;
            while (i < n && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
                i++;
            }
            if (i == start || i == n) {
                throw malformed(s);
            }
            int digitsEnd = i;
            int unit;
            switch (s.charAt(i)) {
                case 'd' -> unit = DAYS;
                case 'h' -> unit = HOURS;
                case 's' -> unit = SECONDS;
                case 'm' -> {
                    // "m" followed by "s" can only be the unit "ms": "s" alone needs a quantity.
                    if (i + 1 < n && s.charAt(i + 1) == 's') {
                        unit = MILLIS;
                        i++;
                    } else {
                        unit = MINUTES;
                    }
                }
                default -> throw malformed(s);
            }
            i++;
            if (unit <= lastUnit) {
                throw malformed(s);
            }
            lastUnit = unit;
            try {
                // An unsigned 64-bit quantity, as in the reference: the one value above
                // Long.MAX_VALUE that can still succeed is 2^63 milliseconds, when negative.
                quantities[unit] = Long.parseUnsignedLong(s, start, digitsEnd, 10);
            } catch (NumberFormatException e) {
                throw overflow(s);
            }
        }
        // Sum from the smallest unit up, each step checked, the way the reference does.
        long total;
        long ms = quantities[MILLIS];
        if (negative) {
            if (ms < 0 && ms != Long.MIN_VALUE) {
                throw overflow(s);
            }
            total = -ms;
        } else {
            if (ms < 0) {
                throw overflow(s);
            }
            total = ms;
        }
        try {
            for (int unit = SECONDS; unit >= DAYS; unit--) {
                long q = quantities[unit];
                if (q < 0) {
                    throw overflow(s);
                }
                long term = Math.multiplyExact(q, UNIT_MILLIS[unit]);
                total = negative ? Math.subtractExact(total, term) : Math.addExact(total, term);
            }
        } catch (ArithmeticException e) {
            throw overflow(s);
        }
        return new Duration(total);
    }

    private static ExtensionException malformed(String s) {
        return new ExtensionException("invalid duration " + Strings.quote(s)
                + ": expected an optional - and quantity-unit pairs in the order d, h, m, s, ms, like 1d2h3m4s5ms");
    }

    private static ExtensionException overflow(String s) {
        return new ExtensionException("invalid duration " + Strings.quote(s)
                + ": overflows a 64-bit number of milliseconds");
    }

    /** Cedar's {@code toMilliseconds}: the length in milliseconds. */
    public long toMilliseconds() {
        return millis;
    }

    /** Cedar's {@code toSeconds}: whole seconds, truncated toward zero. */
    public long toSeconds() {
        return millis / 1_000L;
    }

    /** Cedar's {@code toMinutes}: whole minutes, truncated toward zero. */
    public long toMinutes() {
        return millis / 60_000L;
    }

    /** Cedar's {@code toHours}: whole hours, truncated toward zero. */
    public long toHours() {
        return millis / 3_600_000L;
    }

    /** Cedar's {@code toDays}: whole days, truncated toward zero. */
    public long toDays() {
        return millis / 86_400_000L;
    }

    /** Compares the lengths. */
    @Override
    public int compareTo(Duration other) {
        return Long.compare(millis, other.millis);
    }

    @Override
    public String constructorName() {
        return "duration";
    }

    /** The length in milliseconds with unit {@code ms}, e.g. {@code -90000ms}, as the reference prints it. */
    @Override
    public String toLiteralString() {
        return millis + "ms";
    }

    /** The Cedar call that builds this value, e.g. {@code duration("90000ms")}. */
    @Override
    public String toString() {
        return "duration(" + Strings.quote(toLiteralString()) + ")";
    }
}
