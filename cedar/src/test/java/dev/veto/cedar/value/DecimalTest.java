package dev.veto.cedar.value;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DecimalTest {

    @ParameterizedTest
    @CsvSource({
        "0.0, 0",
        "-0.0, 0",
        "1.0, 10000",
        "1.23, 12300",
        "1.2345, 12345",
        "-1.23, -12300",
        "-0.5, -5000",
        "-0.0001, -1",
        "0.0001, 1",
        "00.000, 0",
        "0123.0, 1230000",
        "123.456, 1234560",
        "0000000000000000000000001.1, 11000",
        "922337203685477.5807, 9223372036854775807",
        "-922337203685477.5808, -9223372036854775808",
        "922337203685477.0, 9223372036854770000",
    })
    void parsesValidLiterals(String literal, long scaled) {
        assertThat(Decimal.parse(literal).scaled()).isEqualTo(scaled);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "", "1", "1234", "1.", ".1", "-.", "-.1", "-1.", "1.0.", "1.0.0", "1.a", "a.1", "+1.0",
        "--1.0", "1,0", " 1.0", "1.0 ", "1.0\n", "1e3.0", "1.-0", "- 1.0", "0x1.0", "１.０", "١.٠",
        "1.2_3", "decimal",
    })
    void rejectsMalformed(String literal) {
        assertThatThrownBy(() -> Decimal.parse(literal))
                .isInstanceOf(ExtensionException.class)
                .hasMessageStartingWith("invalid decimal " + Strings.quote(literal) + ": ");
    }

    @ParameterizedTest
    @ValueSource(strings = {"1.23456", "0.00000", "0.12345", "-1.00000"})
    void rejectsMoreThanFourFractionalDigits(String literal) {
        assertThatThrownBy(() -> Decimal.parse(literal))
                .isInstanceOf(ExtensionException.class)
                .hasMessage("invalid decimal " + Strings.quote(literal)
                        + ": more than 4 digits after the decimal point");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "922337203685477.5808", "-922337203685477.5809", "922337203685478.0", "-922337203685478.0",
        "1000000000000000.0", "9223372036854775807.0", "9223372036854775808.0",
        "-9223372036854775808.0", "99999999999999999999999.0",
    })
    void rejectsOverflow(String literal) {
        assertThatThrownBy(() -> Decimal.parse(literal))
                .isInstanceOf(ExtensionException.class)
                .hasMessageContaining("out of range");
    }

    @Test
    void equalityIgnoresTrailingZeros() {
        assertThat(Decimal.parse("1.0")).isEqualTo(Decimal.parse("1.0000"));
        assertThat(Decimal.parse("-0.0")).isEqualTo(Decimal.parse("0.0"));
        assertThat(Decimal.parse("1.0").hashCode()).isEqualTo(Decimal.parse("1.0000").hashCode());
        assertThat(Decimal.parse("1.0")).isNotEqualTo(Decimal.parse("1.0001"));
        assertThat(Decimal.parse("1.0")).isNotEqualTo(Decimal.parse("-1.0"));
    }

    @Test
    void comparisons() {
        Decimal a = Decimal.parse("-1.24");
        Decimal b = Decimal.parse("-1.23");
        Decimal c = Decimal.parse("1.23");
        assertThat(a.lessThan(b)).isTrue();
        assertThat(b.lessThan(a)).isFalse();
        assertThat(b.lessThan(b)).isFalse();
        assertThat(b.lessThanOrEqual(b)).isTrue();
        assertThat(c.lessThanOrEqual(b)).isFalse();
        assertThat(c.greaterThan(b)).isTrue();
        assertThat(c.greaterThan(c)).isFalse();
        assertThat(c.greaterThanOrEqual(c)).isTrue();
        assertThat(a.greaterThanOrEqual(b)).isFalse();
        assertThat(a.compareTo(c)).isNegative();
        assertThat(c.compareTo(a)).isPositive();
        assertThat(c.compareTo(Decimal.parse("1.2300"))).isZero();
        Decimal min = new Decimal(Long.MIN_VALUE);
        Decimal max = new Decimal(Long.MAX_VALUE);
        assertThat(min.lessThan(max)).isTrue();
        assertThat(max.greaterThan(min)).isTrue();
    }

    @ParameterizedTest
    @CsvSource({
        "0, 0.0000",
        "1, 0.0001",
        "-1, -0.0001",
        "12300, 1.2300",
        "-12300, -1.2300",
        "-5000, -0.5000",
        "1234560, 123.4560",
        "9223372036854775807, 922337203685477.5807",
        "-9223372036854775808, -922337203685477.5808",
    })
    void printsFourFractionalDigits(long scaled, String literal) {
        Decimal d = new Decimal(scaled);
        assertThat(d.toLiteralString()).isEqualTo(literal);
        assertThat(Decimal.parse(d.toLiteralString())).isEqualTo(d);
    }

    @Test
    void callForm() {
        Decimal d = Decimal.parse("1.23");
        assertThat(d.toString()).isEqualTo("decimal(\"1.2300\")");
        assertThat(d.constructorName()).isEqualTo("decimal");
        assertThat(d.typeName()).isEqualTo("decimal");
    }

    @Test
    void roundTripsAndAgreesWithBigDecimal() {
        SplittableRandom random = new SplittableRandom(42);
        for (int i = 0; i < 5_000; i++) {
            long scaled = i < 3 ? new long[] {0, Long.MIN_VALUE, Long.MAX_VALUE}[i] : random.nextLong();
            Decimal d = new Decimal(scaled);
            String s = d.toLiteralString();
            assertThat(Decimal.parse(s)).isEqualTo(d);
            assertThat(new BigDecimal(s)).isEqualTo(BigDecimal.valueOf(scaled, 4));
        }
    }

    @Test
    void orderAgreesWithBigDecimal() {
        SplittableRandom random = new SplittableRandom(7);
        for (int i = 0; i < 5_000; i++) {
            long x = random.nextLong();
            long y = i % 5 == 0 ? x : random.nextLong(-100_000, 100_000);
            Decimal a = Decimal.parse(new Decimal(x).toLiteralString());
            Decimal b = Decimal.parse(new Decimal(y).toLiteralString());
            assertThat(Integer.signum(a.compareTo(b)))
                    .isEqualTo(BigDecimal.valueOf(x, 4).compareTo(BigDecimal.valueOf(y, 4)));
            assertThat(a.lessThan(b)).isEqualTo(x < y);
            assertThat(a.greaterThanOrEqual(b)).isEqualTo(x >= y);
        }
    }
}
