package dev.veto.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code veto bench engine} runs end to end on a tiny workload and ends with the JSON line the
 * issue specifies. Figures are not judged here: speed is measured by running the command, not by
 * unit tests.
 */
class BenchCommandTest {

    @Test
    void benchEngineEndsWithOneJsonObjectWithExactlyTheAgreedKeys() {
        CliRun r = CliRun.of("bench", "engine", "--scale", "0.001", "--requests", "100", "--json");
        assertThat(r.exitCode()).as(r.err()).isZero();
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
    void badScaleIsAClearError() {
        CliRun r = CliRun.of("bench", "engine", "--scale", "2");
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).startsWith("error: --scale must be above 0 and at most 1");
    }
}
