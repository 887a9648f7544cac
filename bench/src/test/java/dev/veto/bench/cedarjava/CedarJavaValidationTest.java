package dev.veto.bench.cedarjava;

import static org.assertj.core.api.Assertions.assertThat;

import com.cedarpolicy.BasicAuthorizationEngine;
import com.cedarpolicy.model.ValidationRequest;
import com.cedarpolicy.model.ValidationResponse;
import com.cedarpolicy.model.schema.Schema.JsonOrCedar;
import dev.veto.cedar.authz.PolicySet;
import dev.veto.cedar.conformance.ConformanceData;
import dev.veto.cedar.conformance.ConformanceRunner;
import dev.veto.cedar.json.CedarJson;
import dev.veto.cedar.schema.Schema;
import dev.veto.cedar.validation.PolicyGen;
import dev.veto.cedar.validation.ValidationResult;
import dev.veto.cedar.validation.Validator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Our validator and the reference's (cedar-java, the Rust validator through JNI) give the same
 * verdict: on every test of the shared Cedar corpus, and on random schemas with random policies,
 * well-typed and ill-typed.
 */
class CedarJavaValidationTest {
    private final BasicAuthorizationEngine reference = new BasicAuthorizationEngine();

    @Test
    void agreesOnTheConformanceCorpus() throws Exception {
        Path root = ConformanceData.cedar();
        List<String> disagreements = new ArrayList<>();
        int tests = 0;
        for (Path f : new ConformanceRunner(root).discover()) {
            JsonNode test = CedarJson.readTree(Files.readString(f), f.toString());
            if (!test.has("policies") || !test.hasNonNull("schema") || !test.has("shouldValidate")) {
                continue;
            }
            tests++;
            Path schemaFile = root.resolve(test.get("schema").asString());
            String schemaText = Files.readString(schemaFile);
            String policies = Files.readString(root.resolve(test.get("policies").asString()));
            boolean json = schemaFile.toString().endsWith(".json");
            boolean theirs = referencePasses(json ? JsonOrCedar.Json : JsonOrCedar.Cedar, schemaText, policies);
            Schema schema = json ? Schema.parseJson(schemaText, schemaFile.toString()) : Schema.parseCedar(schemaText, schemaFile.toString());
            boolean ours = Validator.validate(schema, PolicySet.parse(policies, "policies")).passed();
            boolean expected = test.get("shouldValidate").asBoolean();
            if (ours != theirs || theirs != expected) {
                disagreements.add(root.relativize(f) + ": shouldValidate " + expected + ", cedar-java " + theirs + ", ours " + ours);
            }
        }
        System.out.println("validation: cedar-java and ours agree on " + (tests - disagreements.size()) + " of " + tests + " tests");
        assertThat(disagreements).isEmpty();
        assertThat(tests).isEqualTo(1032);
    }

    @Test
    void agreesOnRandomPolicies() throws Exception {
        List<String> disagreements = new ArrayList<>();
        int passed = 0;
        int cases = Integer.getInteger("veto.validationCases", 3000);
        for (long seed = 0; seed < cases; seed++) {
            Random r = new Random(seed);
            String schemaText = PolicyGen.schemaText(r);
            Schema schema = Schema.parseCedar(schemaText, "generated.cedarschema");
            PolicyGen gen = new PolicyGen(r, schema, seed % 3 == 0 ? 0 : Double.parseDouble(System.getProperty("veto.sloppiness", "0.08")));
            PolicyGen.Env env = gen.env();
            if (env == null) {
                continue;
            }
            String policies = gen.policy(env, 3) + gen.policy(gen.env(), 2);
            ValidationResult ours = Validator.validate(schema, PolicySet.parse(policies, "generated.cedar"));
            boolean theirs = referencePasses(JsonOrCedar.Cedar, schemaText, policies);
            passed += theirs ? 1 : 0;
            if (ours.passed() != theirs) {
                disagreements.add("seed " + seed + ": cedar-java " + theirs + ", ours " + ours.errors() + "\n" + schemaText + "\n" + policies);
            }
        }
        disagreements.stream().limit(5).forEach(System.out::println);
        System.out.println("validation: " + (cases - disagreements.size()) + " random cases agree, " + passed + " valid");
        assertThat(disagreements).isEmpty();
    }

