package dev.veto.pep;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class FeedEntryTest {
    static String b64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void readsTheShapesTheServerWrites() {
        FeedEntry e = FeedEntry.read("{\"index\":42,\"entry\":\"" + b64("env") + "\",\"state\":{\"salt\":\"" + b64("salt") + "\",\"data\":\"" + b64("data") + "\"}}");
        assertThat(e.index()).isEqualTo(42);
        assertThat(new String(e.entry(), StandardCharsets.UTF_8)).isEqualTo("env");
        assertThat(new String(e.salt(), StandardCharsets.UTF_8)).isEqualTo("salt");
        assertThat(new String(e.state(), StandardCharsets.UTF_8)).isEqualTo("data");
        FeedEntry plain = FeedEntry.read("{\"index\":7,\"entry\":\"" + b64("env") + "\"}");
        assertThat(plain.state()).isNull();
        FeedEntry leaf = FeedEntry.read("{\"index\":0,\"leaf\":\"" + b64("h") + "\"}");
        assertThat(leaf.entry()).isNull();
        assertThat(new String(leaf.leaf(), StandardCharsets.UTF_8)).isEqualTo("h");
    }

    @Test
    void leavesAnyOtherShapeToTheJsonReader() {
        assertThat(FeedEntry.read("{ \"index\": 1, \"entry\": \"" + b64("x") + "\" }")).isNull();
        assertThat(FeedEntry.read("{\"entry\":\"" + b64("x") + "\",\"index\":1}")).isNull();
        assertThat(FeedEntry.read("{\"index\":1,\"entry\":\"not base64!\"}")).isNull();
        assertThat(FeedEntry.read("{\"index\":1,\"entry\":\"" + b64("x") + "\"} trailing")).isNull();
        assertThat(FeedEntry.read("{\"index\":-1,\"entry\":\"" + b64("x") + "\"}")).isNull();
        assertThat(FeedEntry.read("{\"index\":1,\"entry\":\"" + b64("x") + "\",\"state\":{\"salt\":\"" + b64("s") + "\"}}")).isNull();
        assertThat(FeedEntry.read("{\"index\":99999999999999999999,\"entry\":\"" + b64("x") + "\"}")).isNull();
    }
}
