package dev.veto.cedar.value;

/**
 * A Cedar {@code ipaddr}: an IPv4 or IPv6 address with a CIDR prefix length. A single address has
 * the full prefix, 32 or 128. Host bits below the prefix are kept as written, as in the reference,
 * so record equality (Cedar's {@code ==}) compares family, address and prefix:
 * {@code ip("10.0.0.1") == ip("10.0.0.1/32")} but {@code ip("10.0.0.1/8") != ip("10.0.0.0/8")}.
 *
 * @param ipv6 whether this is an IPv6 address
 * @param high the upper 64 bits of an IPv6 address; 0 for IPv4
 * @param low the lower 64 bits of an IPv6 address, or the IPv4 address as an unsigned 32-bit
 *     number
 * @param prefix the prefix length, 0 to 32 for IPv4 and 0 to 128 for IPv6
 */
public record IpAddr(boolean ipv6, long high, long low, int prefix) implements ExtensionValue {

    /** The longest string the reference accepts, {@code ABCD:EF01:2345:6789:ABCD:EF01:2345:6789/128}. */
    private static final int MAX_LENGTH = 43;

    /** Checks that the components describe an address. */
    public IpAddr {
        if (ipv6 ? prefix < 0 || prefix > 128 : prefix < 0 || prefix > 32 || high != 0 || (low >>> 32) != 0) {
            throw new IllegalArgumentException("not an IP address: " + ipv6 + ", " + high + ", " + low + ", " + prefix);
        }
    }

