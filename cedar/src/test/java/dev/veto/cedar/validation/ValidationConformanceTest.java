package dev.veto.cedar.validation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.veto.cedar.conformance.ConformanceData;
import dev.veto.cedar.conformance.ConformanceRunner;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Cedar's integration tests, read in place: each test file says whether strict validation of its
 * policies against its schema should pass ({@code shouldValidate}), and the validator must agree
 * on every one.
 */
class ValidationConformanceTest {
    private static final Path ROOT = ConformanceData.cedar();
    private static final ConformanceRunner RUNNER = new ConformanceRunner(ROOT);

    static Stream<Arguments> testFiles() {
        return RUNNER.discover().stream().map(p -> Arguments.of(ROOT.relativize(p).toString(), p));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("testFiles")
    void agreesWithShouldValidate(String name, Path file) {
        ConformanceRunner.Result r = RUNNER.validate(List.of(file));
        assertThat(r.failures()).isEmpty();
        assertThat(r.passed()).isEqualTo(1);
    }

    @Test
    void coversTheWholeCorpus() {
        ConformanceRunner.Result r = RUNNER.validate(RUNNER.discover());
        System.out.println("validation conformance: " + r.summary());
        assertThat(r.failures()).isEmpty();
        assertThat(r.passed()).isEqualTo(1032);
    }
}
