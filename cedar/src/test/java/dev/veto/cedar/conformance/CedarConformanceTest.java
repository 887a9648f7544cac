package dev.veto.cedar.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Cedar's own integration tests, read in place from the shared conformance folder. */
class CedarConformanceTest {

    @Test
    void handWrittenTestsAllPass() {
        Path root = ConformanceData.cedar();
        ConformanceRunner runner = new ConformanceRunner(root);
        List<Path> files = runner.discover().stream().filter(p -> p.startsWith(root.resolve("tests"))).toList();
        ConformanceRunner.Result r = runner.run(files);
        r.failures().forEach(System.out::println);
        assertThat(r.failures()).isEmpty();
        assertThat(r.passed()).isEqualTo(74);
    }

    @Test
    void corpusTestsAllPass() {
        Path root = ConformanceData.cedar();
        ConformanceRunner runner = new ConformanceRunner(root);
        List<Path> files = runner.discover().stream().filter(p -> p.startsWith(root.resolve("corpus-tests"))).toList();
        ConformanceRunner.Result r = runner.run(files);
        r.failures().forEach(System.out::println);
        System.out.println("corpus: " + r.summary());
        assertThat(r.failures()).isEmpty();
        assertThat(r.passed()).isGreaterThan(7000);
    }
}
