package dev.veto.cedar.value;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DurationTest {

    @ParameterizedTest
    @CsvSource({
        "1h, 3600000",
        "-10h, -36000000",
        "5d3ms, 432000003",
        "-3h5m, -11100000",
        "1d2h3m4s50ms, 93784050",
        "-1d2h3m4s50ms, -93784050",
        "0ms, 0",
        "-0ms, 0",
        "0d, 0",
        "1m, 60000",
        "1s, 1000",
        "1ms, 1",
        "1m1ms, 60001",
        "1m1s, 61000",
        "2h1ms, 7200001",
        "00001d, 86400000",
        "000000000000000000000000000001ms, 1",
        "90m, 5400000",
        "25h, 90000000",
        "9223372036854775807ms, 9223372036854775807",
        "-9223372036854775808ms, -9223372036854775808",
        "106751991167d7h12m55s807ms, 9223372036854775807",
        "-106751991167d7h12m55s808ms, -9223372036854775808",
        "-9223372036854775s808ms, -9223372036854775808",
        "9223372036854775s807ms, 9223372036854775807",
        "106751991167d, 9223372036828800000",
    })
    void parsesValidLiterals(String literal, long millis) {
        assertThat(Duration.parse(literal).millis()).isEqualTo(millis);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "", "a", "-", "-1", "1", "➖1ms", "11dd", "00000mm", "-d", "-h", "-1hh", "-h2d", "-ms", "d",
        "ms", "1", "1x", "1ms1s", "1ms1m", "1ms1h", "0ms1d", "1s1m", "1s1h", "0s0d", "0m0h", "0m0d",
        "1h1d", "1ms1m1d", "1d1d", "1h1h", "1m1m", "1s1s", "1ms1ms", "1d-1h", "--1d", "+1d", "1D",
        "1H", "1MS", " 1d", "1d ", "1d\n", "1.5h", "1,5h", "1_000ms", "１d", "1ms5s", "1sm", "1mss",
        "1d2", "-1d-",
    })
    void rejectsMalformed(String literal) {
        assertThatThrownBy(() -> Duration.parse(literal))
                .isInstanceOf(ExtensionException.class)
                .hasMessageStartingWith("invalid duration " + Strings.quote(literal) + ": expected");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "9223372036854775808ms", "-9223372036854775809ms", "18446744073709551616ms",
        "18446744073709551615ms", "99999999999999999999999999ms", "106751991167d7h12m55s808ms",
        "-106751991167d7h12m55s809ms", "106751991168d", "-106751991168d", "9223372036854775808s",
        "-9223372036854775808s", "9223372036854776s", "-9223372036854775808d",
        "9223372036854775s808ms", "9223372036854775807s", "2562047788015216h", "153722867280913m",
        "-9223372036854775808ms", // valid on its own; see acceptsMinimumOnlyAsMilliseconds
    })
    void rejectsOverflow(String literal) {
        if (literal.equals("-9223372036854775808ms")) {
            assertThat(Duration.parse(literal).millis()).isEqualTo(Long.MIN_VALUE);
            assertThatThrownBy(() -> Duration.parse("1s" + literal.substring(1)))
                    .hasMessageContaining("overflows");
            return;
        }
        assertThatThrownBy(() -> Duration.parse(literal))
                .isInstanceOf(ExtensionException.class)
                .hasMessage("invalid duration " + Strings.quote(literal)
                        + ": overflows a 64-bit number of milliseconds");
    }

    @Test
    void acceptsMinimumOnlyAsMilliseconds() {
        // 2^63 fits the negative range only; in any unit but ms the quantity times the unit would
        // have to fit the positive range, as in the reference.
        assertThat(Duration.parse("-9223372036854775808ms").millis()).isEqualTo(Long.MIN_VALUE);
        assertThatThrownBy(() -> Duration.parse("9223372036854775808ms")).isInstanceOf(ExtensionException.class);
        assertThatThrownBy(() -> Duration.parse("-1s9223372036854775808ms")).isInstanceOf(ExtensionException.class);
    }

    @Test
    void equalityIsSameMilliseconds() {
        assertThat(Duration.parse("-3d")).isEqualTo(Duration.parse("-72h"));
        assertThat(Duration.parse("1h")).isEqualTo(Duration.parse("60m"));
        assertThat(Duration.parse("1s")).isEqualTo(Duration.parse("1000ms"));
        assertThat(Duration.parse("1s")).isNotEqualTo(Duration.parse("-1s"));
        assertThat(Duration.parse("-0d")).isEqualTo(Duration.parse("0ms"));
    }

    @Test
    void conversionsTruncateTowardZero() {
        Duration d = Duration.parse("1d2h3m4s50ms");
        assertThat(d.toMilliseconds()).isEqualTo(93784050L);
        assertThat(d.toSeconds()).isEqualTo(93784L);
        assertThat(d.toMinutes()).isEqualTo(1563L);
        assertThat(d.toHours()).isEqualTo(26L);
        assertThat(d.toDays()).isEqualTo(1L);
        Duration n = Duration.parse("-1d2h3m4s50ms");
        assertThat(n.toMilliseconds()).isEqualTo(-93784050L);
        assertThat(n.toSeconds()).isEqualTo(-93784L);
        assertThat(n.toMinutes()).isEqualTo(-1563L);
        assertThat(n.toHours()).isEqualTo(-26L);
        assertThat(n.toDays()).isEqualTo(-1L);
        Duration small = Duration.parse("-999ms");
        assertThat(small.toSeconds()).isZero();
        assertThat(Duration.parse("-23h59m").toDays()).isZero();
        assertThat(Duration.parse("59s999ms").toMinutes()).isZero();
        assertThat(Duration.parse("-59m").toHours()).isZero();
        Duration min = new Duration(Long.MIN_VALUE);
        assertThat(min.toSeconds()).isEqualTo(-9223372036854775L);
        assertThat(min.toDays()).isEqualTo(-106751991167L);
        assertThat(new Duration(Long.MAX_VALUE).toHours()).isEqualTo(2562047788015L);
    }

    @Test
    void comparison() {
        assertThat(Duration.parse("-2h").compareTo(Duration.parse("1h"))).isNegative();
        assertThat(Duration.parse("2h").compareTo(Duration.parse("1h"))).isPositive();
        assertThat(Duration.parse("2h").compareTo(Duration.parse("120m"))).isZero();
        assertThat(new Duration(Long.MIN_VALUE).compareTo(new Duration(Long.MAX_VALUE))).isNegative();
    }

    @Test
    void printsMilliseconds() {
        assertThat(Duration.parse("1d2h").toLiteralString()).isEqualTo("93600000ms");
        assertThat(Duration.parse("-1s").toLiteralString()).isEqualTo("-1000ms");
        assertThat(Duration.parse("-1s").toString()).isEqualTo("duration(\"-1000ms\")");
        assertThat(Duration.parse("0s").constructorName()).isEqualTo("duration");
        for (long ms : new long[] {0, 1, -1, Long.MAX_VALUE, Long.MIN_VALUE}) {
            Duration d = new Duration(ms);
            assertThat(Duration.parse(d.toLiteralString())).isEqualTo(d);
        }
    }

    /** The reference's own test helper: every i64 written as days, hours, ... parses back. */
    @Test
    void randomUnitDecompositionsRoundTrip() {
        SplittableRandom random = new SplittableRandom(3);
        for (int i = 0; i < 5_000; i++) {
            long ms = i < 2 ? (i == 0 ? Long.MAX_VALUE : Long.MIN_VALUE) : random.nextLong() >> random.nextInt(64);
            assertThat(Duration.parse(decompose(BigInteger.valueOf(ms))).millis()).isEqualTo(ms);
        }
        BigInteger over = BigInteger.valueOf(Long.MAX_VALUE).add(BigInteger.ONE);
        assertThatThrownBy(() -> Duration.parse(decompose(over))).isInstanceOf(ExtensionException.class);
        BigInteger under = BigInteger.valueOf(Long.MIN_VALUE).subtract(BigInteger.ONE);
        assertThatThrownBy(() -> Duration.parse(decompose(under))).isInstanceOf(ExtensionException.class);
    }

    private static String decompose(BigInteger ms) {
        String sign = ms.signum() < 0 ? "-" : "";
        BigInteger[] r = ms.abs().divideAndRemainder(BigInteger.valueOf(1000));
        BigInteger[] s = r[0].divideAndRemainder(BigInteger.valueOf(60));
        BigInteger[] m = s[0].divideAndRemainder(BigInteger.valueOf(60));
        BigInteger[] h = m[0].divideAndRemainder(BigInteger.valueOf(24));
        return sign + h[0] + "d" + h[1] + "h" + m[1] + "m" + s[1] + "s" + r[1] + "ms";
    }
}
