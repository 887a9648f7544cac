package dev.veto.server;

import static dev.veto.server.Platform.ok;
import static org.assertj.core.api.Assertions.assertThat;

import dev.veto.cedar.schema.Schema;
import dev.veto.control.ControlPlane;
import dev.veto.ledger.Log;
import dev.veto.ledger.note.SignerKey;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * Issue #16 over HTTP: the fail-open case (a {@code forbid} that could not apply as written) is
 * refused before it takes effect, saying where; the platform schema is read, extended, guarded by
 * the policies in force and kept across a restart; and once it checks requests the decision API
 * refuses what does not fit it. Every refusal is a 4xx in the error shape and writes nothing.
 */
class PlatformSchemaApiTest {
    @TempDir
    Path dir;
    SignerKey key;
    Platform p;

    @BeforeEach
    void start() throws Exception {
        key = SignerKey.generate(Platform.ORIGIN);
        p = new Platform(dir, null, key);
    }

    @AfterEach
    void stop() {
        if (p != null) {
            p.close();
        }
    }

    private JsonNode validationFailed(Api.Reply r, long before) {
        return validationFailed(r, before, "does not validate against the platform schema");
    }

    private JsonNode validationFailed(Api.Reply r, long before, String why) {
        p.refused(r, 422, why, before);
        JsonNode error = r.json().get("error");
        assertThat(error.get("code").asString()).isEqualTo("validation_failed");
        return error;
    }

    /** Each issue of a refusal as {@code policy line:column kind}. */
    private static java.util.List<String> issues(JsonNode error) {
        java.util.List<String> out = new java.util.ArrayList<>();
        error.get("issues").forEach(i -> out.add(i.get("policy").asString() + " " + i.get("line").asInt() + ":" + i.get("column").asInt() + " "
                + i.get("kind").asString()));
        return out;
    }

    @Test
    void aForbidThatWouldFailOpenIsRefusedSayingWhere() {
        String admin = p.t("adam");
        long before = p.revision();
        // a misspelled attribute: the forbid would error at every request and enforce nothing
        JsonNode e = validationFailed(p.api.put("/v1/policies/no-exports-eu", admin, """
                @id("no-exports-eu")
                forbid (principal, action == Action::"storage:ExportBucket", resource)
                when { context.regoin == "eu" };"""), before);
        assertThat(e.get("field").asString()).isEqualTo("text");
        assertThat(issues(e)).containsExactly("no-exports-eu 3:8 unsafe_attribute_access");
        assertThat(e.get("issues").get(0).get("message").asString()).contains("`regoin`");
        assertThat(e.get("message").asString()).contains("3:8: attribute `regoin`");
        // a wrong type: a datetime compared with a string (the issue points at the string)
        e = validationFailed(p.api.put("/v1/policies/late", admin, """
                forbid (principal, action, resource)
                unless { context.now < "2027-06-01" };"""), before);
        assertThat(issues(e)).containsExactly("late 2:24 unexpected_type");
        // an action that applies to no request: a service group named with ==
        e = validationFailed(p.api.put("/v1/policies/no-storage", admin, "forbid (principal in Unit::\"mx/u42\", action == Action::\"service:storage\", resource);"), before);
        assertThat(issues(e)).containsExactly("no-storage 1:1 invalid_action_application");
        // nothing was written
        assertThat(ok(p.api.get("/v1/policies", admin)).propertyNames()).containsExactly("baseline");
        // the same forbid, written right, takes effect
        ok(p.api.put("/v1/policies/no-storage", admin, "forbid (principal in Unit::\"mx/u42\", action in Action::\"service:storage\", resource);"));
        assertThat(p.decide("alice", "PutObject", "b42")).isEqualTo("deny");
    }

    @Test
    void theSchemaIsReadByStaffInBothFormats() throws Exception {
        for (String who : new String[] {"adam", "rita", "anna", "audrey", "gateway"}) {
            assertThat(p.api.get("/v1/schema", p.t(who)).status()).as(who).isEqualTo(200);
        }
        p.refused(p.api.get("/v1/schema", p.t("mx-legal")), 403, "may not");
        p.refused(p.api.get("/v1/schema?format=xml", p.t("adam")), 400, "`format` must be one of cedar, json");
        String text = p.api.get("/v1/schema", p.t("audrey")).body();
        Schema s = Schema.parseCedar(text, "GET /v1/schema");
        assertThat(s.entityTypes().keySet()).containsExactlyInAnyOrder("Org", "Unit", "Account", "User", "Bucket");
        assertThat(Schema.parseJson(p.api.get("/v1/schema?format=json", p.t("audrey")).body(), "GET /v1/schema?format=json")).isEqualTo(s);
        assertThat(text).contains("action \"storage:GetObject\" in [\"service:storage\", \"access:read\"]");
        p.refused(p.api.get("/v1/schema/extension", p.t("adam")), 404, "no extension");
    }

