package dev.veto.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code veto conformance}: the summary line and exit codes. */
class ConformanceCommandTest {

    private static Path cedarRoot() {
        return dev.veto.cedar.conformance.ConformanceData.cedar();
    }

    @Test
    void namedFilesRunAndTheLastLineCountsRequests() {
        CliRun r = CliRun.of("conformance", "--root", cedarRoot().toString(), "tests/multi/1.json", "tests/ip/1.json");
        assertThat(r.exitCode()).isZero();
        assertThat(r.out().strip().lines().reduce((a, b) -> b).orElseThrow()).matches("\\d+ passed, 0 failed");
    }

    @Test
    void aFailingRequestIsPrintedWithExpectedAndGotAndExitsNonZero(@TempDir Path dir) throws Exception {
        Path root = cedarRoot();
        Files.writeString(dir.resolve("p.cedar"), "permit(principal, action, resource);");
        Files.writeString(dir.resolve("e.json"), "[]");
        Files.writeString(dir.resolve("t.json"), """
                {"policies": "p.cedar", "entities": "e.json", "schema": null, "shouldValidate": false,
                 "requests": [
                   {"description": "right", "principal": {"type": "U", "id": "a"}, "action": {"type": "Action", "id": "x"},
                    "resource": {"type": "R", "id": "r"}, "context": {}, "decision": "allow", "reason": ["policy0"], "errors": []},
                   {"description": "wrong on purpose", "principal": {"type": "U", "id": "a"}, "action": {"type": "Action", "id": "x"},
                    "resource": {"type": "R", "id": "r"}, "context": {}, "decision": "deny", "reason": [], "errors": []}
                 ]}
                """);
        CliRun r = CliRun.of("conformance", "--root", dir.toString(), "t.json");
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.out()).contains("wrong on purpose").contains("expected: deny reasons=[] errors=[]")
                .contains("got:      allow reasons=[policy0] errors=[]");
        assertThat(r.out().strip()).endsWith("1 passed, 1 failed");
        assertThat(root).isDirectory();
    }

    @Test
    void validateComparesEachTestsShouldValidateAndCountsTests() {
        CliRun r = CliRun.of("conformance", "--validate", "--root", cedarRoot().toString(), "tests/multi/1.json", "tests/ip/1.json");
        assertThat(r.exitCode()).isZero();
        assertThat(r.out().strip()).isEqualTo("2 passed, 0 failed");
    }

    @Test
    void aValidationVerdictThatDiffersIsPrintedAndExitsNonZero(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("s.cedarschema"), "entity U; action \"x\" appliesTo { principal: [U], resource: [U] };");
        Files.writeString(dir.resolve("p.cedar"), "permit(principal, action, resource) when { principal.nope };");
        Files.writeString(dir.resolve("t.json"), """
                {"policies": "p.cedar", "entities": "e.json", "schema": "s.cedarschema", "shouldValidate": true, "requests": []}
                """);
        CliRun r = CliRun.of("conformance", "--validate", "--root", dir.toString(), "t.json");
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.out()).contains("t.json: validation").contains("expected: passes")
                .contains("got:      fails: [policy0: attribute `nope` on entity type `U` not found]");
        assertThat(r.out().strip()).endsWith("0 passed, 1 failed");
    }

    @Test
    void aMissingRootIsAClearError(@TempDir Path dir) {
        CliRun r = CliRun.of("conformance", "--root", dir.resolve("nope").toString());
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).startsWith("error: conformance root");
    }
}
