package dev.veto.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.veto.control.Actor;
import dev.veto.control.ControlPlane;
import dev.veto.control.Inputs;
import dev.veto.ledger.Log;
import dev.veto.ledger.note.SignerKey;
import dev.veto.server.AccessLog;
import dev.veto.server.Cosigning;
import dev.veto.server.VetoServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A real Veto server, in process on a port of its own, over a log of its own; and the writes a
 * test makes through its HTTP API, as operators would. Close it to stop both.
 */
final class ServedLog implements AutoCloseable {
    static final JsonMapper JSON = JsonMapper.builder().build();
    private final HttpClient http = HttpClient.newHttpClient();
    final ControlPlane plane;
    final VetoServer server;
    final ManualClock clock;
    private String admin;
    private String reviewer;
    private String approverA;
    private String approverB;
    private String customer;
    private String appeals;
    private int cases;

    private ServedLog(ControlPlane plane, ManualClock clock, List<Cosigning.Witness> witnesses) {
        this.plane = plane;
        this.clock = clock;
        this.server = VetoServer.start(plane, new VetoServer.Options("127.0.0.1", 0, AccessLog.discard(), null, null, witnesses));
    }

    /** A server on a new log at {@code db} with {@code origin}, signed by {@code key}. */
    static ServedLog create(String db, String origin, SignerKey key) {
        return create(db, origin, key, List.of());
    }

    /** As above, with {@code witnesses} cosigning each checkpoint (served on {@code /log/checkpoint} once cosigned). */
    static ServedLog create(String db, String origin, SignerKey key, List<Cosigning.Witness> witnesses) {
        ManualClock clock = new ManualClock(Instant.parse("2027-03-01T09:00:00Z"));
        return new ServedLog(ControlPlane.open(Log.create(db, origin, key), clock, "Example Cloud"), clock, witnesses);
    }

    /** A server on an existing log, with the clock at {@code now}. */
    static ServedLog open(String db, SignerKey key, Instant now) {
        ManualClock clock = new ManualClock(now);
        return new ServedLog(ControlPlane.open(Log.open(db, key), clock, "Example Cloud"), clock, List.of());
    }

    String url() {
        return "http://127.0.0.1:" + server.port();
    }

    long size() {
        return plane.events().log().size();
    }

    /** A new bearer token, minted by the operator. */
    String token(String role, String name) {
        return plane.commands().createToken(Actor.OPERATOR, new Inputs.CreateToken(role, name, role.equals("customer") ? "ministry" : null)).token();
    }

    /**
     * The platform (an organization with two units, a storage service, a principle), tokens and
     * the approver roster, then a first case taken to enforcement: a report with figures in it.
     */
    ServedLog seed() {
        admin = token("admin", "ada");
        plane.commands().bootstrapRoster(Actor.OPERATOR, List.of("anna", "ben"));
        approverA = token("approver", "anna");
        approverB = token("approver", "ben");
        reviewer = token("reviewer", "rita");
        token("auditor", "audrey");
        ok("PUT", "/v1/entities", admin, """
                [{"uid": {"type": "Org", "id": "ministry"}, "attrs": {"name": "Ministry"}, "parents": []},
                 {"uid": {"type": "Unit", "id": "ministry/u42"}, "attrs": {}, "parents": [{"type": "Org", "id": "ministry"}]},
                 {"uid": {"type": "Unit", "id": "ministry/u17"}, "attrs": {}, "parents": [{"type": "Org", "id": "ministry"}]},
                 {"uid": {"type": "Account", "id": "acct-1"}, "attrs": {}, "parents": [{"type": "Unit", "id": "ministry/u42"}]}]""");
        customer = token("customer", "cora");
        ok("PUT", "/v1/services/storage", admin, """
                {"operations": [{"name": "GetObject", "access": "read"}, {"name": "PutObject", "access": "write"}, {"name": "ExportBucket", "access": "export"}]}""");
        ok("PUT", "/v1/principles/no-mass-surveillance", admin, """
                {"title": "No mass surveillance of civilians", "clause": "AUP 4.2", "text": "No indiscriminate surveillance of civilians."}""");
        enforcedCase("ministry/u42", "DE");
        return this;
    }

