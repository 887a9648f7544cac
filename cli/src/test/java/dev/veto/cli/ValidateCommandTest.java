package dev.veto.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** {@code veto validate}: compiler-style lines, the JSON form, exit codes 0 valid, 3 invalid, 1 bad input. */
class ValidateCommandTest {
    private static final String SCHEMA = """
            namespace Org { entity Unit in [Unit]; entity User in [Unit] { email: String }; }
            namespace Service {
              entity Bucket;
              entity Model;
              action "storage:*";
              action "storage:read" in ["storage:*"]
                appliesTo { principal: [Org::User], resource: [Bucket], context: { region: String } };
            }
            """;

    private static final String JSON_SCHEMA = """
            {"": {"entityTypes": {"User": {}}, "actions": {"view": {"appliesTo": {"principalTypes": ["User"], "resourceTypes": ["User"]}}}}}
            """;

    private static final String BAD_POLICIES = """
            @id("enf-1")
            forbid (principal in Org::Unit::"u42", action in [Service::Action::"storage:*"], resource)
            when { context.regoin == "eu" };

            forbid (principal, action == Service::Action::"storage:read", resource is Service::Model);
            """;

    private static Path write(Path dir, String name, String text) throws Exception {
        Path p = dir.resolve(name);
        Files.writeString(p, text);
        return p;
    }

    @Test
    void validPoliciesExitZero(@TempDir Path dir) throws Exception {
        Path schema = write(dir, "platform.cedarschema", SCHEMA);
        Path policies = write(dir, "ok.cedar", "forbid (principal in Org::Unit::\"u\", action, resource) when { principal.email like \"*@x\" };");
        CliRun r = CliRun.of("validate", "--schema", schema.toString(), "--policies", policies.toString());
        assertThat(r.exitCode()).isZero();
        assertThat(r.out().strip()).isEqualTo("0 errors, 0 warnings in 1 policy");
    }

    @Test
    void problemsArePrintedLikeACompilerAndExitThree(@TempDir Path dir) throws Exception {
        Path schema = write(dir, "platform.cedarschema", SCHEMA);
        Path policies = write(dir, "bad.cedar", BAD_POLICIES);
        CliRun r = CliRun.of("validate", "--schema", schema.toString(), "--policies", policies.toString());
        assertThat(r.exitCode()).isEqualTo(3);
        assertThat(r.out()).contains(policies + ":3:8: error: attribute `regoin` in context for "
                + "`Service::Action::\"storage:read\"` not found [enf-1]\n    help: did you mean `region`?\n");
        assertThat(r.out()).contains(policies + ":5:63: error: unable to find an applicable action given the policy scope constraints [policy1]\n"
                + "    help: the actions in scope apply to resource types `Service::Bucket`\n");
        assertThat(r.out().strip()).endsWith("2 errors, 0 warnings in 2 policies");
    }

    @Test
    void jsonNamesPolicyLineColumnKindAndMessage(@TempDir Path dir) throws Exception {
        Path schema = write(dir, "platform.cedarschema", SCHEMA);
        Path policies = write(dir, "bad.cedar", BAD_POLICIES);
        CliRun r = CliRun.of("validate", "--schema", schema.toString(), "--policies", policies.toString(), "--json");
        assertThat(r.exitCode()).isEqualTo(3);
        JsonNode o = JsonMapper.builder().build().readTree(r.out());
        assertThat(o.get("valid").asBoolean()).isFalse();
        assertThat(o.get("warnings").size()).isZero();
        JsonNode e = o.get("errors").get(0);
        assertThat(e.get("policy").asString()).isEqualTo("enf-1");
        assertThat(e.get("line").asInt()).isEqualTo(3);
        assertThat(e.get("column").asInt()).isEqualTo(8);
        assertThat(e.get("kind").asString()).isEqualTo("unsafe_attribute_access");
        assertThat(e.get("message").asString()).startsWith("attribute `regoin` in context for");
        assertThat(e.get("help").asString()).isEqualTo("did you mean `region`?");
        assertThat(o.get("errors").get(1).get("kind").asString()).isEqualTo("invalid_action_application");
    }

    @Test
    void warningsDoNotFailValidation(@TempDir Path dir) throws Exception {
        Path schema = write(dir, "platform.cedarschema", SCHEMA);
        Path policies = write(dir, "p.cedar", "permit (principal, action, resource) when { principal is Service::Model };");
        CliRun r = CliRun.of("validate", "--schema", schema.toString(), "--policies", policies.toString(), "--json");
        assertThat(r.exitCode()).isZero();
        JsonNode o = JsonMapper.builder().build().readTree(r.out());
        assertThat(o.get("valid").asBoolean()).isTrue();
        assertThat(o.get("warnings").get(0).get("kind").asString()).isEqualTo("impossible_policy");
    }

    @Test
    void aJsonSchemaIsRecognisedByItsContent(@TempDir Path dir) throws Exception {
        Path schema = write(dir, "schema.txt", JSON_SCHEMA);
        Path policies = write(dir, "p.cedar", "permit (principal, action == Action::\"view\", resource);");
        assertThat(CliRun.of("validate", "--schema", schema.toString(), "--policies", policies.toString()).exitCode()).isZero();
        Path named = write(dir, "schema.json", JSON_SCHEMA);
        assertThat(CliRun.of("validate", "--schema", named.toString(), "--policies", policies.toString()).exitCode()).isZero();
    }

    @Test
    void badInputIsOneLineNamingTheFileAndExitsOne(@TempDir Path dir) throws Exception {
        Path schema = write(dir, "platform.cedarschema", SCHEMA);
        Path policies = write(dir, "p.cedar", "permit (principal, action, resource) when { 1 + };");
        CliRun missing = CliRun.of("validate", "--schema", dir.resolve("nope.cedarschema").toString(), "--policies", policies.toString());
        assertThat(missing.exitCode()).isEqualTo(1);
        assertThat(missing.err().strip()).isEqualTo("error: cannot read the schema file `" + dir.resolve("nope.cedarschema") + "`: no such file");

        CliRun syntax = CliRun.of("validate", "--schema", schema.toString(), "--policies", policies.toString());
        assertThat(syntax.exitCode()).isEqualTo(1);
        assertThat(syntax.err().strip()).startsWith("error: " + policies + ":1:49: ").doesNotContain("\n").doesNotContain("Exception");

        Path badSchema = write(dir, "bad.cedarschema", "entity User in [Nope];");
        CliRun schemaError = CliRun.of("validate", "--schema", badSchema.toString(), "--policies", policies.toString());
        assertThat(schemaError.exitCode()).isEqualTo(1);
        assertThat(schemaError.err().strip()).startsWith("error: " + badSchema + ":1:").doesNotContain("\n");
    }
}
