package dev.veto.cedar.validation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.veto.cedar.ast.Request;
import dev.veto.cedar.ast.SourcePosition;
import dev.veto.cedar.authz.PolicySet;
import dev.veto.cedar.schema.Schema;
import dev.veto.cedar.validation.ValidationIssue.Kind;
import dev.veto.cedar.value.BoolValue;
import dev.veto.cedar.value.EntityUid;
import dev.veto.cedar.value.LongValue;
import dev.veto.cedar.value.RecordValue;
import dev.veto.cedar.value.StringValue;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** What the validator says about hand-written policies: the verdict, the kind, the place and the words. */
class ValidatorTest {
    static final Schema SCHEMA = Schema.parseCedar("""
            namespace Org {
              entity Unit in [Unit];
              entity User in [Unit] { email: String, level: Long, manager?: User, profile?: { team?: String } } tags String;
              entity Color enum ["red", "green"];
            }
            namespace Service {
              type Ctx = { x: Long, region: String, now: datetime, mfa?: Bool };
              entity Bucket { owner: Org::User, public: Bool };
              entity Model;
              action "storage:*";
              action "storage:read", "storage:write" in ["storage:*"]
                appliesTo { principal: [Org::User], resource: [Bucket], context: Ctx };
              action "ai:invoke" appliesTo { principal: [Org::User], resource: [Model], context: Ctx };
            }
            """, "platform.cedarschema");

    private static final Validator VALIDATOR = Validator.forSchema(SCHEMA);

    private static ValidationResult validate(String policies) {
        return VALIDATOR.validate(PolicySet.parseWithIds(policies, "policies.cedar"));
    }

    private static ValidationIssue onlyError(String policies) {
        ValidationResult r = validate(policies);
        assertThat(r.errors()).hasSize(1);
        return r.errors().get(0);
    }

    private static void assertPasses(String policies) {
        ValidationResult r = validate(policies);
        assertThat(r.errors()).as(policies).isEmpty();
    }

    private static String at(String source, ValidationIssue i) {
        SourcePosition p = i.position(source);
        return p.line() + ":" + p.column();
    }

    /** The fail-open case: a forbid that validation lets through would silently forbid nothing. */
    @Nested
    class ForbidsThatWouldFailOpen {
        @Test
        void aMisspelledAttributeIsRefusedAtTheMisspelling() {
            String text = """
                    @id("enf-C-00042-1-p")
                    forbid (principal in Org::Unit::"u42", action in [Service::Action::"storage:*"], resource)
                    when { context.regoin == "eu" };
                    """;
            ValidationIssue e = onlyError(text);
            assertThat(e.kind()).isEqualTo(Kind.UNSAFE_ATTRIBUTE_ACCESS);
            assertThat(e.policyId()).isEqualTo("enf-C-00042-1-p");
            assertThat(at(text, e)).isEqualTo("3:8");
            assertThat(e.message()).startsWith("attribute `regoin` in context for `Service::Action::\"storage:");
            assertThat(e.message()).endsWith("` not found");
            assertThat(e.help()).isEqualTo("did you mean `region`?");
        }

        @Test
        void anOperandOfTheWrongTypeIsRefusedAtTheOperand() {
            String text = """
                    @id("enf-2")
                    forbid (principal, action == Service::Action::"storage:read", resource)
                    when { context.x > "5" };
                    """;
            ValidationIssue e = onlyError(text);
            assertThat(e.kind()).isEqualTo(Kind.UNEXPECTED_TYPE);
            assertThat(e.policyId()).isEqualTo("enf-2");
            assertThat(at(text, e)).isEqualTo("3:20");
            assertThat(e.message()).isEqualTo("unexpected type: expected Long but saw String");
        }

