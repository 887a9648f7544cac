package dev.veto.bench.cedarjava;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** cedar-java answers Cedar's sample apps as the test files expect, and can be timed on them. */
class CedarJavaSampleAppsTest {

    @Test
    void cedarJavaPassesTheSampleAppsAndIsTimed() throws Exception {
        Path cedar = conformanceCedar();
        CedarJavaSampleApps apps = CedarJavaSampleApps.load(cedar);
        assertThat(apps.cases()).hasSize(CedarJavaSampleApps.REQUESTS);
        assertThat(apps.mismatches()).isEmpty();
        double nanos = apps.nanosPerRequest(2, 2);
        assertThat(nanos).isPositive();
        System.out.printf("cedar-java: %.1f µs per sample-app request (untuned, in a test)%n", nanos / 1000);
    }

    static Path conformanceCedar() {
        return dev.veto.cedar.conformance.ConformanceData.cedar();
    }
}
