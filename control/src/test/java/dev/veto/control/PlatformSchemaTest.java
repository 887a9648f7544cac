package dev.veto.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.veto.cedar.schema.ActionDef;
import dev.veto.cedar.schema.Attribute;
import dev.veto.cedar.schema.Schema;
import dev.veto.cedar.schema.SchemaType;
import dev.veto.cedar.value.BoolValue;
import dev.veto.cedar.value.EntityUid;
import dev.veto.cedar.value.RecordValue;
import dev.veto.cedar.value.StringValue;
import dev.veto.cedar.value.Value;
import dev.veto.engine.EngineRequest;
import dev.veto.ledger.Log;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The platform schema on a real log: what Veto derives from what it stores, what an extension
 * adds and may not say, policies refused before they take effect, requests checked once asked
 * for, and the schema rebuilt on replay.
 */
class PlatformSchemaTest extends OnARealLog {
    @BeforeEach
    void setUp() {
        storeHierarchy();
        plane.commands().putService(ADMIN, "storage", new Inputs.PutService(List.of(new Event.Operation("Get", "read"), new Event.Operation("Put", "write"))));
    }

    private PlatformSchema schema() {
        return plane.queries().schema(ADMIN);
    }

    @Test
    void theDerivedSchemaIsWhatIsStoredAndTheCatalog() {
        Schema s = schema().schema();
        assertThat(s.entityTypes().keySet()).containsExactlyInAnyOrder("Account", "Bucket", "Org", "Unit", "User");
        assertThat(s.entityTypes().get("Unit").memberOfTypes()).containsExactly("Org", "Unit");
        assertThat(s.entityTypes().get("User").memberOfTypes()).containsExactly("Account");
        assertThat(s.entityTypes().get("Account").shape().attributes()).as("attributes are not guessed from data").isEmpty();
        ActionDef get = s.actions().get(EntityUid.of("Action", "storage:Get"));
        assertThat(get.memberOf()).containsExactly(EntityUid.of("Action", "service:storage"), EntityUid.of("Action", "access:read"));
        assertThat(get.principalTypes()).containsExactlyInAnyOrder("Account", "Bucket", "Org", "Unit", "User");
        assertThat(get.resourceTypes()).isEqualTo(get.principalTypes());
        assertThat(get.context().attributes()).containsOnlyKeys("now");
        assertThat(s.actions()).containsKeys(EntityUid.of("Action", "access:export"), EntityUid.of("Action", "access:admin"),
                EntityUid.of("Action", "service:storage"));
        assertThat(s.actions().get(EntityUid.of("Action", "service:storage")).principalTypes()).as("groups apply to nothing").isEmpty();
        // both printed forms read back as the same schema
        assertThat(Schema.parseCedar(schema().cedar(), "get")).isEqualTo(s);
        assertThat(Schema.parseJson(schema().json().toString(), "get")).isEqualTo(s);
        assertThat(schema().cedar()).contains("type Context = {").contains("context: Context").contains("No extension has been put");
        assertThat(schema().checksRequests()).isFalse();
    }

    @Test
    void anExtensionAddsAttributesTypesParentsAndTheContext() {
        plane.commands().putSchema(ADMIN, """
                entity Account in [Org] { region: String };
                entity User { department: String, manager?: User };
                entity Workload in [Account];
                type Context = { mfa: Bool };
                """, true);
        Schema s = schema().schema();
        assertThat(s.entityTypes().get("Account").memberOfTypes()).containsExactly("Org", "Unit");
        assertThat(s.entityTypes().get("User").memberOfTypes()).as("observed parents stay").containsExactly("Account");
        assertThat(s.entityTypes().get("User").shape().attribute("manager")).isEqualTo(new Attribute(new SchemaType.EntityRef("User"), false));
        assertThat(s.actions().get(EntityUid.of("Action", "storage:Put")).principalTypes()).contains("Workload");
        assertThat(s.actions().get(EntityUid.of("Action", "storage:Put")).context().attributes()).containsOnlyKeys("mfa", "now");
        assertThat(schema().extension().text()).contains("entity Workload");
        assertThat(schema().checksRequests()).isTrue();
        assertThat(Schema.parseCedar(schema().cedar(), "get")).isEqualTo(s);
        // the JSON format says the same
        plane.commands().putSchema(ADMIN, """
                {"": {"entityTypes": {"User": {"shape": {"type": "Record", "attributes": {"department": {"type": "String"}}}}},
                      "actions": {}, "commonTypes": {"Context": {"type": "Record", "attributes": {"mfa": {"type": "Boolean", "required": false}}}}}}
                """, false);
        assertThat(schema().schema().entityTypes()).doesNotContainKey("Workload");
        assertThat(schema().extension().format()).isEqualTo("json");
        assertThat(schema().checksRequests()).isFalse();
    }

