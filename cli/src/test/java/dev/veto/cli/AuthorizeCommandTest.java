package dev.veto.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code veto authorize} on the guardrail example the README walks through. */
class AuthorizeCommandTest {

    private static CliRun authorize(String principal, String action, String resource, String context) {
        return CliRun.of("authorize",
                "--policies", CliRun.example("policies.cedar"),
                "--entities", CliRun.example("entities.json"),
                "--principal", principal, "--action", action, "--resource", resource,
                "--context", CliRun.example(context));
    }

    @Test
    void deniesTheUnitsStorageWritesNamingTheCase() {
        CliRun r = CliRun.of("authorize",
                "--policies", CliRun.example("policies.cedar"),
                "--entities", CliRun.example("entities.json"),
                "--request-json", CliRun.example("request.json"));
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.out()).startsWith("DENY\n").contains("enf-C-0042-1 (forbid)").contains("case=C-0042")
                .contains("notice=N-0042-1");
        assertThat(r.err()).isEmpty();
    }

    @Test
    void readsStayAllowedDuringTheExportWindowAndAreDeniedAfterIt() {
        CliRun during = authorize("User::\"analyst-1\"", "Action::\"storage:GetObject\"", "Bucket::\"recordings\"",
                "context-during-window.json");
        assertThat(during.exitCode()).isZero();
        assertThat(during.out()).startsWith("ALLOW\n").contains("baseline (permit)");
        CliRun after = authorize("User::\"analyst-1\"", "Action::\"storage:GetObject\"", "Bucket::\"recordings\"",
                "context-after-window.json");
        assertThat(after.exitCode()).isEqualTo(2);
        assertThat(after.out()).startsWith("DENY\n").contains("enf-C-0042-1");
    }

    @Test
    void aSiblingUnitAndOtherServicesAreUntouched() {
        assertThat(authorize("User::\"clerk-9\"", "Action::\"storage:PutObject\"", "Bucket::\"archive\"",
                "context-during-window.json").exitCode()).isZero();
        assertThat(authorize("User::\"analyst-1\"", "Action::\"compute:RunInstance\"", "Bucket::\"recordings\"",
                "context-during-window.json").exitCode()).isZero();
    }

    @Test
    void theResourceSideClosesTheUnitsDataToOutsiders() {
        CliRun r = authorize("User::\"clerk-9\"", "Action::\"storage:PutObject\"", "Bucket::\"recordings\"",
                "context-during-window.json");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.out()).contains("enf-C-0042-2").doesNotContain("enf-C-0042-1");
    }

    @Test
    void policyErrorsAreReportedAndTheDecisionStillComesBack(@TempDir Path dir) throws Exception {
        Path policies = dir.resolve("p.cedar");
        Files.writeString(policies, """
                @id("allow-all") permit(principal, action, resource);
                @id("broken") forbid(principal, action, resource) when { principal.missing == 1 };
                """);
        CliRun r = CliRun.of("authorize", "--policies", policies.toString(), "--entities", CliRun.example("entities.json"),
                "--principal", "User::\"clerk-9\"", "--action", "Action::\"x\"", "--resource", "Bucket::\"archive\"");
        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).startsWith("ALLOW\n").contains("errors:").contains("broken: `User::\"clerk-9\"` does not have the attribute `missing`");
    }

    @Test
    void badInputGetsOneClearLineAndExitCodeOne(@TempDir Path dir) throws Exception {
        CliRun missing = CliRun.of("authorize", "--policies", dir.resolve("nope.cedar").toString(),
                "--entities", CliRun.example("entities.json"), "--request-json", CliRun.example("request.json"));
        assertThat(missing.exitCode()).isEqualTo(1);
        assertThat(missing.err()).startsWith("error: cannot read the policies file").contains("no such file")
                .doesNotContain("Exception").doesNotContain("\tat ");

        CliRun badUid = CliRun.of("authorize", "--policies", CliRun.example("policies.cedar"),
                "--entities", CliRun.example("entities.json"),
                "--principal", "User:\"x\"", "--action", "Action::\"a\"", "--resource", "R::\"r\"");
        assertThat(badUid.exitCode()).isEqualTo(1);
        assertThat(badUid.err()).contains("invalid --principal `User:\"x\"`").contains("Type::\"id\"");

        Path bad = dir.resolve("bad.cedar");
        Files.writeString(bad, "permit(principal, action, resource)\nwhen { principal.age >= };\n");
        CliRun syntax = CliRun.of("authorize", "--policies", bad.toString(), "--entities", CliRun.example("entities.json"),
                "--request-json", CliRun.example("request.json"));
        assertThat(syntax.exitCode()).isEqualTo(1);
        assertThat(syntax.err()).contains("bad.cedar:2:25: unexpected `}`, expected an expression")
                .contains("2 | when { principal.age >= };").contains("^");

        Path badJson = dir.resolve("e.json");
        Files.writeString(badJson, "[{\"uid\": {\"type\": \"User\", \"id\": 7}, \"attrs\": {}, \"parents\": []}]");
        CliRun json = CliRun.of("authorize", "--policies", CliRun.example("policies.cedar"), "--entities", badJson.toString(),
                "--request-json", CliRun.example("request.json"));
        assertThat(json.exitCode()).isEqualTo(1);
        assertThat(json.err()).contains("e.json: [0].uid.id: expected a string, got a number");
    }

    @Test
    void requestOptionsAreExclusive() {
        CliRun r = CliRun.of("authorize", "--policies", CliRun.example("policies.cedar"), "--entities", CliRun.example("entities.json"));
        // bad input is exit 1, never 2, which means deny
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).startsWith("error: ").contains("--request-json").contains("veto authorize --help");
    }
}