    /** Corners the random policies rarely reach: scopes, templates, namespaces, action groups, guards. */
    @Test
    void agreesOnCorners() throws Exception {
        String schema = """
                namespace A { entity U in [G] { n?: String, r: { x?: Long, y: { z?: Long } } } tags Long; entity G;
                  action "view" appliesTo { principal: [U], resource: [G], context: { ip?: ipaddr } };
                  action "all"; action "read" in ["all"] appliesTo { principal: [U, G], resource: [U] }; }
                namespace B { entity D; action "view" appliesTo { principal: [D], resource: [D] }; }
                entity E enum ["x"];
                """;
        List<String> policies = List.of(
                "permit(principal, action in [], resource);",
                "permit(principal, action in [A::Action::\"view\", B::Action::\"view\"], resource);",
                "permit(principal is A::G, action in [A::Action::\"view\", B::Action::\"view\"], resource);",
                "permit(principal == A::Action::\"view\", action, resource);",
                "permit(principal is Action, action, resource);",
                "permit(principal, action, resource) when { principal is Action };",
                "permit(principal, action, resource) when { principal is A::Action };",
                "permit(principal, action in A::Action::\"all\", resource);",
                "permit(principal, action == A::Action::\"all\", resource);",
                "permit(principal is A::G, action == A::Action::\"view\", resource);",
                "permit(principal == A::G::\"g\", action == A::Action::\"view\", resource);",
                "permit(principal in A::G::\"g\", action == A::Action::\"view\", resource);",
                "permit(principal, action, resource == A::U::\"u\");",
                "permit(principal == ?principal, action == A::Action::\"view\", resource in ?resource);",
                "permit(principal in ?principal, action, resource) when { principal.r.y has z && principal.r.y.z > 1 };",
                "permit(principal is A::U in ?principal, action == B::Action::\"view\", resource);",
                "permit(principal, action, resource) when { context has ip.x };",
                "permit(principal, action, resource) when { principal has r.x && principal.r.x > 1 };",
                "permit(principal, action, resource) when { principal has r.y.z && principal.r.y.z > 1 };",
                "permit(principal, action, resource) when { if principal has n then principal.n == \"a\" else principal.n == \"b\" };",
                "permit(principal, action, resource) when { principal has n || principal.n == \"a\" };",
                "permit(principal is A::U, action, resource) when { (principal has n || principal has n) && principal.n == \"a\" };",
                "permit(principal is A::U, action, resource) when { (if true then principal has n else false) && principal.n == \"a\" };",
                "permit(principal is A::U, action, resource) when { principal.hasTag(\"t\") && principal.getTag(\"t\") > 1 };",
                "permit(principal is A::U, action, resource) when { principal.getTag(\"t\") > 1 };",
                "permit(principal is A::U, action, resource) when { resource.hasTag(\"t\") };",
                "permit(principal, action, resource) when { principal.hasTag(\"t\") };",
                "permit(principal, action, resource) when { action.hasTag(\"t\") };",
                "permit(principal, action, resource) when { action has n };",
                "permit(principal, action, resource) when { E::\"y\" == E::\"x\" };",
                "permit(principal, action, resource) when { false && E::\"y\" == E::\"x\" };",
                "permit(principal, action, resource) when { false && Nope::\"y\" == 1 };",
                "permit(principal, action, resource) when { false && principal is Nope };",
                "permit(principal, action, resource) when { false && [] == [] };",
                "permit(principal, action, resource) when { principal == resource };",
                "permit(principal, action, resource) when { principal in resource };",
                "permit(principal, action, resource) when { action in [A::Action::\"all\", B::Action::\"view\"] };",
                "permit(principal, action, resource) when { action == A::Action::\"view\" && context.ip.isIpv4() };",
                "permit(principal, action == A::Action::\"view\", resource) when { context has ip && context.ip.isIpv4() };",
                "permit(principal, action, resource) when { {a: 1} == {a: true} };",
                "permit(principal, action, resource) when { {a: 1} == {b: 1} };",
                "permit(principal, action, resource) when { [1] == [true] };",
                "permit(principal, action, resource) when { 1 == true };",
                "permit(principal, action, resource) when { if false then 1 else true };",
                "permit(principal, action, resource) when { (if true then 1 else \"s\") == 1 };",
                "permit(principal, action, resource) when { -9223372036854775808 == -9223372036854775808 };",
                "permit(principal, action, resource) unless { 1 };",
                "permit(principal, action, resource) when { E::\"x\" in [E::\"x\"] };",
                "permit(principal, action, resource) when { E::\"x\" has foo };",
                "permit(principal, action, resource) when { E::\"x\".foo };",
                "permit(principal, action, resource) when { A::Action::\"read\" in A::Action::\"all\" };",
                "permit(principal, action, resource) when { A::Action::\"read\" in [A::Action::\"all\"] };",
                "permit(principal, action, resource) when { principal in A::Action::\"all\" };",
                "permit(principal, action, resource) when { ip(\"1.2.3.4\") == ip(\"1.2.3.4\") };",
                "permit(principal, action, resource) when { datetime(\"2024-01-01\") < datetime(\"2024-01-02\") };",
                "permit(principal, action, resource) when { duration(\"1h\") < datetime(\"2024-01-02\") };",
                "permit(principal, action, resource) when { decimal(\"1.0\") < decimal(\"2.0\") };",
                "permit(principal, action, resource) when { principal.r.y == {z: 1} };",
                "permit(principal is A::U, action, resource) when { principal.r.y == {} };",
                "permit(principal is A::U, action, resource) when { principal.r == principal.r };",
                "permit(principal, action, resource) when { context == {} };",
                "permit(principal, action, resource) when { [principal, resource].contains(principal) };",
                "permit(principal, action, resource) when { [A::U::\"u\", A::G::\"g\"].contains(principal) };",
                "permit(principal, action, resource) when { [1, 2].containsAll([true]) };",
                "permit(principal, action, resource) when { [1, 2].contains(\"s\") };",
                "permit(principal, action, resource) when { \"a\" like \"*\" && 1 + 1 == 2 };");
        List<String> disagreements = new ArrayList<>();
        Schema ours = Schema.parseCedar(schema, "corners.cedarschema");
        for (String p : policies) {
            ValidationResult r = Validator.validate(ours, PolicySet.parse(p, "corner.cedar"));
            boolean theirs = referencePasses(JsonOrCedar.Cedar, schema, p);
            if (r.passed() != theirs) {
                disagreements.add(p + "\n  cedar-java " + theirs + ", ours " + r.errors());
            }
        }
        assertThat(disagreements).isEmpty();
    }

    private boolean referencePasses(JsonOrCedar format, String schemaText, String policies) throws Exception {
        com.cedarpolicy.model.schema.Schema schema = com.cedarpolicy.model.schema.Schema.parse(format, schemaText);
        ValidationResponse response = reference.validate(new ValidationRequest(schema,
                com.cedarpolicy.model.policy.PolicySet.parsePolicies(policies)));
        return response.validationPassed();
    }
}
