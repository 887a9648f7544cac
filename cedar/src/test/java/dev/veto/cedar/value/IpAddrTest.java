package dev.veto.cedar.value;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class IpAddrTest {

    private static IpAddr ip(String s) {
        return IpAddr.parse(s);
    }

    @ParameterizedTest
    @CsvSource({
        "0.0.0.0, 0, 32",
        "127.0.0.1, 2130706433, 32",
        "255.255.255.255, 4294967295, 32",
        "10.0.0.0/8, 167772160, 8",
        "10.0.0.1/8, 167772161, 8",
        "192.168.0.1/0, 3232235521, 0",
        "1.2.3.4/32, 16909060, 32",
        "100.200.10.0/24, 1690831360, 24",
    })
    void parsesIpv4(String literal, long address, int prefix) {
        IpAddr a = ip(literal);
        assertThat(a.ipv6()).isFalse();
        assertThat(a.isIpv4()).isTrue();
        assertThat(a.isIpv6()).isFalse();
        assertThat(a.high()).isZero();
        assertThat(a.low()).isEqualTo(address);
        assertThat(a.prefix()).isEqualTo(prefix);
    }

    @ParameterizedTest
    @CsvSource({
        "::, 0, 0, 128",
        "::1, 0, 1, 128",
        "::/0, 0, 0, 0",
        "1::, 0x0001000000000000, 0, 128",
        "1:2:3:4:5:6:7:8, 0x0001000200030004, 0x0005000600070008, 128",
        "1:2:3:4:5:6:7::, 0x0001000200030004, 0x0005000600070000, 128",
        "::1:2:3:4:5:6:7, 0x0000000100020003, 0x0004000500060007, 128",
        "1::8, 0x0001000000000000, 0x0000000000000008, 128",
        "1:2::7:8, 0x0001000200000000, 0x0000000000070008, 128",
        "1:2:3:4::5:6:7, 0x0001000200030004, 0x0000000500060007, 128",
        "1:2:3::5:6:7:8, 0x0001000200030000, 0x0005000600070008, 128",
        "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff, -1, -1, 128",
        "FFFF:ffff:FfFf:0:0:0:0:0/48, 0xffffffffffff0000, 0, 48",
        "0000:0000:0000:0000:0000:0000:0000:0001, 0, 1, 128",
        "ABCD:EF01:2345:6789:ABCD:EF01:2345:6789/128, 0xabcdef0123456789, 0xabcdef0123456789, 128",
        "::ffff:ff00:1, 0, 0x0000ffffff000001, 128",
        "2001:db8::/32, 0x20010db800000000, 0, 32",
        "ffee::/64, 0xffee000000000000, 0, 64",
        "fe80::/10, 0xfe80000000000000, 0, 10",
        "ff00::2/9, 0xff00000000000000, 2, 9",
        "0::0, 0, 0, 128",
        "1:0:0:0:0:0:0:0/1, 0x0001000000000000, 0, 1",
    })
    void parsesIpv6(String literal, String high, String low, int prefix) {
        IpAddr a = ip(literal);
        assertThat(a.ipv6()).isTrue();
        assertThat(a.isIpv6()).isTrue();
        assertThat(a.isIpv4()).isFalse();
        assertThat(a.high()).isEqualTo(parseLong(high));
        assertThat(a.low()).isEqualTo(parseLong(low));
        assertThat(a.prefix()).isEqualTo(prefix);
    }

    private static long parseLong(String s) {
        return s.startsWith("0x") ? Long.parseUnsignedLong(s.substring(2), 16) : Long.parseLong(s);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        // reference examples
        "380.0.0.1", "?", "ab.ab.ab.ab", "foo::1", "::ffff:127.0.0.1", "::127.0.0.1", "127.0.0.1/8/24",
        "fee::/64::1", "172.0.0.1/64", "ffee::/132", "ffee::/+1", "ffee::/01", "ffee::/1234", "10.0.0.0/33",
        "not ipaddr",
        // IPv4 shape
        "", "1", "1.2", "1.2.3", "1.2.3.4.5", "256.0.0.1", "1.2.3.256", "1.2.3.-1", "01.2.3.4", "1.2.3.04",
        "00.0.0.0", "1.2.3.000", "1.2.3.0004", "1..3.4", ".1.2.3.4", "1.2.3.4.", "1.2.3.4 ", " 1.2.3.4",
        "1.2.3.4\n", "0x1.2.3.4", "1.2.3.a", "１.2.3.4", "1,2,3,4", "1.2.3.4/", "1.2.3.4/ 8", "1.2.3.4/-1",
        "1.2.3.4/08", "1.2.3.4/00", "1.2.3.4/100", "1.2.3.4/8a", "1.2.3.4/０", "1.2.3.4:80", "1.2.3.4/8/",
        "4294967295", "127.1",
        // IPv6 shape
        ":", ":::", "1:2:3:4:5:6:7", "1:2:3:4:5:6:7:8:9", "1:2:3:4:5:6:7:8::", "::1:2:3:4:5:6:7:8",
        "1::2:3:4:5:6:7:8", "1:2:3:4::5:6:7:8", ":1::2", "1:::2", "1::2::3", "1::2:", ":1:2:3:4:5:6:7:8",
        "1:2:3:4:5:6:7:8:", "12345::", "::12345", "g::", "::g", "1:2:3:4:5:6:7:8/129", "::/0128", "::/-0",
        "::/", "::1/1.0", "fe80::1%eth0", "fe80::1%1", "[::1]", "[::1]/128", "::ffff:1.2.3.4/96",
        "1:2:3:4:5:6:1.2.3.4", "::1.2", "::１", "1 ::", ":: ", "::ffff:1.2.3",
        // length limit (44 characters)
        "ABCD:EF01:2345:6789:ABCD:EF01:2345:6789/1280", "0000:0000:0000:0000:0000:0000:0000:0000/0000",
    })
    void rejectsInvalid(String literal) {
        assertThatThrownBy(() -> ip(literal))
                .isInstanceOf(ExtensionException.class)
                .hasMessageStartingWith("invalid ip " + Strings.quote(literal) + ": ");
    }

    @Test
    void rejectionReasons() {
        assertThatThrownBy(() -> ip("::ffff:127.0.0.1")).hasMessageContaining("IPv4 embedded in IPv6");
        // The reference's colon-and-dot rule looks at the whole string, prefix included.
        assertThatThrownBy(() -> ip("1.2.3.4/::")).hasMessageContaining("IPv4 embedded in IPv6");
        assertThatThrownBy(() -> ip("0000:0000:0000:0000:0000:0000:0000:0000/0000"))
                .hasMessageContaining("longer than 43");
        assertThatThrownBy(() -> ip("10.0.0.0/33")).hasMessageContaining("prefix larger than 32");
        assertThatThrownBy(() -> ip("::/129")).hasMessageContaining("prefix larger than 128");
        assertThatThrownBy(() -> ip("10.0.0.0/100")).hasMessageContaining("1 to 2 digits");
        assertThatThrownBy(() -> ip("::/1000")).hasMessageContaining("1 to 3 digits");
        assertThatThrownBy(() -> ip("::/01")).hasMessageContaining("leading zero");
        assertThatThrownBy(() -> ip("::/+1")).hasMessageContaining("decimal digits");
        assertThatThrownBy(() -> ip("1.2.3")).hasMessageEndingWith("not an IPv4 or IPv6 address");
    }

    @Test
    void zeroPrefixesAreAccepted() {
        assertThat(ip("0.0.0.0/0").prefix()).isZero();
        assertThat(ip("::/0").prefix()).isZero();
        assertThat(ip("::/128").prefix()).isEqualTo(128);
    }

    @Test
    void equalityComparesFamilyAddressAndPrefixAsWritten() {
        assertThat(ip("10.0.0.0")).isEqualTo(ip("10.0.0.0"));
        assertThat(ip("10.0.0.0")).isNotEqualTo(ip("10.0.0.1"));
        assertThat(ip("10.0.0.0/32")).isEqualTo(ip("10.0.0.0"));
        assertThat(ip("10.0.0.0/24")).isNotEqualTo(ip("10.0.0.0"));
        assertThat(ip("10.0.0.0/24")).isNotEqualTo(ip("10.0.0.1/24"));
        assertThat(ip("10.0.0.1/24")).isNotEqualTo(ip("10.0.0.1/29"));
        assertThat(ip("::1")).isEqualTo(ip("0:0:0:0:0:0:0:1/128"));
        assertThat(ip("::1")).isEqualTo(ip("0000::0001"));
        assertThat(ip("FFEE::")).isEqualTo(ip("ffee::"));
        assertThat(ip("0.0.0.0/0")).isNotEqualTo(ip("::/0"));
        assertThat(ip("::ffff:7f00:1")).isNotEqualTo(ip("127.0.0.1"));
        assertThat(ip("::ffff:7f00:1").hashCode()).isEqualTo(ip("::ffff:7f00:0001").hashCode());
    }

    @ParameterizedTest
    @CsvSource({
        "127.0.0.2, true",
        "127.0.0.1, true",
        "127.255.255.255, true",
        "127.0.0.0/8, true",
        "127.0.0.1/8, true",
        "127.0.0.1/7, false",
        "127.255.200.200/0, false",
        "128.0.0.1, false",
        "126.0.0.1, false",
        "::1, true",
        "::1/128, true",
        "::1/127, false",
        "::2, false",
        "::, false",
        "::ffff:7f00:1, false",
    })
    void loopback(String literal, boolean expected) {
        assertThat(ip(literal).isLoopback()).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource({
        "228.228.228.0, true",
        "224.0.0.0, true",
        "239.255.255.255, true",
        "240.0.0.0, false",
        "223.255.255.255, false",
        "224.0.0.0/3, false",
        "224.0.0.0/4, true",
        "224.0.0.0/5, true",
        "127.0.0.1, false",
        "127.0.0.1/1, false",
        "ff00::/7, false",
        "ff00::/8, true",
        "ff00::/9, true",
        "ff00::2, true",
        "ffff::, true",
        "fe00::, false",
        "::ffff:e000:1, false",
    })
    void multicast(String literal, boolean expected) {
        assertThat(ip(literal).isMulticast()).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource({
        // the reference's examples
        "192.168.0.1/24, 192.168.0.1/24, true",
        "192.168.0.1, 192.168.0.1/28, true",
        "192.168.0.10, 192.168.0.1/24, true",
        "192.168.0.10, 192.168.0.1/28, true",
        "192.168.0.75, 192.168.0.1/24, true",
        "192.168.0.75, 192.168.0.1/28, false",
        "192.168.0.1, 192.168.0.1, true",
        "1:2:3:4::, 1:2:3:4::/48, true",
        "1:2:3:4::, 1:2:3:4::/52, true",
        "1:2:3:6::, 1:2:3:4::/48, true",
        "1:2:3:6::, 1:2:3:4::/52, true",
        "1:2:3:ffff::, 1:2:3:4::/48, true",
        "1:2:3:ffff::, 1:2:3:4::/52, false",
        "1:2:3:4::, 1:2:3:4::, true",
        "192.168.0.1, 1:2:3:4::/48, false",
        "10.0.0.0, 10.0.0.0/24, true",
        "10.0.0.0, 10.0.0.0/32, true",
        "10.0.0.0, 10.0.0.1/24, true",
        "10.0.0.0, 10.0.0.1/32, false",
        "10.0.0.1, 10.0.0.0/24, true",
        "10.0.0.1, 10.0.0.1/24, true",
        "10.0.0.0/24, 10.0.0.0/32, false",
        "10.0.0.0/32, 10.0.0.0/24, true",
        "10.0.0.1/24, 10.0.0.0/24, true",
        "10.0.0.1/24, 10.0.0.1/24, true",
        "10.0.0.0/24, 10.0.0.1/24, true",
        "10.0.0.0/24, 10.0.0.0/29, false",
        "10.0.0.0/29, 10.0.0.0/24, true",
        "10.0.0.10, 10.0.0.0/29, false",
        // more
        "0.0.0.0/0, 0.0.0.0/0, true",
        "255.255.255.255, 0.0.0.0/0, true",
        "0.0.0.0/0, 255.255.255.255/1, false",
        "128.0.0.0/1, 255.255.255.255/1, true",
        "::/0, ::/0, true",
        "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff, ::/0, true",
        "::/0, ffff::/1, false",
        "8000::/1, ffff::/1, true",
        "1:2:3:4:5:6:7:8/64, 1:2:3:4::/64, true",
        "1:2:3:4:5:6:7:8/63, 1:2:3:4::/64, false",
        "1:2:3:4:5:6:7:8/65, 1:2:3:4::/64, true",
        "1:2:3:4:8000::/65, 1:2:3:4::/65, false",
        "1:2:3:4:7fff::/65, 1:2:3:4::/65, true",
        "1:2:3:4:5:6:7:7, 1:2:3:4:5:6:7:0/125, true",
        "1:2:3:4:5:6:7:8, 1:2:3:4:5:6:7:0/125, false",
        "1:2:3:4:5:6:7:8, 1:2:3:4:5:6:7:0/124, true",
        "1:2:3:4:5:6:7:10, 1:2:3:4:5:6:7:0/124, false",
        "::ffff:a00:1, 10.0.0.0/8, false",
        "10.0.0.1, ::ffff:a00:0/104, false",
        "0.0.0.0, ::/0, false",
        "::, 0.0.0.0/0, false",
    })
    void inRange(String address, String range, boolean expected) {
        assertThat(ip(address).isInRange(ip(range))).isEqualTo(expected);
    }

    @Test
    void isInRangeAgreesWithBigIntegerModel() {
        SplittableRandom random = new SplittableRandom(13);
        for (int i = 0; i < 20_000; i++) {
            boolean v6 = random.nextBoolean();
            int bits = v6 ? 128 : 32;
            IpAddr a = randomAddress(random, v6);
            IpAddr b = randomAddress(random, v6);
            if (random.nextBoolean()) {
                // share a random number of leading bits, so containment is often true
                int shared = random.nextInt(bits + 1);
                BigInteger mask = BigInteger.ONE.shiftLeft(bits).subtract(BigInteger.ONE)
                        .shiftRight(shared).xor(BigInteger.ONE.shiftLeft(bits).subtract(BigInteger.ONE));
                BigInteger merged = value(b).and(mask).or(value(a).andNot(mask));
                a = of(v6, merged, a.prefix());
            }
            BigInteger full = BigInteger.ONE.shiftLeft(bits).subtract(BigInteger.ONE);
            BigInteger aFirst = value(a).and(netmask(full, bits, a.prefix()));
            BigInteger aLast = value(a).or(full.andNot(netmask(full, bits, a.prefix())));
            BigInteger bFirst = value(b).and(netmask(full, bits, b.prefix()));
            BigInteger bLast = value(b).or(full.andNot(netmask(full, bits, b.prefix())));
            boolean expected = bFirst.compareTo(aFirst) <= 0 && aLast.compareTo(bLast) <= 0;
            assertThat(a.isInRange(b)).as("%s in %s", a, b).isEqualTo(expected);
        }
    }

    private static IpAddr randomAddress(SplittableRandom random, boolean v6) {
        int prefix = random.nextInt(v6 ? 129 : 33);
        return v6
                ? new IpAddr(true, random.nextLong(), random.nextLong(), prefix)
                : new IpAddr(false, 0, random.nextLong(1L << 32), prefix);
    }

    private static BigInteger value(IpAddr a) {
        BigInteger low = new BigInteger(Long.toUnsignedString(a.low()));
        return new BigInteger(Long.toUnsignedString(a.high())).shiftLeft(64).or(low);
    }

    private static IpAddr of(boolean v6, BigInteger v, int prefix) {
        return new IpAddr(v6, v.shiftRight(64).longValue(), v.longValue(), prefix);
    }

    private static BigInteger netmask(BigInteger full, int bits, int prefix) {
        return full.shiftRight(prefix).xor(full);
    }

    @ParameterizedTest
    @CsvSource({
        "10.0.0.1, 10.0.0.1",
        "10.0.0.1/32, 10.0.0.1",
        "10.0.0.1/8, 10.0.0.1/8",
        "0.0.0.0/0, 0.0.0.0/0",
        "::, ::",
        "::1, ::1",
        "1::, 1::",
        "0:0:0:0:0:0:0:0/0, ::/0",
        "1:0:0:0:0:0:0:1, 1::1",
        "2001:DB8:0:0:1:0:0:1, 2001:db8::1:0:0:1",
        "2001:db8:0:1:1:1:1:1, 2001:db8:0:1:1:1:1:1",
        "2001:0db8:0000:0000:0000:0000:0002:0001/64, 2001:db8::2:1/64",
        "1:0:0:2:0:0:0:3, 1:0:0:2::3",
        "1:0:0:2:3:0:0:4, 1::2:3:0:0:4",
        "::ffff:ff00:1, ::ffff:ff00:1",
        "::ffff:7f00:1/104, ::ffff:7f00:1/104",
        "::7f00:1, ::7f00:1",
        "1:2:3:4:5:6:7:0, 1:2:3:4:5:6:7:0",
        "0:1:2:3:4:5:6:7, 0:1:2:3:4:5:6:7",
        "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff/128, ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff",
    })
    void printsStandardForm(String literal, String printed) {
        IpAddr a = ip(literal);
        assertThat(a.toLiteralString()).isEqualTo(printed);
        assertThat(a.toString()).isEqualTo("ip(" + Strings.quote(printed) + ")");
        assertThat(ip(a.toLiteralString())).isEqualTo(a);
    }

    @Test
    void randomAddressesRoundTrip() {
        SplittableRandom random = new SplittableRandom(17);
        for (int i = 0; i < 20_000; i++) {
            boolean v6 = random.nextBoolean();
            IpAddr a = randomAddress(random, v6);
            if (v6) {
                // zero out random groups to exercise "::" placement
                long high = a.high();
                long low = a.low();
                for (int g = 0; g < 4; g++) {
                    if (random.nextInt(3) == 0) {
                        high &= ~(0xffffL << (16 * g));
                    }
                    if (random.nextInt(3) == 0) {
                        low &= ~(0xffffL << (16 * g));
                    }
                }
                a = new IpAddr(true, high, low, a.prefix());
            }
            String s = a.toLiteralString();
            assertThat(ip(s)).as(s).isEqualTo(a);
            assertThat(s).as(s).doesNotContain(":::").doesNotContain(v6 ? "." : ":");
        }
    }

    @Test
    void constructorRejectsImpossibleComponents() {
        assertThatThrownBy(() -> new IpAddr(false, 0, 1L << 32, 32)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new IpAddr(false, 1, 0, 32)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new IpAddr(false, 0, 0, 33)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new IpAddr(true, 0, 0, 129)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new IpAddr(true, 0, 0, -1)).isInstanceOf(IllegalArgumentException.class);
        assertThat(new IpAddr(true, -1, -1, 0).prefix()).isZero();
        assertThat(ip("1.2.3.4").constructorName()).isEqualTo("ip");
        assertThat(ip("1.2.3.4").typeName()).isEqualTo("ip");
    }
}