    @Test
    void anExtensionThatDoesNotParseOrConflictsIsRefusedSayingWhereAndNothingIsWritten() {
        long before = plane.revision();
        refusedAt("entity User { department: Strin };", "schema:1:27: undefined type name `Strin`");
        refusedAt("entity User;\naction \"storage:Get\";", "schema:2:8: action Action::\"storage:Get\" is declared here, but actions come from the service catalog");
        refusedAt("entity Color enum [\"red\"];", "schema:1:8: entity type `Color` is enumerated");
        refusedAt("\n  entity user { name: String };", "schema:2:10: entity type `user` differs from the stored type `User` only in letter case");
        refusedAt("type Context = { now: Long };", "schema:1:1: `now` in `Context` is set by Veto from its own clock");
        refusedAt("type Context = Long;", "schema:1:1: `Context`, the request context, must be a record type");
        refusedAt("{\"\": {\"entityTypes\": {\"User\": {\"memberOfTypes\": [\"Acount\"]}}, \"actions\": {}}}", "schema:1:50: undefined type name `Acount`");
        assertThat(plane.revision()).isEqualTo(before);
        // a declaration that agrees with the derived part is no conflict
        plane.commands().putSchema(ADMIN, "type Context = { now: datetime, mfa: Bool };", true);
    }

    private void refusedAt(String text, String message) {
        assertThatThrownBy(() -> plane.commands().putSchema(ADMIN, text, true)).isInstanceOfSatisfying(Rejection.class, r -> {
            assertThat(r.kind()).isEqualTo(Rejection.Kind.INVALID);
            assertThat(r.field()).isEqualTo("schema");
            assertThat(r.getMessage()).startsWith(message);
        });
    }

    @Test
    void aPolicyThatFailsValidationIsRefusedWithWhereAndWhyAndNothingIsWritten() {
        long before = plane.revision();
        Rejection r = refused("no-eu", """
                @id("no-eu")
                forbid (principal, action in Action::"service:storage", resource)
                when { principal.regoin == "eu" };""");
        assertThat(r.issues()).hasSize(1);
        PolicyIssue i = r.issues().get(0);
        assertThat(i.policy()).isEqualTo("no-eu");
        assertThat(i.line()).isEqualTo(3);
        assertThat(i.column()).isEqualTo(8);
        assertThat(i.kind()).isEqualTo("unsafe_attribute_access");
        assertThat(r.getMessage()).startsWith("policy \"no-eu\" does not validate against the platform schema (GET /v1/schema): 3:8: attribute `regoin`");
        assertThat(r.field()).isEqualTo("text");
        // a wrong type, an action that does not apply, an entity type nobody stores
        assertThat(refused("t", "forbid (principal, action, resource) when { context.now == 3 };").issues()).extracting(PolicyIssue::kind)
                .containsExactly("incompatible_types");
        assertThat(refused("a", "forbid (principal, action == Action::\"service:storage\", resource);").issues()).extracting(PolicyIssue::kind)
                .containsExactly("invalid_action_application");
        assertThat(refused("u", "forbid (principal == Usr::\"alice\", action, resource);").issues().get(0).message())
                .contains("`Usr`");
        assertThat(plane.revision()).isEqualTo(before);
        assertThat(plane.queries().policies(ADMIN)).containsOnlyKeys(ControlPlane.BASELINE_ID);
    }