        @Test
        void comparingValuesOfDifferentTypesIsRefused() {
            String text = "forbid (principal, action == Service::Action::\"storage:read\", resource)\nwhen { context.x == \"5\" };";
            ValidationIssue e = onlyError(text);
            assertThat(e.kind()).isEqualTo(Kind.INCOMPATIBLE_TYPES);
            assertThat(e.policyId()).isEqualTo("policy0");
            assertThat(at(text, e)).isEqualTo("2:8");
            assertThat(e.message()).isEqualTo("the types Long and String are not compatible");
        }

        @Test
        void anActionThatDoesNotApplyToTheResourceTypeIsRefusedAtTheResource() {
            String text = """
                    @id("enf-3")
                    forbid (principal, action == Service::Action::"storage:read",
                            resource is Service::Model);
                    """;
            ValidationIssue e = onlyError(text);
            assertThat(e.kind()).isEqualTo(Kind.INVALID_ACTION_APPLICATION);
            assertThat(e.policyId()).isEqualTo("enf-3");
            assertThat(at(text, e)).isEqualTo("3:9");
            assertThat(e.message()).isEqualTo("unable to find an applicable action given the policy scope constraints");
            assertThat(e.help()).isEqualTo("the actions in scope apply to resource types `Service::Bucket`");
        }

        @Test
        void aMisspelledActionIsRefusedWithASuggestion() {
            String text = "forbid (principal, action in [Service::Action::\"storage:reed\"], resource);";
            ValidationResult r = validate(text);
            assertThat(r.errors()).extracting(ValidationIssue::kind)
                    .containsExactlyInAnyOrder(Kind.UNRECOGNIZED_ACTION_ID, Kind.INVALID_ACTION_APPLICATION);
            ValidationIssue e = r.errors().stream().filter(i -> i.kind() == Kind.UNRECOGNIZED_ACTION_ID).findFirst().orElseThrow();
            assertThat(e.message()).isEqualTo("unrecognized action `Service::Action::\"storage:reed\"`");
            assertThat(e.help()).isEqualTo("did you mean `Service::Action::\"storage:read\"`?");
            assertThat(at(text, e)).isEqualTo("1:20");
        }

        @Test
        void aMisspelledEntityTypeIsRefusedWithASuggestion() {
            String text = "forbid (principal in Org::Unti::\"u42\", action, resource);";
            ValidationResult r = validate(text);
            ValidationIssue e = r.errors().get(0);
            assertThat(e.kind()).isEqualTo(Kind.UNRECOGNIZED_ENTITY_TYPE);
            assertThat(e.message()).isEqualTo("unrecognized entity type `Org::Unti`");
            assertThat(e.help()).isEqualTo("did you mean `Org::Unit`?");
        }

        @Test
        void aWellFormedEnforcementPasses() {
            assertPasses("""
                    @id("enf-4")
                    forbid (principal in Org::Unit::"u42", action in [Service::Action::"storage:*", Service::Action::"ai:invoke"], resource)
                    unless { action == Service::Action::"storage:read" && context.now < datetime("2026-09-01T00:00:00Z") };
                    """);
        }
    }

    @Nested
    class OptionalAttributes {
        @Test
        void anUnguardedOptionalAttributeIsRefused() {
            String text = "permit (principal, action, resource) when { principal.manager.level > 2 };";
            ValidationIssue e = onlyError(text);
            assertThat(e.kind()).isEqualTo(Kind.UNSAFE_OPTIONAL_ATTRIBUTE_ACCESS);
            assertThat(e.message()).isEqualTo("unable to guarantee safety of access to optional attribute `manager` on entity type `Org::User`");
            assertThat(e.help()).isEqualTo("try testing for the attribute's presence with `principal has manager && ..`");
        }

        @Test
        void hasGuardsAlongAndIfAndLaterConditions() {
            assertPasses("permit (principal, action, resource) when { principal has manager && principal.manager.level > 2 };");
            assertPasses("permit (principal, action, resource) when { if principal has manager then principal.manager.level > 2 else false };");
            assertPasses("permit (principal, action, resource) when { principal has manager } when { principal.manager.level > 2 };");
            assertPasses("permit (principal, action, resource) when { principal has profile.team && principal.profile.team == \"x\" };");
            assertPasses("permit (principal, action, resource) when { (principal has manager || principal has manager) && principal.manager.level > 2 };");
            assertPasses("permit (principal, action == Service::Action::\"ai:invoke\", resource) when { context has mfa && context.mfa };");
        }

