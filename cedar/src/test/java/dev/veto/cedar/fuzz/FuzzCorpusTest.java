package dev.veto.cedar.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import dev.veto.cedar.conformance.ConformanceData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Runs the bodies of the fuzz targets in {@link PolicyParserFuzzTest} over every {@code .cedar}
 * and {@code .entities.json} file of the shared Cedar corpus, in place ({@link ConformanceData}:
 * {@code VETO_CONFORMANCE_DIR}, else {@code ../shared/conformance} beside the repo). Fails, not
 * skips, when the corpus is missing.
 */
class FuzzCorpusTest {

    @Test
    void parserTargetOnCedarCorpusPolicies() throws IOException {
        assertThat(runOver(".cedar", PolicyParserFuzzTest::checkPolicies)).as("policy files in the corpus").isGreaterThan(100);
    }

    @Test
    void entitiesTargetOnCedarCorpusEntities() throws IOException {
        assertThat(runOver(".entities.json", PolicyParserFuzzTest::checkEntities)).as("entities files in the corpus").isGreaterThan(100);
    }

    /** Runs {@code target} on every file named {@code *suffix}; reports every failing file, then fails. */
    private static int runOver(String suffix, Consumer<byte[]> target) throws IOException {
        List<Path> files;
        try (Stream<Path> s = Files.walk(ConformanceData.cedar())) {
            files = s.filter(p -> p.getFileName().toString().endsWith(suffix) && Files.isRegularFile(p)).sorted().toList();
        }
        List<String> failures = new ArrayList<>();
        for (Path f : files) {
            try {
                target.accept(Files.readAllBytes(f));
            } catch (Throwable t) {
                failures.add(f + ": " + t);
            }
        }
        assertThat(failures).as("files on which the fuzz target fails").isEmpty();
        return files.size();
    }
}