    private Rejection refused(String id, String text) {
        try {
            plane.commands().putPolicy(ADMIN, id, text);
        } catch (Rejection r) {
            assertThat(r.kind()).isEqualTo(Rejection.Kind.VALIDATION_FAILED);
            return r;
        }
        throw new AssertionError("policy " + id + " was not refused");
    }

    @Test
    void anImpossibleForbidWarnsUntilRequestsAreCheckedThenIsRefused() {
        String dead = "forbid (principal, action, resource) when { context has region && context.region == \"xx\" };";
        Commands.Validated v = plane.commands().putPolicy(ADMIN, "dead", dead);
        assertThat(v.warnings()).extracting(PolicyIssue::kind).containsExactly("impossible_policy");
        plane.commands().removePolicy(ADMIN, "dead");
        plane.commands().putSchema(ADMIN, "type Context = { mfa: Bool };", true);
        assertThat(refused("dead", dead).issues()).extracting(PolicyIssue::kind).containsExactly("impossible_policy");
        // an impossible permit grants nothing: it only warns
        assertThat(plane.commands().putPolicy(ADMIN, "nothing", dead.replace("forbid", "permit")).warnings()).hasSize(1);
    }

    @Test
    void aSchemaChangeThatAPolicyInForceWouldNotValidateAgainstIsRefusedListingIt() {
        plane.commands().putSchema(ADMIN, "entity User { department: String };", false);
        plane.commands().putPolicy(ADMIN, "dept", "forbid (principal is User, action, resource) when { principal.department == \"x\" };");
        long before = plane.revision();
        assertThatThrownBy(() -> plane.commands().putSchema(ADMIN, "entity User { dept: String };", false)).isInstanceOfSatisfying(Rejection.class, r -> {
            assertThat(r.kind()).isEqualTo(Rejection.Kind.VALIDATION_FAILED);
            assertThat(r.issues()).extracting(PolicyIssue::policy).containsExactly("dept");
            assertThat(r.getMessage()).startsWith("the schema is refused: policies in force would not validate against it: policy \"dept\" 1:53: attribute `department` on entity type `User` not found");
        });
        assertThat(plane.revision()).isEqualTo(before);
        assertThat(schema().schema().entityTypes().get("User").shape().attributes()).containsOnlyKeys("department");
    }

    private EngineRequest request(String principalType, String action, Map<String, Value> context) {
        return new EngineRequest(EntityUid.of(principalType, "alice"), EntityUid.of("Action", action), EntityUid.of("Account", "acct"),
                new RecordValue(context), List.of());
    }

    private Decisions.Refused refusedRequest(EngineRequest r) {
        try {
            plane.decisions().decide(r);
        } catch (Decisions.Refused e) {
            return e;
        }
        throw new AssertionError("request was decided: " + r);
    }

    @Test
    void requestsAreCheckedOnlyOnceAskedFor() {
        EngineRequest extra = request("User", "storage:Get", Map.of("region", new StringValue("eu")));
        assertThat(plane.decisions().decide(extra).response().isAllowed()).as("no schema put: context fields pass").isTrue();
        plane.commands().putSchema(ADMIN, "type Context = { mfa: Bool, tier?: String };", false);
        assertThat(plane.decisions().decide(extra).response().isAllowed()).as("put, unchecked").isTrue();
        plane.commands().putSchema(ADMIN, "type Context = { mfa: Bool, tier?: String };", true);
        assertThat(plane.decisions().decide(request("User", "storage:Get", Map.of("mfa", BoolValue.TRUE))).response().isAllowed()).isTrue();
        Decisions.Refused r = refusedRequest(extra);
        assertThat(r.field()).isEqualTo("context");
        assertThat(r.getMessage()).startsWith("context.mfa is missing");
        r = refusedRequest(request("User", "storage:Get", Map.of("mfa", new StringValue("yes"))));
        assertThat(r.getMessage()).startsWith("context.mfa is string, but is declared of type Bool");
        r = refusedRequest(request("User", "storage:Get", Map.of("mfa", BoolValue.TRUE, "region", new StringValue("eu"))));
        assertThat(r.getMessage()).startsWith("context.region is not declared; declared: mfa, tier");
        r = refusedRequest(new EngineRequest(EntityUid.of("Device", "d"), EntityUid.of("Action", "storage:Get"), EntityUid.of("Account", "acct"),
                new RecordValue(Map.of("mfa", BoolValue.TRUE)), List.of(dev.veto.cedar.entity.Entity.of(EntityUid.of("Device", "d"), Map.of(),
                        java.util.Set.of(EntityUid.of("Account", "acct")), Map.of()))));
        assertThat(r.field()).isEqualTo("principal");
        assertThat(r.getMessage()).contains("`Device`, which the platform schema does not declare");
        // declared by the extension, the inline type is decided
        plane.commands().putSchema(ADMIN, "entity Device in [Account]; type Context = { mfa: Bool, tier?: String };", true);
        assertThat(plane.decisions().decide(new EngineRequest(EntityUid.of("Device", "d"), EntityUid.of("Action", "storage:Get"),
                EntityUid.of("Account", "acct"), new RecordValue(Map.of("mfa", BoolValue.TRUE)), List.of(dev.veto.cedar.entity.Entity.of(
                        EntityUid.of("Device", "d"), Map.of(), java.util.Set.of(EntityUid.of("Account", "acct")), Map.of())))).response().isAllowed())
                .isTrue();
    }