        @Test
        void aGuardDoesNotReachPastOrNotOrTheOtherBranch() {
            assertThat(validate("permit (principal, action, resource) when { principal has manager || principal.manager.level > 2 };").passed()).isFalse();
            assertThat(validate("permit (principal, action, resource) when { !(principal has manager) || principal.manager.level > 2 };").passed()).isFalse();
            assertThat(validate("permit (principal, action, resource) when { if principal has manager then true else principal.manager.level > 2 };").passed()).isFalse();
            assertThat(validate("permit (principal, action, resource) unless { principal has manager } when { principal.manager.level > 2 };").passed()).isFalse();
        }
    }

    @Nested
    class Tags {
        @Test
        void aTagIsReadAfterHasTag() {
            assertPasses("permit (principal, action, resource) when { principal.hasTag(\"team\") && principal.getTag(\"team\") == \"x\" };");
            ValidationIssue e = onlyError("permit (principal, action, resource) when { principal.getTag(\"team\") == \"x\" };");
            assertThat(e.kind()).isEqualTo(Kind.UNSAFE_TAG_ACCESS);
            assertThat(e.message()).isEqualTo("unable to guarantee safety of access to tag `\"team\"` on entity type `Org::User`");
        }

        @Test
        void entitiesWithoutTagsHaveNone() {
            ValidationIssue e = onlyError("permit (principal, action, resource) when { resource.getTag(\"k\") == \"x\" };");
            assertThat(e.kind()).isEqualTo(Kind.NO_TAGS_ALLOWED);
            assertPasses("permit (principal, action, resource) when { !resource.hasTag(\"k\") };");
        }
    }

    @Nested
    class Types {
        @Test
        void setsRecordsAndExtensions() {
            assertPasses("""
                    permit (principal, action, resource) when {
                      [1, 2].contains(context.x) && [principal].containsAny([principal]) && !["a"].isEmpty()
                      && ip("10.0.0.1").isInRange(ip("10.0.0.0/8")) && decimal("1.5").lessThan(decimal("2.0"))
                      && context.now.offset(duration("1h")) > context.now && context.now.toTime().toHours() < 24
                      && {a: 1, b: "x"} == {b: "y", a: 2} && principal.email like "*@example.com"
                    };""");
        }

        @Test
        void emptySetsHeterogeneousSetsAndBadLiteralsAreRefused() {
            assertThat(onlyError("permit (principal, action, resource) when { [].isEmpty() };").kind()).isEqualTo(Kind.EMPTY_SET_FORBIDDEN);
            assertThat(onlyError("permit (principal, action, resource) when { [1, \"a\"].isEmpty() };").kind()).isEqualTo(Kind.INCOMPATIBLE_TYPES);
            ValidationIssue e = onlyError("permit (principal, action, resource) when { ip(\"10.0.0.300\").isIpv4() };");
            assertThat(e.kind()).isEqualTo(Kind.FUNCTION_ARGUMENT_VALIDATION);
            assertThat(onlyError("permit (principal, action, resource) when { ip(principal.email).isIpv4() };").kind())
                    .isEqualTo(Kind.NON_LIT_EXT_CONSTRUCTOR);
            assertThat(onlyError("permit (principal, action, resource) when { context.now.toDays() > 1 };").kind())
                    .isEqualTo(Kind.UNEXPECTED_TYPE);
        }

