package dev.veto.bench.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * {@code scripts/bench --main dev.veto.bench.http.HttpDecisionLoad} runs end to end on a tiny
 * workload: the workload loads through the control plane as an operator would, the server's
 * answers agree with in-process decisions (some allow, some deny), and a short batch load runs.
 * Figures are not judged here.
 */
class HttpDecisionLoadTest {

    @Test
    void loadsTheWorkloadAgreesWithTheEngineAndDrivesALoad() throws Exception {
        PrintStream stdout = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        try {
            HttpDecisionLoad.main(new String[] {"--scale", "0.001", "--requests", "200", "--single", "no", "--batch", "10",
                "--seconds", "1", "--rounds", "1", "--warmup", "0", "--client", "java"});
        } finally {
            System.setOut(stdout);
        }
        String text = out.toString(StandardCharsets.UTF_8);
        Matcher m = Pattern.compile("HTTP, HTTP batch and in-process agree \\((\\d+) allow, (\\d+) deny\\)").matcher(text);
        assertThat(m.find()).as(text).isTrue();
        assertThat(Integer.parseInt(m.group(1))).as("allowed").isPositive();
        assertThat(Integer.parseInt(m.group(2))).as("denied").isPositive();
        assertThat(text).contains("== batch 10");
    }
}
