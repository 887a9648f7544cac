package dev.veto.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.veto.control.Actor;
import dev.veto.control.ControlPlane;
import dev.veto.control.Inputs;
import dev.veto.control.TestClock;
import dev.veto.ledger.Log;
import dev.veto.ledger.note.SignerKey;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * A real server on a fresh SQLite log, set up as an operator would: the Ministry of Example (unit
 * 42 and unit 41) and Other Company as customers, a small catalog, a principle, the approver
 * roster (anna, ben, carl) and tokens for every kind of caller. Tests drive it over HTTP.
 */
public final class Platform implements AutoCloseable {
    /** Two organizations; in the ministry, Unit 42 and Unit 41 with an account, a user and a bucket each. */
    public static final String ENTITIES = """
                [{"uid": {"type": "Org", "id": "mx"}, "attrs": {"name": "Ministry of Example"}, "parents": []},
                 {"uid": {"type": "Org", "id": "oc"}, "attrs": {"name": "Other Company"}, "parents": []},
                 {"uid": {"type": "Unit", "id": "mx/u42"}, "attrs": {"name": "Unit 42"}, "parents": [{"type": "Org", "id": "mx"}]},
                 {"uid": {"type": "Unit", "id": "mx/u41"}, "attrs": {"name": "Unit 41"}, "parents": [{"type": "Org", "id": "mx"}]},
                 {"uid": {"type": "Account", "id": "a42"}, "attrs": {}, "parents": [{"type": "Unit", "id": "mx/u42"}]},
                 {"uid": {"type": "Account", "id": "a41"}, "attrs": {}, "parents": [{"type": "Unit", "id": "mx/u41"}]},
                 {"uid": {"type": "User", "id": "alice"}, "attrs": {}, "parents": [{"type": "Account", "id": "a42"}]},
                 {"uid": {"type": "User", "id": "bob"}, "attrs": {}, "parents": [{"type": "Account", "id": "a41"}]},
                 {"uid": {"type": "Bucket", "id": "b42"}, "attrs": {}, "parents": [{"type": "Account", "id": "a42"}]},
                 {"uid": {"type": "Bucket", "id": "b41"}, "attrs": {}, "parents": [{"type": "Account", "id": "a41"}]}]
                """;

    public static final String ORIGIN = "platform.veto.test/log";

    public final TestClock clock = new TestClock(Instant.parse("2027-03-01T09:00:00Z"));
    public final ControlPlane plane;
    public final VetoServer server;
    public final Api api;
    public final Map<String, String> tokens = new HashMap<>();

    public Platform(Path dir) throws Exception {
        this(dir, null);
    }

    public Platform(Path dir, VetoServer.Options options) throws Exception {
        this(dir, options, SignerKey.generate(ORIGIN));
    }

    /** As {@link #Platform(Path, VetoServer.Options)}, its log signed by {@code key} (so witnesses can know it first). */
    public Platform(Path dir, VetoServer.Options options, SignerKey key) throws Exception {
        this(dir.resolve("veto.db").toString(), options, key);
    }

    /** As {@link #Platform(Path, VetoServer.Options, SignerKey)}, on the database {@code db} (a SQLite path or a PostgreSQL URL). */
    public Platform(String db, VetoServer.Options options, SignerKey key) throws Exception {
        plane = ControlPlane.open(Log.create(db, ORIGIN, key), clock, "Example Cloud");
        server = VetoServer.start(plane, options != null ? options : new VetoServer.Options("127.0.0.1", 0, AccessLog.failuresTo(System.err), null, null));
        api = new Api(server.port());
        token("admin", "adam", null);
        String admin = tokens.get("adam");
        ok(api.put("/v1/entities", admin, ENTITIES));
        ok(api.put("/v1/services/storage", admin, """
                {"operations": [{"name": "GetObject", "access": "read"}, {"name": "PutObject", "access": "write"},
                                {"name": "ExportBucket", "access": "export"}]}"""));
        ok(api.put("/v1/principles/no-mass-surveillance", admin, """
                {"title": "No mass surveillance of civilians", "clause": "AUP 4.2",
                 "text": "Customers may not use the services for the indiscriminate surveillance of civilian populations."}"""));
        plane.commands().bootstrapRoster(Actor.OPERATOR, List.of("anna", "ben", "carl"));
        for (String approver : List.of("anna", "ben", "carl")) {
            tokens.put(approver, plane.commands().createToken(Actor.OPERATOR, new Inputs.CreateToken("approver", approver, null)).token());
        }
        token("reviewer", "rita", null);
        token("pep", "gateway", null);
        token("auditor", "audrey", null);
        token("customer", "mx-legal", "mx");
        token("customer", "oc-legal", "oc");
    }