        @Test
        void everyIndependentMistakeIsReported() {
            ValidationResult r = validate("permit (principal, action, resource) when { principal.nmae == 1 && [context.foo, 1 + \"a\"].isEmpty() };");
            assertThat(r.errors()).hasSize(1);
            r = validate("permit (principal, action, resource) when { [principal.nmae, context.foo, 1 + \"a\"].isEmpty() };");
            assertThat(r.errors()).extracting(ValidationIssue::kind).containsExactly(
                    Kind.UNSAFE_ATTRIBUTE_ACCESS, Kind.UNSAFE_ATTRIBUTE_ACCESS, Kind.UNEXPECTED_TYPE);
        }

        @Test
        void enumeratedEntitiesMustBeDeclared() {
            ValidationIssue e = onlyError("permit (principal, action, resource) when { Org::Color::\"blue\" != Org::Color::\"red\" };");
            assertThat(e.kind()).isEqualTo(Kind.INVALID_ENUM_ENTITY);
            assertThat(e.message()).isEqualTo("entity `Org::Color::\"blue\"` is of an enumerated entity type, but `\"blue\"` is not declared as a valid eid");
            assertThat(e.help()).isEqualTo("valid entity eids: \"red\", \"green\"");
        }
    }

    @Nested
    class Scopes {
        @Test
        void aPolicyThatCanNeverApplyIsOnlyWarnedAbout() {
            ValidationResult r = validate("permit (principal, action, resource) when { principal is Service::Bucket };");
            assertThat(r.passed()).isTrue();
            assertThat(r.warnings()).extracting(ValidationIssue::kind).containsExactly(Kind.IMPOSSIBLE_POLICY);
            assertThat(r.warnings().get(0).message())
                    .isEqualTo("policy is impossible: the policy expression evaluates to false for all valid requests");
        }

        @Test
        void actionGroupsAndEntityHierarchies() {
            assertPasses("permit (principal in Org::Unit::\"u\", action in Service::Action::\"storage:*\", resource is Service::Bucket);");
            assertPasses("permit (principal, action, resource) when { action in Service::Action::\"storage:*\" && resource.owner in Org::Unit::\"u\" };");
            ValidationIssue e = onlyError("permit (principal == Org::Unit::\"u\", action == Service::Action::\"storage:read\", resource);");
            assertThat(e.kind()).isEqualTo(Kind.INVALID_ACTION_APPLICATION);
            assertThat(e.help()).contains("try replacing `==` with `in` in the principal clause");
        }

        @Test
        void conditionsAreTypedForEachActionTheyCanTellApart() {
            assertThat(validate("permit (principal, action, resource) when { action == Service::Action::\"ai:invoke\" || context.bogus };")
                    .passed()).isFalse();
            assertPasses("permit (principal, action == Service::Action::\"ai:invoke\", resource) "
                    + "when { action == Service::Action::\"ai:invoke\" || context.bogus };");
            assertThat(validate("permit (principal, action, resource) when { Service::Action::\"storage:*\" in action || context.bogus };")
                    .passed()).isFalse();
            assertPasses("permit (principal, action in Service::Action::\"storage:*\", resource) "
                    + "when { action in [Service::Action::\"storage:*\"] || context.bogus };");
        }

        @Test
        void templatesAreValidatedForEverySlotTypeAndLinksForTheirValues() {
            PolicySet set = PolicySet.parse("""
                    permit (principal in ?principal, action in Service::Action::"storage:*", resource == ?resource)
                    when { principal.level > resource.owner.level };
                    """, "templates.cedar");
            assertThat(VALIDATOR.validate(set).errors()).isEmpty();
            set = set.link("policy0", "link-ok", Map.of(dev.veto.cedar.ast.SlotId.PRINCIPAL, EntityUid.of("Org::Unit", "u"),
                    dev.veto.cedar.ast.SlotId.RESOURCE, EntityUid.of("Service::Bucket", "b")));
            set = set.link("policy0", "link-bad", Map.of(dev.veto.cedar.ast.SlotId.PRINCIPAL, EntityUid.of("Org::Unti", "u"),
                    dev.veto.cedar.ast.SlotId.RESOURCE, EntityUid.of("Service::Model", "m")));
            ValidationResult r = VALIDATOR.validate(set);
            assertThat(r.errors()).extracting(ValidationIssue::policyId).containsOnly("link-bad");
            assertThat(r.errors()).extracting(ValidationIssue::kind)
                    .containsExactlyInAnyOrder(Kind.UNRECOGNIZED_ENTITY_TYPE, Kind.INVALID_ACTION_APPLICATION);
            ValidationResult broken = validate("permit (principal == ?principal, action, resource) when { principal.nmae == \"x\" };");
            assertThat(broken.errors()).extracting(ValidationIssue::kind).containsExactly(Kind.UNSAFE_ATTRIBUTE_ACCESS);
        }
    }