    @Test
    void anExtensionIsCheckedAgainstWhatIsStoredAndThePoliciesInForce() {
        String admin = p.t("adam");
        long before = p.revision();
        p.refused(p.api.put("/v1/schema", admin, "entity User { department: Strng };"), 400, "schema:1:27: undefined type name `Strng`", before);
        p.refused(p.api.put("/v1/schema", admin, "entity user { department: String };"), 400, "schema:1:8: entity type `user` differs from the stored type `User`", before);
        p.refused(p.api.put("/v1/schema", admin, "action \"storage:Wipe\";"), 400, "actions come from the service catalog", before);
        p.refused(p.api.put("/v1/schema?requests=maybe", admin, "entity User;"), 400, "`requests` must be one of checked, unchecked", before);
        assertThat(p.api.put("/v1/schema", p.t("rita"), "entity User;").status()).isEqualTo(403);

        ok(p.api.put("/v1/schema?requests=unchecked", admin, "entity User { department: String };"));
        ok(p.api.put("/v1/policies/dept", admin, "forbid (principal is User, action, resource) when { principal.department == \"surveillance\" };"));
        // renaming the attribute would break the policy in force: refused, listing it
        long now = p.revision();
        JsonNode e = validationFailed(p.api.put("/v1/schema", admin, "entity User { team: String };"), now,
                "the schema is refused: policies in force would not validate against it");
        assertThat(e.get("field").asString()).isEqualTo("schema");
        assertThat(issues(e)).containsExactly("dept 1:53 unsafe_attribute_access");
        assertThat(e.get("message").asString()).contains("policy \"dept\" 1:53: attribute `department` on entity type `User` not found");
        assertThat(p.api.get("/v1/schema/extension", admin).body()).isEqualTo("entity User { department: String };");
    }

    @Test
    void onceTheSchemaChecksRequestsTheDecisionApiRefusesWhatDoesNotFitIt() {
        String pep = p.t("gateway");
        ok(p.api.put("/v1/schema", p.t("adam"), "entity Device in [Account]; type Context = { mfa: Bool };"));
        // fits: decided
        assertThat(ok(p.api.post("/v1/authorize", pep, request("User", "alice", "storage:PutObject", "{\"mfa\": true}"))).get("decision").asString())
                .isEqualTo("allow");
        // an unknown action
        refusedRequest(request("User", "alice", "storage:Wipe", "{\"mfa\": true}"), "action", "not in the service catalog");
        // a wrongly typed principal: a type neither stored nor declared, placed under a stored account
        refusedRequest("""
                {"principal": {"type": "Phone", "id": "p1"}, "action": {"type": "Action", "id": "storage:PutObject"},
                 "resource": {"type": "Bucket", "id": "b42"}, "context": {"mfa": true},
                 "entities": [{"uid": {"type": "Phone", "id": "p1"}, "attrs": {}, "parents": [{"type": "Account", "id": "a42"}]}]}""",
                "principal", "`Phone`, which the platform schema does not declare");
        // a context that is not the declared one
        refusedRequest(request("User", "alice", "storage:PutObject", "{\"mfa\": \"yes\"}"), "context", "context.mfa is string, but is declared of type Bool");
        refusedRequest(request("User", "alice", "storage:PutObject", "{}"), "context", "context.mfa is missing");
        refusedRequest(request("User", "alice", "storage:PutObject", "{\"mfa\": true, \"region\": \"eu\"}"), "context", "context.region is not declared");
        // a declared type sent inline is decided
        assertThat(ok(p.api.post("/v1/authorize", pep, """
                {"principal": {"type": "Device", "id": "d1"}, "action": {"type": "Action", "id": "storage:PutObject"},
                 "resource": {"type": "Bucket", "id": "b42"}, "context": {"mfa": true},
                 "entities": [{"uid": {"type": "Device", "id": "d1"}, "attrs": {}, "parents": [{"type": "Account", "id": "a42"}]}]}"""))
                .get("decision").asString()).isEqualTo("allow");
        // in a batch, each request that does not fit gets its own error naming its field
        JsonNode batch = ok(p.api.post("/v1/authorize/batch", pep, "{\"requests\": [" + request("User", "alice", "storage:PutObject", "{\"mfa\": true}")
                + ", " + request("User", "alice", "storage:PutObject", "{\"mfa\": 1}") + "]}"));
        assertThat(batch.get("responses").get(0).get("decision").asString()).isEqualTo("allow");
        JsonNode error = batch.get("responses").get(1).get("error");
        assertThat(error.get("status").asInt()).isEqualTo(400);
        assertThat(error.get("field").asString()).isEqualTo("requests[1].context");
        // unchecked again: the same request is decided
        ok(p.api.put("/v1/schema?requests=unchecked", p.t("adam"), "entity Device in [Account]; type Context = { mfa: Bool };"));
        assertThat(ok(p.api.post("/v1/authorize", pep, request("User", "alice", "storage:PutObject", "{}"))).get("decision").asString()).isEqualTo("allow");
    }

    private static String request(String type, String id, String action, String context) {
        return """
                {"principal": {"type": "%s", "id": "%s"}, "action": {"type": "Action", "id": "%s"},
                 "resource": {"type": "Bucket", "id": "b42"}, "context": %s}""".formatted(type, id, action, context);
    }

    private void refusedRequest(String body, String field, String why) {
        Api.Reply r = p.api.post("/v1/authorize", p.t("gateway"), body);
        p.refused(r, 400, why);
        assertThat(r.json().get("error").get("field").asString()).isEqualTo(field);
    }

    @Test
    void theSchemaSurvivesARestart() throws Exception {
        ok(p.api.put("/v1/schema", p.t("adam"), "entity User { department: String }; type Context = { mfa: Bool };"));
        String text = p.api.get("/v1/schema", p.t("audrey")).body();
        String token = p.t("gateway");
        String audrey = p.t("audrey");
        p.close();
        Platform closed = p;
        p = null;
        ControlPlane plane = ControlPlane.open(Log.open(dir.resolve("veto.db").toString(), key), closed.clock, "Example Cloud");
        VetoServer server = VetoServer.start(plane, "127.0.0.1", 0, AccessLog.failuresTo(System.err));
        try {
            Api api = new Api(server.port());
            assertThat(api.get("/v1/schema", audrey).body()).isEqualTo(text);
            Api.Reply r = api.post("/v1/authorize", token, request("User", "alice", "storage:PutObject", "{}"));
            assertThat(r.status()).isEqualTo(400);
            assertThat(r.json().get("error").get("field").asString()).isEqualTo("context");
        } finally {
            server.close();
            plane.close();
        }
    }
}
