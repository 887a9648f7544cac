package dev.veto.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class LogRecordTest {
    private final LogRecord record = new LogRecord("case.opened", 1, Instant.parse("2026-11-29T03:00:00.123456789Z"),
            "{\"id\":\"C-0042\"}".getBytes(StandardCharsets.UTF_8));

    @Test
    void encodingIsFixedAndRoundTrips() {
        byte[] bytes = record.encode();
        // Golden bytes: a change to the encoding changes every hash in every log, so it must be deliberate.
        assertThat(HexFormat.of().formatHex(bytes)).isEqualTo(
                "5645544f01" + "0b" + HexFormat.of().formatHex("case.opened".getBytes(StandardCharsets.US_ASCII)) + "00000001"
                        + String.format("%016x", Instant.parse("2026-11-29T03:00:00Z").getEpochSecond()) + String.format("%08x", 123456789)
                        + "0000000f" + HexFormat.of().formatHex("{\"id\":\"C-0042\"}".getBytes(StandardCharsets.UTF_8)));
        assertThat(LogRecord.decode(bytes)).isEqualTo(new LogRecord.Record(record));
        assertThat(record.encode()).isEqualTo(bytes);
    }

    @Test
    void onlyTheCanonicalEncodingDecodes() {
        byte[] bytes = record.encode();
        assertThat(LogRecord.decode(Arrays.copyOf(bytes, bytes.length + 1))).isInstanceOf(LogRecord.NotARecord.class);
        assertThat(LogRecord.decode(Arrays.copyOf(bytes, bytes.length - 1))).isInstanceOf(LogRecord.NotARecord.class);
        byte[] badNanos = bytes.clone();
        int nanosAt = 4 + 1 + 1 + 11 + 4 + 8;
        badNanos[nanosAt] = (byte) 0x7f;
        assertThat(LogRecord.decode(badNanos)).isInstanceOf(LogRecord.NotARecord.class);
        assertThat(LogRecord.decode("a raw line".getBytes(StandardCharsets.UTF_8))).isInstanceOf(LogRecord.NotARecord.class);
    }

    @Test
    void badFieldsAreRejected() {
        assertThatThrownBy(() -> new LogRecord("Case Opened", 1, Instant.EPOCH, new byte[0])).hasMessageContaining("\"Case Opened\"");
        assertThatThrownBy(() -> new LogRecord("x", 0, Instant.EPOCH, new byte[0])).hasMessageContaining("version 0");
    }
}