    @Test
    void beforeAnyRequestIsPossibleAScopeThatAdmitsNoneOnlyWarns() throws Exception {
        plane.close();
        plane = ControlPlane.open(Log.create(dir.resolve("empty.db").toString(), "test.veto/log", key), clock, "Example Cloud");
        Commands.Validated v = plane.commands().putPolicy(ADMIN, "later", "forbid (principal, action, resource) when { context.now > datetime(\"2100-01-01T00:00:00Z\") };");
        assertThat(v.warnings()).extracting(PolicyIssue::kind).containsExactly("invalid_action_application");
        assertThat(v.warnings().get(0).help()).contains("admits no request yet");
        // the baseline in force does not stop the first schema either
        plane.commands().putSchema(ADMIN, "entity User;", true);
        // names still have to exist
        assertThat(refused("x", "forbid (principal, action == Action::\"storage:Delete\", resource);").issues()).extracting(PolicyIssue::kind)
                .contains("unrecognized_action_id");
    }

    @Test
    void aNestedContextIsCheckedToItsLeaves() {
        plane.commands().putSchema(ADMIN, "type Context = { tags: Set<String>, geo?: { country: String, site?: Account } };", true);
        Map<String, Value> fits = Map.of("tags", dev.veto.cedar.value.SetValue.of(List.of(new StringValue("a"))),
                "geo", new RecordValue(Map.of("country", new StringValue("de"), "site", EntityUid.of("Account", "acct"))));
        assertThat(plane.decisions().decide(request("User", "storage:Get", fits)).response().isAllowed()).isTrue();
        assertThat(refusedRequest(request("User", "storage:Get", Map.of("tags", dev.veto.cedar.value.SetValue.of(List.of(
                dev.veto.cedar.value.LongValue.of(1)))))).getMessage()).startsWith("context.tags[…] is long, but is declared of type String");
        assertThat(refusedRequest(request("User", "storage:Get", Map.of("tags", dev.veto.cedar.value.SetValue.of(List.of()),
                "geo", new RecordValue(Map.of("country", new StringValue("de"), "site", EntityUid.of("Org", "mx")))))).getMessage())
                .startsWith("context.geo.site is (entity of type `Org`), but is declared of type Account");
        assertThat(refusedRequest(request("User", "storage:Get", Map.of("tags", dev.veto.cedar.value.SetValue.of(List.of()),
                "geo", new RecordValue(Map.of())))).getMessage()).startsWith("context.geo.country is missing");
    }

    @Test
    void theSchemaSurvivesRestart() {
        plane.commands().putSchema(ADMIN, "entity User { department: String }; type Context = { mfa: Bool };", true);
        Schema before = schema().schema();
        plane.close();
        plane = reopened();
        assertThat(schema().schema()).isEqualTo(before);
        assertThat(schema().checksRequests()).isTrue();
        assertThat(refusedRequest(request("User", "storage:Get", Map.of())).field()).isEqualTo("context");
    }
}