    /**
     * Parses an address with an optional {@code /prefix}. IPv4 is four dot-separated decimal
     * numbers 0-255 without leading zeros; IPv6 is up to eight colon-separated groups of one to
     * four hex digits with at most one {@code ::} that stands for at least one zero group. The
     * prefix is decimal without leading zeros, at most 32 or 128. Rejected, as in the reference:
     * IPv4 embedded in IPv6 text ({@code ::ffff:1.2.3.4}), zone ids ({@code fe80::1%eth0}),
     * surrounding spaces or brackets, and strings longer than 43 characters.
     *
     * @throws ExtensionException if {@code s} is not such an address
     */
    public static IpAddr parse(String s) {
        if (s.length() > MAX_LENGTH) {
            throw invalid(s, "longer than " + MAX_LENGTH + " characters");
        }
        // The reference refuses any string with two colons and two dots, whatever follows;
        // a valid IPv6 address always has two colons, so dotted IPv4 tails never parse.
        if (count(s, ':') >= 2 && count(s, '.') >= 2) {
            throw invalid(s, "IPv4 embedded in IPv6 is not supported, write it in hex");
        }
        int slash = s.indexOf('/');
        int end = slash < 0 ? s.length() : slash;
        IpAddr addr = parseV4(s, end);
        if (addr == null) {
            addr = parseV6(s, end);
        }
        if (addr == null) {
            throw invalid(s, "not an IPv4 or IPv6 address");
        }
        if (slash < 0) {
            return addr;
        }
        int max = addr.ipv6 ? 128 : 32;
        int maxDigits = addr.ipv6 ? 3 : 2;
        int digits = s.length() - slash - 1;
        if (digits == 0 || digits > maxDigits) {
            throw invalid(s, "prefix must have 1 to " + maxDigits + " digits");
        }
        int prefix = 0;
        for (int i = slash + 1; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                throw invalid(s, "prefix must be decimal digits");
            }
            prefix = prefix * 10 + (c - '0');
        }
        if (digits > 1 && s.charAt(slash + 1) == '0') {
            throw invalid(s, "prefix has a leading zero");
        }
        if (prefix > max) {
            throw invalid(s, "prefix larger than " + max);
        }
        return new IpAddr(addr.ipv6, addr.high, addr.low, prefix);
    }

    private static int count(String s, char c) {
        int n = 0;
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) == c) {
                n++;
            }
        }
        return n;
    }

    /** Parses {@code s[0, end)} as dotted IPv4, full length prefix; null if it is not one. */
    private static IpAddr parseV4(String s, int end) {
        long addr = 0;
        int i = 0;
        for (int octet = 0; octet < 4; octet++) {
            if (octet > 0) {
                if (i >= end || s.charAt(i) != '.') {
                    return null;
                }
                i++;
            }
            int start = i;
            int value = 0;
            while (i < end && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
                value = value * 10 + (s.charAt(i) - '0');
                i++;
                if (i - start > 3) {
                    return null;
                }
            }
            // No leading zeros: the reference refuses them rather than guess octal.
            if (i == start || value > 255 || (i - start > 1 && s.charAt(start) == '0')) {
                return null;
            }
            addr = addr << 8 | value;
        }
        return i == end ? new IpAddr(false, 0, addr, 32) : null;
    }

    /**
     * Parses {@code s[0, end)} as IPv6 text, following the reference's parser: groups before
     * {@code ::}, then {@code ::}, then at most {@code 7 - head} groups; null if it is not one.
     */
    private static IpAddr parseV6(String s, int end) {
        int[] groups = new int[8];
        int[] pos = {0};
        int head = readGroups(s, end, pos, groups, 8);
        if (head < 8) {
            int i = pos[0];
            if (i + 1 >= end || s.charAt(i) != ':' || s.charAt(i + 1) != ':') {
                return null;
            }
            pos[0] = i + 2;
            int[] tail = new int[7];
            int tailCount = readGroups(s, end, pos, tail, 7 - head);
            System.arraycopy(tail, 0, groups, 8 - tailCount, tailCount);
        }
        if (pos[0] != end) {
            return null;
        }
        long high = 0;
        long low = 0;
        for (int g = 0; g < 4; g++) {
            high = high << 16 | groups[g];
            low = low << 16 | groups[g + 4];
        }
        return new IpAddr(true, high, low, 128);
    }

    /**
     * Reads up to {@code limit} colon-separated hex groups from {@code pos[0]} into {@code out};
     * returns how many. A separator is consumed only together with a group after it.
     */
    private static int readGroups(String s, int end, int[] pos, int[] out, int limit) {
        int i = pos[0];
        int count = 0;
        while (count < limit) {
            int j = i;
            if (count > 0) {
                if (j >= end || s.charAt(j) != ':') {
                    break;
                }
                j++;
            }
            int start = j;
            int value = 0;
            int digit;
            while (j < end && (digit = Character.digit(s.charAt(j), 16)) >= 0 && s.charAt(j) < 0x80) {
                value = value << 4 | digit;
                j++;
            }
            if (j == start || j - start > 4) {
                break;
            }
            out[count++] = value;
            i = j;
        }
        pos[0] = i;
        return count;
    }

    private static ExtensionException invalid(String s, String why) {
        return new ExtensionException("invalid ip " + Strings.quote(s) + ": " + why);
    }

    /** Cedar's {@code isIpv4}. */
    public boolean isIpv4() {
        return !ipv6;
    }

    /** Cedar's {@code isIpv6}. */
    public boolean isIpv6() {
        return ipv6;
    }

    /**
     * Cedar's {@code isLoopback}: the address is in {@code 127.0.0.0/8} or is {@code ::1}, and the
     * range is no wider than that. IPv4-mapped IPv6 addresses are IPv6 and never loopback.
     */
    public boolean isLoopback() {
        return ipv6 ? high == 0 && low == 1 && prefix == 128 : (low >>> 24) == 127 && prefix >= 8;
    }

    /**
     * Cedar's {@code isMulticast}: the address is in {@code 224.0.0.0/4} or {@code ff00::/8}, and
     * the range is no wider than that.
     */
    public boolean isMulticast() {
        return ipv6 ? (high >>> 56) == 0xff && prefix >= 8 : (low >>> 28) == 0xe && prefix >= 4;
    }

    /**
     * Cedar's {@code isInRange}: whether every address of this range lies in {@code range}, host
     * bits of both ignored. Always false across families, as in the reference.
     */
    public boolean isInRange(IpAddr range) {
        if (ipv6 != range.ipv6) {
            return false;
        }
        if (!ipv6) {
            long mask = netmask32(prefix);
            long rangeMask = netmask32(range.prefix);
            long first = low & mask;
            long last = low | (~mask & 0xFFFF_FFFFL);
            long rangeFirst = range.low & rangeMask;
            long rangeLast = range.low | (~rangeMask & 0xFFFF_FFFFL);
            return rangeFirst <= first && last <= rangeLast;
        }
        long maskHigh = netmaskHigh(prefix);
        long maskLow = netmaskLow(prefix);
        long rangeMaskHigh = netmaskHigh(range.prefix);
        long rangeMaskLow = netmaskLow(range.prefix);
        return compare128(range.high & rangeMaskHigh, range.low & rangeMaskLow, high & maskHigh, low & maskLow) <= 0
                && compare128(high | ~maskHigh, low | ~maskLow, range.high | ~rangeMaskHigh, range.low | ~rangeMaskLow)
                        <= 0;
    }

    private static long netmask32(int prefix) {
        return prefix == 0 ? 0 : (0xFFFF_FFFFL << (32 - prefix)) & 0xFFFF_FFFFL;
    }

    private static long netmaskHigh(int prefix) {
        return prefix >= 64 ? -1L : prefix == 0 ? 0 : -1L << (64 - prefix);
    }

    private static long netmaskLow(int prefix) {
        return prefix <= 64 ? 0 : -1L << (128 - prefix);
    }

    private static int compare128(long aHigh, long aLow, long bHigh, long bLow) {
        int c = Long.compareUnsigned(aHigh, bHigh);
        return c != 0 ? c : Long.compareUnsigned(aLow, bLow);
    }

    @Override
    public String constructorName() {
        return "ip";
    }

    /**
     * The address in standard form, {@code /prefix} only when shorter than the full length: IPv4
     * dotted, IPv6 as RFC 5952 (lower case, no leading zeros, the longest run of two or more zero
     * groups as {@code ::}). Unlike the reference's printing, IPv4-mapped IPv6 stays in hex, since
     * the dotted form would not parse back.
     */
    @Override
    public String toLiteralString() {
        StringBuilder b = new StringBuilder(43);
        if (!ipv6) {
            b.append(low >>> 24).append('.').append(low >>> 16 & 0xff).append('.')
                    .append(low >>> 8 & 0xff).append('.').append(low & 0xff);
        } else {
            int[] g = new int[8];
            for (int i = 0; i < 4; i++) {
                g[i] = (int) (high >>> (48 - 16 * i)) & 0xffff;
                g[i + 4] = (int) (low >>> (48 - 16 * i)) & 0xffff;
            }
            int bestStart = -1;
            int bestLen = 1;
            for (int i = 0; i < 8; ) {
                if (g[i] != 0) {
                    i++;
                    continue;
                }
                int j = i;
                while (j < 8 && g[j] == 0) {
                    j++;
                }
                if (j - i > bestLen) {
                    bestStart = i;
                    bestLen = j - i;
                }
                i = j;
            }
            for (int i = 0; i < 8; i++) {
                if (i == bestStart) {
                    b.append("::");
                    i += bestLen - 1;
                    continue;
                }
                if (i > 0 && i != bestStart + bestLen) {
                    b.append(':');
                }
                b.append(Integer.toHexString(g[i]));
            }
        }
        if (prefix != (ipv6 ? 128 : 32)) {
            b.append('/').append(prefix);
        }
        return b.toString();
    }

    /** The Cedar call that builds this value, e.g. {@code ip("10.0.0.0/8")}. */
    @Override
    public String toString() {
        return "ip(" + Strings.quote(toLiteralString()) + ")";
    }
}