    /** A token made by the admin, by name. */
    public String token(String role, String name, String org) {
        String body = org == null ? "{\"role\": \"%s\", \"name\": \"%s\"}".formatted(role, name)
                : "{\"role\": \"%s\", \"name\": \"%s\", \"org\": \"%s\"}".formatted(role, name, org);
        String admin = tokens.get("adam");
        String t = admin == null ? plane.commands().createToken(Actor.OPERATOR, new Inputs.CreateToken(role, name, org)).token()
                : ok(api.post("/v1/tokens", admin, body)).get("token").asString();
        tokens.put(name, t);
        return t;
    }

    public String t(String name) {
        String t = tokens.get(name);
        assertThat(t).as("token of " + name).isNotNull();
        return t;
    }

    public long revision() {
        return api.get("/health", null).json().get("revision").asLong();
    }

    public static JsonNode ok(Api.Reply r) {
        assertThat(r.status()).as(r.toString()).isBetween(200, 201);
        return r.json();
    }

    /** Asserts a refusal: the status, the JSON error shape with a message containing {@code why}, and nothing written. */
    public void refused(Api.Reply r, int status, String why) {
        refused(r, status, why, -1);
    }

    public void refused(Api.Reply r, int status, String why, long revisionBefore) {
        assertThat(r.status()).as(r.toString()).isEqualTo(status);
        JsonNode error = r.json().get("error");
        assertThat(error).as(r.toString()).isNotNull();
        assertThat(error.get("status").asInt()).isEqualTo(status);
        assertThat(error.get("message").asString()).containsIgnoringCase(why).doesNotContain("dev.veto.").doesNotContain("java.");
        if (revisionBefore >= 0) {
            assertThat(revision()).as("a refusal writes nothing").isEqualTo(revisionBefore);
        }
    }

    /** Opens case C-000n against {@code unit} with evidence and a finding, as rita; returns its id. */
    public String openCase(String unit) {
        String rita = t("rita");
        String id = ok(api.post("/v1/cases", rita, """
                {"subject": {"type": "Unit", "id": "%s"}, "principle": "no-mass-surveillance", "summary": "Bulk transcription of calls."}"""
                .formatted(unit))).get("id").asString();
        ok(api.post("/v1/cases/" + id + "/evidence", rita, """
                {"kind": "metering", "source": "metering export", "description": "Hourly transcription volume",
                 "sha256": "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08", "collectedAt": "2027-02-01T10:00:00Z",
                 "customerContentAccessed": false}"""));
        ok(api.post("/v1/cases/" + id + "/findings", rita, """
                {"principle": "no-mass-surveillance", "statement": "2.1 million hours of calls in 30 days.", "evidence": ["EV-1"]}"""));
        return id;
    }

    /** Proposes restricting storage for {@code unit} in case {@code caseId} as rita (30-day window); returns the proposal id. */
    public String propose(String caseId, String unit, String extra) {
        return ok(api.post("/v1/cases/" + caseId + "/proposals", t("rita"), """
                {"scope": {"type": "Unit", "id": "%s"}, "services": ["storage"], "exportWindowDays": 30,
                 "contractualGround": "AUP 4.2", "explanation": "Metering shows bulk transcription."%s}""".formatted(unit, extra))).get("id").asString();
    }

    /** Approves twice (anna, ben); returns the approval answer that enforced. */
    public JsonNode enforce(String proposal) {
        ok(api.post("/v1/proposals/" + proposal + "/approvals", t("anna"), "{\"comment\": \"holds\"}"));
        return ok(api.post("/v1/proposals/" + proposal + "/approvals", t("ben"), "{}"));
    }

    /** The decision for {@code principal} doing storage {@code op} on {@code bucket}. */
    public String decide(String principal, String op, String bucket) {
        return ok(api.post("/v1/authorize", t("gateway"), """
                {"principal": {"type": "User", "id": "%s"}, "action": {"type": "Action", "id": "storage:%s"},
                 "resource": {"type": "Bucket", "id": "%s"}}""".formatted(principal, op, bucket))).get("decision").asString();
    }

    @Override
    public void close() {
        server.close();
        plane.close();
    }
}