    /** Another case on {@code unit}, opened, proven, proposed for {@code territory} and enforced by two approvers days later. */
    String enforcedCase(String unit, String territory) {
        String c = openCase(unit);
        ok("POST", "/v1/cases/" + c + "/evidence", reviewer, """
                {"kind": "metering", "source": "export", "description": "hourly volumes",
                 "sha256": "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08", "collectedAt": "2027-02-01T10:00:00Z", "customerContentAccessed": false}""");
        ok("POST", "/v1/cases/" + c + "/findings", reviewer, """
                {"principle": "no-mass-surveillance", "statement": "bulk transcription", "evidence": ["EV-1"]}""");
        String proposal = ok("POST", "/v1/cases/" + c + "/proposals", reviewer, """
                {"scope": {"type": "Unit", "id": "%s"}, "services": ["storage"], "exportWindowDays": 30, "territorialScope": ["%s"],
                 "legalGround": "contract", "contractualGround": "AUP 4.2", "explanation": "storage restricted"}""".formatted(unit, territory)).get("id").asString();
        clock.advance(Duration.ofHours(37));
        ok("POST", "/v1/proposals/" + proposal + "/approvals", approverA, "{}");
        ok("POST", "/v1/proposals/" + proposal + "/approvals", approverB, "{}");
        return c;
    }

    /** A new case on {@code unit}; its id. */
    String openCase(String unit) {
        cases++;
        clock.advance(Duration.ofHours(5));
        return ok("POST", "/v1/cases", reviewer, """
                {"subject": {"type": "Unit", "id": "%s"}, "principle": "no-mass-surveillance", "summary": "case %d"}""".formatted(unit, cases)).get("id").asString();
    }

    /** A case opened and closed without a remedy. */
    void closedCase(String unit) {
        String c = openCase(unit);
        ok("POST", "/v1/cases/" + c + "/close", reviewer, "{\"reason\": \"no finding\"}");
    }

    /** The customer appeals the enforcement of case {@code c}; an approver who took no part in any case reverses it. */
    void appealReversed(String c) {
        String appeal = ok("POST", "/v1/cases/" + c + "/appeals", customer, "{\"statement\": \"court order\"}").get("id").asString();
        if (appeals == null) {
            String change = ok("POST", "/v1/roster/changes", admin, "{\"change\": \"add\", \"member\": \"carl\", \"reason\": \"appeals\"}").get("id").asString();
            ok("POST", "/v1/roster/changes/" + change + "/approvals", approverA, "{}");
            ok("POST", "/v1/roster/changes/" + change + "/approvals", approverB, "{}");
            appeals = token("approver", "carl");
        }
        ok("POST", "/v1/appeals/" + appeal + "/decision", appeals, "{\"outcome\": \"reversed\", \"reasoning\": \"the order covers it\"}");
    }

    /** A GET's status and body bytes. */
    HttpResponse<byte[]> get(String path) {
        try {
            return http.send(HttpRequest.newBuilder(URI.create(url() + path)).build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (Exception e) {
            throw new AssertionError("GET " + path + " failed: " + e, e);
        }
    }

    /** The server's transparency report at {@code size}, as bytes. */
    byte[] report(long size) {
        HttpResponse<byte[]> r = get("/v1/transparency/report?size=" + size);
        assertThat(r.statusCode()).isEqualTo(200);
        return r.body();
    }

    JsonNode ok(String method, String path, String token, String body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url() + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        try {
            HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).as(method + " " + path + ": " + r.body()).isBetween(200, 201);
            return JSON.readTree(r.body());
        } catch (java.io.IOException | InterruptedException e) {
            throw new AssertionError(method + " " + path + " failed: " + e, e);
        }
    }

    @Override
    public void close() {
        server.close();
        plane.close();
    }

    /** A clock the test moves. */
    static final class ManualClock extends Clock {
        private volatile Instant now;

        ManualClock(Instant now) {
            this.now = now;
        }

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }
}