    @Nested
    class Requests {
        private final EntityUid alice = EntityUid.of("Org::User", "alice");
        private final EntityUid read = EntityUid.of("Service::Action", "storage:read");
        private final EntityUid bucket = EntityUid.of("Service::Bucket", "b");
        private final RecordValue context = new RecordValue(Map.of("x", LongValue.of(1), "region", new StringValue("eu"),
                "now", dev.veto.cedar.value.Datetime.parse("2026-01-01")));

        private List<RequestError.Kind> kinds(Request r) {
            return VALIDATOR.validateRequest(r).stream().map(RequestError::kind).toList();
        }

        @Test
        void aRequestTheSchemaAllowsPasses() {
            assertThat(VALIDATOR.validateRequest(new Request(alice, read, bucket, context))).isEmpty();
        }

        @Test
        void typesTheActionDoesNotApplyToAreRefused() {
            List<RequestError> errors = VALIDATOR.validateRequest(new Request(bucket, read, alice, context));
            assertThat(errors).extracting(RequestError::kind)
                    .containsExactly(RequestError.Kind.INVALID_PRINCIPAL_TYPE, RequestError.Kind.INVALID_RESOURCE_TYPE);
            assertThat(errors.get(0).message()).isEqualTo(
                    "principal type `Service::Bucket` is not valid for `Service::Action::\"storage:read\"`; valid principal types: `Org::User`");
        }

        @Test
        void undeclaredTypesActionsAndEnumIdsAreRefused() {
            assertThat(kinds(new Request(EntityUid.of("Nope", "n"), read, bucket, context)))
                    .containsExactly(RequestError.Kind.UNDECLARED_PRINCIPAL_TYPE);
            assertThat(kinds(new Request(alice, EntityUid.of("Service::Action", "nope"), bucket, context)))
                    .containsExactly(RequestError.Kind.UNDECLARED_ACTION);
            assertThat(kinds(new Request(alice, read, EntityUid.of("Org::Color", "blue"), context)))
                    .containsExactly(RequestError.Kind.INVALID_ENUM_ENTITY, RequestError.Kind.INVALID_RESOURCE_TYPE);
        }

        @Test
        void theContextMustHaveTheActionsContextType() {
            assertThat(kinds(new Request(alice, read, bucket, RecordValue.EMPTY))).containsExactly(RequestError.Kind.INVALID_CONTEXT);
            RecordValue extra = new RecordValue(Map.of("x", LongValue.of(1), "region", new StringValue("eu"),
                    "now", dev.veto.cedar.value.Datetime.parse("2026-01-01"), "other", BoolValue.TRUE));
            assertThat(kinds(new Request(alice, read, bucket, extra))).containsExactly(RequestError.Kind.INVALID_CONTEXT);
            RecordValue wrong = new RecordValue(Map.of("x", new StringValue("1"), "region", new StringValue("eu"),
                    "now", dev.veto.cedar.value.Datetime.parse("2026-01-01")));
            List<RequestError> errors = VALIDATOR.validateRequest(new Request(alice, read, bucket, wrong));
            assertThat(errors.get(0).message()).startsWith("context `").endsWith("` is not valid for `Service::Action::\"storage:read\"`");
        }
    }
}
