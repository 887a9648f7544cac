package dev.veto.cedar.validation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import dev.veto.cedar.ast.AstArbitraries;
import dev.veto.cedar.ast.Policy;
import dev.veto.cedar.ast.Request;
import dev.veto.cedar.authz.Authorizer;
import dev.veto.cedar.authz.PolicyError;
import dev.veto.cedar.authz.PolicySet;
import dev.veto.cedar.authz.Response;
import dev.veto.cedar.entity.Entities;
import dev.veto.cedar.schema.ActionDef;
import dev.veto.cedar.schema.Schema;
import dev.veto.cedar.schema.SchemaType;
import dev.veto.cedar.validation.PolicyGen.Env;
import dev.veto.cedar.validation.ValidationIssue.Kind;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

/**
 * The validator's contract on random schemas: well-typed policies pass, and then evaluating
 * them on entities and requests that conform to the schema never fails with a type error
 * (soundness); a policy given one type mistake is refused, pointing at it.
 *
 * <p>Each try draws a seed and builds its schema, policy and data from it with {@link PolicyGen};
 * a failure reports the seed, the schema and the policy.
 */
class ValidatorProperties {

    private record Case(String schemaText, Schema schema, PolicyGen gen, Env env) {}

    private static Case draw(long seed) {
        Random r = new Random(seed);
        String text = PolicyGen.schemaText(r);
        Schema schema = Schema.parseCedar(text, "generated.cedarschema");
        PolicyGen gen = new PolicyGen(r, schema, 0);
        Env env = gen.env();
        Assume.that(env != null);
        gen.use(env);
        return new Case(text, schema, gen, env);
    }

    @Property(tries = 1500)
    void wellTypedPoliciesPassAndNeverMeetATypeError(@ForAll long seed) {
        Case c = draw(seed);
        String text = c.gen().policy(c.env(), 3) + c.gen().policy(c.env(), 2);
        PolicySet policies = PolicySet.parse(text, "generated.cedar");
        ValidationResult result = Validator.validate(c.schema(), policies);
        assertThat(result.errors()).as("schema:\n%s\npolicies:\n%s", c.schemaText(), text).isEmpty();

        Entities entities = c.gen().entities();
        for (int i = 0; i < 4; i++) {
            Request request = c.gen().request(c.env());
            assertThat(Validator.forSchema(c.schema()).validateRequest(request)).isEmpty();
            Response response = Authorizer.isAuthorized(request, policies, entities);
            for (PolicyError e : response.errors()) {
                // Validation rules out type errors, missing attributes and tags, and (here, where
                // every named entity exists) missing entities; overflow may still happen.
                assertThat(e.message()).as("schema:\n%s\npolicies:\n%s\nrequest: %s", c.schemaText(), text, request)
                        .contains("overflow");
            }
        }
    }

    @Property(tries = 500)
    void aMisspelledAttributeIsRefusedWhereItIsWritten(@ForAll long seed) {
        Case c = draw(seed);
        PolicyGen.Target target = c.gen().target();
        String bad = target.expr() + ".zzz";
        String text = "forbid (" + c.gen().scope(c.env()) + ")\nwhen { " + bad + " == 1 }\nwhen { " + c.gen().bool(2) + " };";
        ValidationResult result = Validator.validate(c.schema(), PolicySet.parse(text, "p"));
        assertThat(result.passed()).as(text).isFalse();
        assertThat(result.errors()).as(text).anySatisfy(e -> {
            assertThat(e.kind()).isEqualTo(Kind.UNSAFE_ATTRIBUTE_ACCESS);
            assertThat(e.message()).contains("zzz` ");
            assertThat(e.loc().start()).isEqualTo(text.indexOf(bad));
        });
    }

    @Property(tries = 500)
    void anOperandOfTheWrongTypeIsRefused(@ForAll long seed) {
        Case c = draw(seed);
        Random r = new Random(seed);
        String bad = switch (r.nextInt(4)) {
            case 0 -> "(" + c.gen().typed(2, Set.of(SchemaType.Long.class)).getKey() + ") + 1 == 1";
            case 1 -> "if " + c.gen().typed(2, Set.of(SchemaType.Bool.class)).getKey() + " then true else false";
            case 2 -> "(" + c.gen().typed(2, Set.of(SchemaType.SetType.class)).getKey() + ").contains(1)";
            default -> "(" + c.gen().typed(2, Set.of(SchemaType.StringType.class)).getKey() + ") like \"a*\"";
        };
        String text = "forbid (" + c.gen().scope(c.env()) + ")\nwhen { " + bad + " }\nwhen { " + c.gen().bool(2) + " };";
        ValidationResult result = Validator.validate(c.schema(), PolicySet.parse(text, "p"));
        assertThat(result.passed()).as(text).isFalse();
        assertThat(result.errors()).as(text).anySatisfy(e ->
                assertThat(e.kind()).isIn(Kind.UNEXPECTED_TYPE, Kind.INCOMPATIBLE_TYPES));
    }

    @Property(tries = 500)
    void anActionThatDoesNotApplyIsRefused(@ForAll long seed) {
        Case c = draw(seed);
        ActionDef action = c.schema().actions().get(c.env().action());
        String other = c.schema().entityTypes().keySet().stream()
                .filter(t -> !action.resourceTypes().contains(t)).findFirst().orElse(null);
        Assume.that(other != null);
        String resource = "resource is " + other;
        String text = "forbid (principal, action == " + action.uid() + ", " + resource + ")\nwhen { " + c.gen().bool(2) + " };";
        ValidationResult result = Validator.validate(c.schema(), PolicySet.parse(text, "p"));
        assertThat(result.errors()).as(text).anySatisfy(e -> {
            assertThat(e.kind()).isEqualTo(Kind.INVALID_ACTION_APPLICATION);
            assertThat(e.loc().start()).isEqualTo(text.indexOf(resource));
        });
    }

    /** Whatever the policy, the validator answers; it never throws. */
    @Property(tries = 1000)
    void anyPolicyGetsAnAnswer(@ForAll long seed, @ForAll("policies") Policy policy) {
        Random r = new Random(seed);
        Schema schema = Schema.parseCedar(PolicyGen.schemaText(r), "generated.cedarschema");
        assertThatCode(() -> Validator.forSchema(schema).validate(Map.of("p", policy))).doesNotThrowAnyException();
    }

    @net.jqwik.api.Provide
    net.jqwik.api.Arbitrary<Policy> policies() {
        return AstArbitraries.policies();
    }

    @Property(tries = 300)
    void sloppyPoliciesGetAnAnswerToo(@ForAll long seed) {
        Random r = new Random(seed);
        Schema schema = Schema.parseCedar(PolicyGen.schemaText(r), "generated.cedarschema");
        PolicyGen gen = new PolicyGen(r, schema, 0.15);
        Env env = gen.env();
        Assume.that(env != null);
        String text = gen.policy(env, 3);
        assertThatCode(() -> Validator.validate(schema, PolicySet.parse(text, "p"))).as(text).doesNotThrowAnyException();
    }
}
