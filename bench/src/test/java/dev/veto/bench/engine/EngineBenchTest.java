package dev.veto.bench.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code scripts/bench --main dev.veto.bench.engine.EngineBench --scale S --json} runs end to end
 * on a tiny workload and ends with the JSON line the engine issue specified. Figures are not
 * judged here: speed is measured by running the benchmark, not by unit tests.
 */
class EngineBenchTest {
    private record Run(int code, String out, String err) {}

    private static Run run(String... args) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = EngineBench.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void endsWithOneJsonObjectWithExactlyTheAgreedKeys() throws Exception {
        Run r = run("--scale", "0.001", "--requests", "100", "--json");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("agreement: the engine matches the plain authorizer");
        String last = r.out().strip().lines().reduce((a, b) -> b).orElseThrow();
        JsonNode json = JsonMapper.builder().build().readTree(last);
        assertThat(json.propertyNames()).containsExactlyInAnyOrder("median_ns", "p99_ns", "throughput_per_s",
                "cedar_java_median_ns", "ratio_vs_cedar_java", "ratio_small_apps", "heap_bytes_per_entity",
                "build_ms", "update_ms", "scale");
        for (String k : List.of("median_ns", "p99_ns", "throughput_per_s", "cedar_java_median_ns", "ratio_vs_cedar_java",
                "ratio_small_apps")) {
            assertThat(json.get(k).asDouble()).as(k).isPositive();
        }
        assertThat(json.get("scale").asDouble()).isEqualTo(0.001);
    }

    @Test
    void badOptionsAreAClearError() throws Exception {
        Run r = run("--scale", "2");
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).startsWith("error: --scale must be above 0 and at most 1");
        assertThat(run("--scale", "x").err()).startsWith("error: not a number");
        assertThat(run("--fast").err()).startsWith("error: unknown option `--fast`");
        assertThat(run("--requests").err()).startsWith("error: --requests needs a value");
    }
}
