package dev.veto.cedar.value;

/**
 * A Cedar {@code decimal}: a fixed-point number with exactly four fractional digits, stored as
 * the signed 64-bit integer {@code value × 10^4}. Its range is therefore
 * {@code -922337203685477.5808} to {@code 922337203685477.5807}.
 *
 * <p>Record equality is Cedar's {@code ==}: {@code decimal("1.0") == decimal("1.0000")}.
 *
 * @param scaled the value multiplied by {@code 10^4}
 */
public record Decimal(long scaled) implements ExtensionValue, Comparable<Decimal> {

    /** Number of digits after the decimal point. */
    public static final int DIGITS = 4;

    private static final long SCALE = 10_000L;
    private static final long[] POW10 = {1L, 10L, 100L, 1_000L, 10_000L};

    /**
     * Parses a decimal literal: an optional {@code -}, one or more ASCII digits, {@code .}, then
     * one to four ASCII digits. Leading zeros are allowed; the value must fit the 64-bit range.
     *
     * @throws ExtensionException if {@code s} is malformed or out of range
     */
    public static Decimal parse(String s) {
        int n = s.length();
        int i = s.startsWith("-") ? 1 : 0;
        int intStart = i;
        while (i < n && isDigit(s.charAt(i))) {
            i++;
        }
        int dot = i;
        if (dot == intStart || dot >= n || s.charAt(dot) != '.') {
            throw malformed(s);
        }
        i = dot + 1;
        while (i < n && isDigit(s.charAt(i))) {
            i++;
        }
        if (i == dot + 1 || i != n) {
            throw malformed(s);
        }
        // The reference converts the integer part first, so an overflowing integer part is
        // reported as an overflow even when the fraction is also too long.
        long whole;
        try {
            whole = Math.multiplyExact(Long.parseLong(s, 0, dot, 10), SCALE);
        } catch (NumberFormatException | ArithmeticException e) {
            throw overflow(s);
        }
        int fracLen = n - dot - 1;
        if (fracLen > DIGITS) {
            throw new ExtensionException("invalid decimal " + Strings.quote(s)
                    + ": more than " + DIGITS + " digits after the decimal point");
        }
        long frac = Long.parseLong(s, dot + 1, n, 10) * POW10[DIGITS - fracLen];
        try {
            // The sign belongs to the whole literal, so "-0.5" is -0.5 although "-0" is 0.
            return new Decimal(intStart == 1 ? Math.subtractExact(whole, frac) : Math.addExact(whole, frac));
        } catch (ArithmeticException e) {
            throw overflow(s);
        }
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static ExtensionException malformed(String s) {
        return new ExtensionException("invalid decimal " + Strings.quote(s)
                + ": expected digits, a decimal point and 1 to 4 digits, like 12.34");
    }

    private static ExtensionException overflow(String s) {
        return new ExtensionException("invalid decimal " + Strings.quote(s)
                + ": out of range -922337203685477.5808 to 922337203685477.5807");
    }

    /** Compares the numeric values. */
    @Override
    public int compareTo(Decimal other) {
        return Long.compare(scaled, other.scaled);
    }

    /** Cedar's {@code lessThan}. */
    public boolean lessThan(Decimal other) {
        return scaled < other.scaled;
    }

    /** Cedar's {@code lessThanOrEqual}. */
    public boolean lessThanOrEqual(Decimal other) {
        return scaled <= other.scaled;
    }

    /** Cedar's {@code greaterThan}. */
    public boolean greaterThan(Decimal other) {
        return scaled > other.scaled;
    }

    /** Cedar's {@code greaterThanOrEqual}. */
    public boolean greaterThanOrEqual(Decimal other) {
        return scaled >= other.scaled;
    }

    @Override
    public String constructorName() {
        return "decimal";
    }

    /** The value with exactly four fractional digits, e.g. {@code -1.2300}, as the reference prints it. */
    @Override
    public String toLiteralString() {
        // Negating Long.MIN_VALUE leaves it unchanged; read as unsigned it is the right magnitude.
        long abs = scaled < 0 ? -scaled : scaled;
        long whole = Long.divideUnsigned(abs, SCALE);
        int frac = (int) Long.remainderUnsigned(abs, SCALE);
        StringBuilder b = new StringBuilder(24);
        if (scaled < 0) {
            b.append('-');
        }
        b.append(whole).append('.');
        String f = Integer.toString(frac);
        b.repeat('0', DIGITS - f.length()).append(f);
        return b.toString();
    }

    /** The Cedar call that builds this value, e.g. {@code decimal("1.2300")}. */
    @Override
    public String toString() {
        return "decimal(" + Strings.quote(toLiteralString()) + ")";
    }
}
