package dev.veto.cedar.value;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DatetimeTest {

    private static final long DAY = 86_400_000L;

    private static long utc(String isoLocal) {
        return LocalDateTime.parse(isoLocal).toInstant(ZoneOffset.UTC).toEpochMilli();
    }

    private static Datetime dt(String s) {
        return Datetime.parse(s);
    }

    private static Duration dur(String s) {
        return Duration.parse(s);
    }

    /** The reference's own examples, with the UTC time it expects. */
    @ParameterizedTest
    @CsvSource({
        "2024-10-15, 2024-10-15T00:00:00",
        "2024-10-15T11:38:02Z, 2024-10-15T11:38:02",
        "2024-10-15T11:38:02.101Z, 2024-10-15T11:38:02.101",
        "2024-10-15T11:38:02.101+1134, 2024-10-15T00:04:02.101",
        "2024-10-15T11:38:02.101-1134, 2024-10-15T23:12:02.101",
        "2024-10-15T11:38:02+1134, 2024-10-15T00:04:02",
        "2024-10-15T11:38:02-1134, 2024-10-15T23:12:02",
        "2024-10-15T23:59:00+2359, 2024-10-15T00:00:00",
        "2024-10-15T00:00:00-2359, 2024-10-15T23:59:00",
        "1970-01-01, 1970-01-01T00:00:00",
        "1969-12-31T23:59:59.999Z, 1969-12-31T23:59:59.999",
        "1900-01-01, 1900-01-01T00:00:00",
        "2024-02-29, 2024-02-29T00:00:00",
        "2000-02-29, 2000-02-29T00:00:00",
        "0000-02-29, 0000-02-29T00:00:00",
        "0000-01-01, 0000-01-01T00:00:00",
        "9999-12-31T23:59:59.999Z, 9999-12-31T23:59:59.999",
        "2024-01-01T00:00:00+0000, 2024-01-01T00:00:00",
        "2024-01-01T00:00:00-0000, 2024-01-01T00:00:00",
        "2024-01-01T00:00:00.000Z, 2024-01-01T00:00:00",
        "2024-12-31T23:59:59-0001, 2025-01-01T00:00:59",
    })
    void parsesValidLiterals(String literal, String expectedUtc) {
        assertThat(dt(literal).epochMillis()).isEqualTo(utc(expectedUtc));
    }

    @Test
    void extremeLiterals() {
        assertThat(dt("0000-01-01T00:00:00+2359").epochMillis())
                .isEqualTo(utc("0000-01-01T00:00:00") - (23 * 60 + 59) * 60_000L)
                .isEqualTo(-62_167_305_540_000L);
        assertThat(dt("9999-12-31T23:59:59.999-2359").epochMillis())
                .isEqualTo(utc("9999-12-31T23:59:59.999") + (23 * 60 + 59) * 60_000L);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "", "a", "-", "-1", "11-12-13", "1111-1x-20", "0000-0a-01", "10000-01-01", "10000-01-01T00:00:00Z",
        "+2024-01-01", "-2024-01-01", "2024-1-01", "2024-01-1", "2024/01/01", "202４-01-01", " 2024-01-01",
        "2024-01-0",
    })
    void rejectsBadDatePattern(String literal) {
        assertThatThrownBy(() -> dt(literal))
                .isInstanceOf(ExtensionException.class)
                .hasMessage("invalid datetime " + Strings.quote(literal) + ": expected a date YYYY-MM-DD");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "2024-00-01", "2024-01-00", "2024-02-30", "2025-02-29", "1900-02-29", "2100-02-29", "2024-20-01",
        "2024-13-01", "2024-01-32", "2024-01-99", "2024-04-31", "2024-06-31", "2024-09-31", "2024-11-31",
        "2024-00-00T00:00:00Z", "2023-02-29T00:00:00.000+0100",
    })
    void rejectsNonexistentDates(String literal) {
        assertThatThrownBy(() -> dt(literal))
                .isInstanceOf(ExtensionException.class)
                .hasMessageStartingWith("invalid datetime " + Strings.quote(literal) + ": no such date");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "2024-10-15Z", "2024-01-01T", "2024-01-01Ta", "2024-01-01T01:", "2024-01-01T01:02", "2024-01-01T01:02:0b",
        "2024-01-01T01::02:03", "2024-01-01T01::02::03", "2024-01-01 00:00:00Z", "2024-01-01t00:00:00Z",
        "2024-01-01T0:00:00Z", "2024-01-01T00:0:00Z", "2024-01-01T00:00:0Z", "2024-01-01T00-00-00Z",
        "2024-01-01 ", "2024-01-01\n",
    })
    void rejectsBadTimePattern(String literal) {
        assertThatThrownBy(() -> dt(literal))
                .isInstanceOf(ExtensionException.class)
                .hasMessage("invalid datetime " + Strings.quote(literal) + ": expected a time Thh:mm:ss after the date");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "2024-10-15T11:38:02ZZ", "2024-01-01T00:00:00", "2024-01-01T00:00:00T", "2024-01-01T00:00:00ZZ",
        "2024-01-01T00:00:00x001Z", "2024-01-01T00:00:00.001ZZ", "2024-01-01T00:00:00➕0000",
        "2024-01-01T00:00:00➖0000", "2024-01-01T00:00:00.0001Z", "2024-01-01T00:00:00.001➖0000",
        "2024-01-01T00:00:00.001➕0000", "2024-01-01T00:00:00.001+00000", "2024-01-01T00:00:00.001-00000",
        "2024-01-01T00:00:00.01Z", "2024-01-01T00:00:00.1Z", "2024-01-01T00:00:00.Z", "2024-01-01T00:00:00z",
        "2024-01-01T00:00:00+00:00", "2024-01-01T00:00:00+01", "2024-01-01T00:00:00+001", "2024-01-01T00:00:00.001",
        "2024-01-01T00:00:00Z ", "2024-01-01T00:00:00Z\n", "2024-01-01T00:00:00,001Z", "2024-01-01T00:00:00.001+0a00",
        "2024-01-01T00:00:00 +0100", "2024-01-01T00:00:00.000.000Z", "2024-01-01T00:00:00UTC",
    })
    void rejectsBadMillisOrOffsetPattern(String literal) {
        assertThatThrownBy(() -> dt(literal))
                .isInstanceOf(ExtensionException.class)
                .hasMessage("invalid datetime " + Strings.quote(literal)
                        + ": expected Z, .SSSZ, (+|-)hhmm or .SSS(+|-)hhmm after the time");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "2024-01-01T31:02:03Z", "2024-01-01T24:00:00Z", "2024-01-01T01:60:03Z", "2024-01-01T01:02:60Z",
        "2016-12-31T23:59:60Z", "2016-12-31T23:59:61Z", "2016-12-31T23:59:60.000+0000", "2024-01-01T99:99:99Z",
    })
    void rejectsOutOfRangeTimesIncludingLeapSeconds(String literal) {
        assertThatThrownBy(() -> dt(literal))
                .isInstanceOf(ExtensionException.class)
                .hasMessageEndingWith("out of range")
                .hasMessageContaining("time ");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "2016-12-31T00:00:00+1160", "2016-12-31T00:00:00+1199", "2016-12-31T00:00:00+2400",
        "2016-12-31T00:00:00-2400", "2016-12-31T00:00:00.123-0060", "2016-12-31T00:00:00+9999",
    })
    void rejectsOutOfRangeOffsets(String literal) {
        assertThatThrownBy(() -> dt(literal))
                .isInstanceOf(ExtensionException.class)
                .hasMessageContaining(": offset ");
    }

    @Test
    void equalityIsSameInstant() {
        assertThat(dt("2024-10-28T10:12:13.456-0700")).isEqualTo(dt("2024-10-28T17:12:13.456Z"));
        assertThat(dt("2024-10-28T00:00:00Z")).isEqualTo(dt("2024-10-28"));
        assertThat(dt("2024-10-28T00:00:00.000+0000")).isEqualTo(dt("2024-10-28"));
        assertThat(dt("2024-10-28T10:12:13.456-0700")).isNotEqualTo(dt("2024-10-28T10:12:13.456Z"));
    }

    @Test
    void comparison() {
        assertThat(dt("2024-10-28T10:12:13.456-0700").compareTo(dt("2024-10-28T10:12:13.456Z"))).isPositive();
        assertThat(dt("2024-10-28T10:12:13.456-0700").compareTo(dt("2024-10-28T17:12:13.456-0800"))).isNegative();
        assertThat(dt("2024-10-28T10:12:13.456-0700").compareTo(dt("2024-10-28T17:12:13.456Z"))).isZero();
        assertThat(dt("1969-01-01").compareTo(dt("1970-01-01"))).isNegative();
        assertThat(new Datetime(Long.MIN_VALUE).compareTo(new Datetime(Long.MAX_VALUE))).isNegative();
    }

    @Test
    void offset() {
        Datetime epoch = dt("1970-01-01");
        assertThat(epoch.offset(dur("1d"))).isEqualTo(dt("1970-01-02"));
        assertThat(epoch.offset(dur("-1d"))).isEqualTo(dt("1969-12-31"));
        assertThat(dt("2024-10-28T10:12:13.456-0700").offset(dur("-7h"))).isEqualTo(dt("2024-10-28T10:12:13.456Z"));
        assertThat(dt("2024-10-28T10:12:13.456+0700").offset(dur("7h"))).isEqualTo(dt("2024-10-28T10:12:13.456Z"));
        Datetime max = epoch.offset(new Duration(Long.MAX_VALUE));
        Datetime min = epoch.offset(new Duration(Long.MIN_VALUE));
        assertThat(max.epochMillis()).isEqualTo(Long.MAX_VALUE);
        assertThat(min.epochMillis()).isEqualTo(Long.MIN_VALUE);
        assertThat(max.offset(dur("-1ms")).epochMillis()).isEqualTo(Long.MAX_VALUE - 1);
        assertThat(min.offset(dur("1ms")).epochMillis()).isEqualTo(Long.MIN_VALUE + 1);
        assertThatThrownBy(() -> max.offset(dur("1ms"))).isInstanceOf(ExtensionException.class)
                .hasMessageStartingWith("overflow");
        assertThatThrownBy(() -> min.offset(dur("-1ms"))).isInstanceOf(ExtensionException.class);
        assertThatThrownBy(() -> max.offset(new Duration(Long.MAX_VALUE))).isInstanceOf(ExtensionException.class);
        assertThatThrownBy(() -> min.offset(new Duration(Long.MIN_VALUE))).isInstanceOf(ExtensionException.class);
        assertThat(max.offset(new Duration(Long.MIN_VALUE)).epochMillis()).isEqualTo(-1L);
    }

    @Test
    void durationSince() {
        assertThat(dt("2024-10-24").durationSince(dt("1970-01-01"))).isEqualTo(dur("20020d"));
        assertThat(dt("2024-10-23").durationSince(dt("2024-10-24"))).isEqualTo(dur("-1d"));
        assertThat(dt("2024-10-28T10:12:13.456+0700").durationSince(dt("2024-10-28T10:12:13.456Z")))
                .isEqualTo(dur("-7h"));
        assertThat(dt("2024-10-28T10:12:13.456-0700").durationSince(dt("2024-10-28T10:12:13.456Z")))
                .isEqualTo(dur("7h"));
        Datetime max = new Datetime(Long.MAX_VALUE);
        Datetime min = new Datetime(Long.MIN_VALUE);
        Datetime epoch = new Datetime(0);
        assertThat(max.durationSince(epoch).millis()).isEqualTo(Long.MAX_VALUE);
        assertThat(min.durationSince(epoch).millis()).isEqualTo(Long.MIN_VALUE);
        assertThat(min.durationSince(min).millis()).isZero();
        assertThat(new Datetime(-1).durationSince(max).millis()).isEqualTo(Long.MIN_VALUE);
        assertThatThrownBy(() -> max.durationSince(new Datetime(-1))).isInstanceOf(ExtensionException.class)
                .hasMessageStartingWith("overflow");
        assertThatThrownBy(() -> epoch.durationSince(min)).isInstanceOf(ExtensionException.class);
        assertThatThrownBy(() -> min.durationSince(new Datetime(1))).isInstanceOf(ExtensionException.class);
        assertThatThrownBy(() -> max.durationSince(min)).isInstanceOf(ExtensionException.class);
    }

    @Test
    void toDateRoundsDownToMidnightUtc() {
        assertThat(dt("2024-10-28T10:12:13.456+0700").toDate()).isEqualTo(dt("2024-10-28"));
        assertThat(dt("2024-10-28T10:12:13.456-0700").toDate()).isEqualTo(dt("2024-10-28"));
        assertThat(dt("2024-10-28T20:12:13.456-0700").toDate()).isEqualTo(dt("2024-10-29"));
        assertThat(dt("1969-12-31T23:59:59.999Z").toDate()).isEqualTo(dt("1969-12-31"));
        assertThat(dt("1969-12-31").toDate()).isEqualTo(dt("1969-12-31"));
        assertThat(dt("1970-01-01T00:00:00.001Z").toDate()).isEqualTo(dt("1970-01-01"));
        for (String day : new String[] {"2024-10-24", "1900-01-01", "1970-01-01", "0000-01-01"}) {
            Datetime d = dt(day);
            assertThat(d.toDate()).isEqualTo(d);
            assertThat(d.offset(dur("23h59m59s999ms")).toDate()).isEqualTo(d);
            assertThat(d.offset(dur("-1ms")).toDate()).isEqualTo(d.offset(dur("-1d")));
            assertThat(d.offset(dur("-23h59m59s999ms")).toDate()).isEqualTo(d.offset(dur("-1d")));
        }
        assertThat(new Datetime(Long.MAX_VALUE).toDate().epochMillis())
                .isEqualTo(Long.MAX_VALUE - Long.MAX_VALUE % DAY);
        long lowestMidnight = Math.floorDiv(Long.MIN_VALUE, DAY) * DAY + DAY;
        assertThat(new Datetime(lowestMidnight).toDate().epochMillis()).isEqualTo(lowestMidnight);
        assertThat(new Datetime(lowestMidnight - 1 + DAY).toDate().epochMillis()).isEqualTo(lowestMidnight);
        // Below the lowest representable midnight, the reference overflows.
        assertThatThrownBy(() -> new Datetime(Long.MIN_VALUE).toDate()).isInstanceOf(ExtensionException.class)
                .hasMessageStartingWith("overflow");
        assertThatThrownBy(() -> new Datetime(lowestMidnight - 1).toDate()).isInstanceOf(ExtensionException.class);
    }

    @Test
    void toTimeIsNonNegativeTimeOfDay() {
        assertThat(dt("2024-10-28T10:12:13.456+0700").toTime()).isEqualTo(dur("3h12m13s456ms"));
        assertThat(dt("2024-10-28T10:12:13.456-0700").toTime()).isEqualTo(dur("17h12m13s456ms"));
        assertThat(dt("1969-12-31T23:59:59.999Z").toTime()).isEqualTo(dur("23h59m59s999ms"));
        assertThat(dt("1969-12-31").toTime()).isEqualTo(dur("0ms"));
        assertThat(dt("1900-01-01T00:00:00.001Z").toTime()).isEqualTo(dur("1ms"));
        assertThat(new Datetime(Long.MIN_VALUE).toTime().millis()).isEqualTo(Math.floorMod(Long.MIN_VALUE, DAY));
        assertThat(new Datetime(Long.MAX_VALUE).toTime().millis()).isEqualTo(Long.MAX_VALUE % DAY);
        assertThat(new Datetime(-DAY).toTime().millis()).isZero();
        assertThat(new Datetime(-1).toTime().millis()).isEqualTo(DAY - 1);
    }

    @Test
    void toDatePlusToTimeIsIdentity() {
        SplittableRandom random = new SplittableRandom(11);
        for (int i = 0; i < 2_000; i++) {
            long ms = random.nextLong(-1L << 55, 1L << 55);
            Datetime d = new Datetime(ms);
            assertThat(d.toDate().offset(d.toTime())).isEqualTo(d);
            assertThat(d.toTime().millis()).isBetween(0L, DAY - 1);
            assertThat(d.toDate().toTime().millis()).isZero();
        }
    }

    @ParameterizedTest
    @CsvSource({
        "2024-10-15, 2024-10-15",
        "2024-10-15T11:38:02Z, 2024-10-15T11:38:02Z",
        "2024-10-15T11:38:02.000Z, 2024-10-15T11:38:02Z",
        "2024-10-15T11:38:02.100Z, 2024-10-15T11:38:02.100Z",
        "2024-10-15T11:38:02.101+1134, 2024-10-15T00:04:02.101Z",
        "2024-10-15T00:00:00Z, 2024-10-15",
        "1969-12-31T23:59:59.999Z, 1969-12-31T23:59:59.999Z",
        "0000-01-01T00:00:00+2359, 0000-01-01T00:00:00+2359",
        "0000-01-01T12:00:00+2359, 0000-01-01T12:00:00+2359",
        "0000-01-01T23:59:00+2359, 0000-01-01",
        "9999-12-31T23:59:59.999-2359, 9999-12-31T23:59:59.999-2359",
        "9999-12-31T00:01:00-2359, 9999-12-31T00:01:00-2359",
        "9999-12-31T00:00:59.999-2359, 9999-12-31T23:59:59.999Z",
    })
    void printsLiterals(String literal, String printed) {
        Datetime d = dt(literal);
        assertThat(d.toLiteralString()).isEqualTo(printed);
        assertThat(dt(d.toLiteralString())).isEqualTo(d);
        assertThat(d.toString()).isEqualTo("datetime(" + Strings.quote(printed) + ")");
    }

    @Test
    void instantsBeyondLiteralsHaveNoLiteral() {
        Datetime lowest = dt("0000-01-01T00:00:00+2359");
        Datetime highest = dt("9999-12-31T23:59:59.999-2359");
        assertThat(lowest.hasLiteralString()).isTrue();
        assertThat(highest.hasLiteralString()).isTrue();
        Datetime below = lowest.offset(dur("-1ms"));
        Datetime above = highest.offset(dur("1ms"));
        for (Datetime d : new Datetime[] {below, above, new Datetime(Long.MIN_VALUE), new Datetime(Long.MAX_VALUE)}) {
            assertThat(d.hasLiteralString()).isFalse();
            assertThatThrownBy(d::toLiteralString).isInstanceOf(ExtensionException.class);
        }
        assertThat(above.toString())
                .isEqualTo("datetime(\"1970-01-01\").offset(duration(\"" + above.epochMillis() + "ms\"))");
        assertThat(new Datetime(Long.MIN_VALUE).toString())
                .isEqualTo("datetime(\"1970-01-01\").offset(duration(\"-9223372036854775808ms\"))");
        assertThat(dt("2024-01-01").constructorName()).isEqualTo("datetime");
    }

    /** Every instant with a literal prints to one that parses back, checked against java.time. */
    @Test
    void randomInstantsRoundTripAndMatchJavaTime() {
        long low = dt("0000-01-01T00:00:00+2359").epochMillis();
        long high = dt("9999-12-31T23:59:59.999-2359").epochMillis();
        SplittableRandom random = new SplittableRandom(5);
        for (int i = 0; i < 5_000; i++) {
            long ms = switch (i % 4) {
                case 0 -> random.nextLong(low, high + 1);
                case 1 -> random.nextLong(low, low + 2 * DAY);
                case 2 -> random.nextLong(high - 2 * DAY, high + 1);
                default -> random.nextLong(-3_000L * DAY, 3_000L * DAY) / 1000 * 1000;
            };
            Datetime d = new Datetime(ms);
            String s = d.toLiteralString();
            assertThat(dt(s)).as(s).isEqualTo(d);
            if (s.endsWith("Z")) {
                assertThat(Instant.parse(s).toEpochMilli()).as(s).isEqualTo(ms);
            }
        }
    }

    /** Literals with arbitrary offsets parse to what java.time computes (within its +-18:00 limit). */
    @Test
    void randomOffsetLiteralsMatchJavaTime() {
        SplittableRandom random = new SplittableRandom(9);
        for (int i = 0; i < 5_000; i++) {
            LocalDateTime local = LocalDateTime.ofEpochSecond(
                    random.nextLong(utc("0000-01-01T00:00:00") / 1000, utc("9999-12-31T23:59:59") / 1000 + 1),
                    random.nextInt(1000) * 1_000_000, ZoneOffset.UTC);
            int offsetMinutes = random.nextInt(-18 * 60, 18 * 60 + 1);
            String sign = offsetMinutes < 0 ? "-" : "+";
            String literal = String.format("%04d-%02d-%02dT%02d:%02d:%02d.%03d%s%02d%02d",
                    local.getYear(), local.getMonthValue(), local.getDayOfMonth(), local.getHour(),
                    local.getMinute(), local.getSecond(), local.getNano() / 1_000_000, sign,
                    Math.abs(offsetMinutes) / 60, Math.abs(offsetMinutes) % 60);
            long expected = local.toInstant(ZoneOffset.ofTotalSeconds(offsetMinutes * 60)).toEpochMilli();
            assertThat(dt(literal).epochMillis()).as(literal).isEqualTo(expected);
        }
    }
}
