package dev.veto.server;

import dev.veto.control.Actor;
import dev.veto.control.ControlPlane;
import dev.veto.control.Inputs;
import dev.veto.control.TestClock;
import dev.veto.ledger.Log;
import dev.veto.ledger.note.SignerKey;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Writes the legacy fixture under {@code src/test/resources/dev/veto/server/legacy/}: a log
 * written through the whole workflow by the build it runs on, the key that signs it, the
 * tokens, and the answers that build gives to {@link LegacyProbes} when the log is reopened.
 * Not a test (its name matches no test pattern); it was run once, on the commit the fixture's
 * README names, with {@code mvn test -pl server -am -Dtest=LegacyFixtureGenerator
 * -Dsurefire.failIfNoSpecifiedTests=false}. Running it again on a later build would pin that
 * build instead, which defeats the fixture's purpose.
 */
class LegacyFixtureGenerator {
    static final String ORIGIN = "legacy.veto.test/log";
    static final Instant START = Instant.parse("2027-03-01T09:00:00Z");
    /** Where the clock stands when the fixture is reopened and probed. */
    static final Instant PROBED_AT = Instant.parse("2027-03-25T12:00:00Z");

    @TempDir
    Path dir;

    private Api api;
    private final Map<String, String> tokens = new LinkedHashMap<>();

    @Test
    void generate() throws Exception {
        Path out = Path.of(System.getenv().getOrDefault("VETO_PROJECT_ROOT", "..")).resolve("server/src/test/resources/dev/veto/server/legacy");
        Files.createDirectories(out);
        SignerKey key = SignerKey.generate(ORIGIN);
        Path db = dir.resolve("veto.db");
        TestClock clock = new TestClock(START);
        ControlPlane plane = ControlPlane.open(Log.create(db.toString(), ORIGIN, key), clock, "Example Cloud");
        tokens.put("admin", plane.commands().createToken(Actor.OPERATOR, new Inputs.CreateToken("admin", "adam", null)).token());
        VetoServer server = VetoServer.start(plane, "127.0.0.1", 0, AccessLog.failuresTo(System.err));
        api = new Api(server.port());
        try {
            workflow(clock);
        } finally {
            server.close();
            plane.close();
        }
        long size;
        try (Log log = Log.open(db.toString(), key)) {
            size = log.size();
        }
        Files.copy(db, out.resolve("veto.db"), StandardCopyOption.REPLACE_EXISTING);
        Files.writeString(out.resolve("veto.key"), key.encode() + "\n");
        ObjectNode t = Api.JSON.createObjectNode();
        tokens.forEach(t::put);
        Files.writeString(out.resolve("tokens.json"), Api.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(t) + "\n");

        // reopen a copy as the test will, and record the answers
        Path copy = dir.resolve("probe.db");
        Files.copy(db, copy);
        ControlPlane reopened = ControlPlane.open(Log.open(copy.toString(), key), new TestClock(PROBED_AT), "Example Cloud");
        VetoServer probed = VetoServer.start(reopened, "127.0.0.1", 0, AccessLog.failuresTo(System.err));
        StringBuilder answers = new StringBuilder();
        try {
            for (LegacyProbes.Probe p : LegacyProbes.all(size)) {
                answers.append(Api.JSON.writeValueAsString(LegacyProbes.send(probed.port(), tokens, p).json())).append('\n');
            }
        } finally {
            probed.close();
            reopened.close();
        }
        Files.writeString(out.resolve("answers.jsonl"), answers.toString(), StandardCharsets.UTF_8);
    }

    private JsonNode ok(Api.Reply r) {
        if (r.status() >= 300) {
            throw new AssertionError(r.toString());
        }
        return r.json();
    }

    private void token(String role, String name, String org) {
        String body = org == null ? "{\"role\": \"%s\", \"name\": \"%s\"}".formatted(role, name)
                : "{\"role\": \"%s\", \"name\": \"%s\", \"org\": \"%s\"}".formatted(role, name, org);
        tokens.put(name, ok(api.post("/v1/tokens", tokens.get("admin"), body)).get("token").asString());
    }

    private void evidence(String as, String caseId, String kind, String sha) {
        ok(api.post("/v1/cases/" + caseId + "/evidence", tokens.get(as), """
                {"kind": "%s", "source": "%s records of %s", "description": "What the %s records show for %s",
                 "sha256": "%s", "collectedAt": "2027-02-20T10:00:00Z", "customerContentAccessed": false}"""
                .formatted(kind, kind, caseId, kind, caseId, sha.repeat(64))));
    }

    private void finding(String caseId, String principle, String statement) {
        ok(api.post("/v1/cases/" + caseId + "/findings", tokens.get("rita"), """
                {"principle": "%s", "statement": "%s", "evidence": ["EV-1"]}""".formatted(principle, statement)));
    }

    private void decide(String body) {
        ok(api.post("/v1/authorize", tokens.get("gateway"), body));
    }

    private void workflow(TestClock clock) {
        String admin = tokens.get("admin");
        ok(api.put("/v1/entities", admin, """
                [{"uid": {"type": "Org", "id": "mx"}, "attrs": {"name": "Ministry of Example"}, "parents": []},
                 {"uid": {"type": "Org", "id": "oc"}, "attrs": {"name": "Other Company"}, "parents": []},
                 {"uid": {"type": "Unit", "id": "mx/u42"}, "attrs": {"name": "Unit 42"}, "parents": [{"type": "Org", "id": "mx"}]},
                 {"uid": {"type": "Unit", "id": "mx/u41"}, "attrs": {"name": "Unit 41"}, "parents": [{"type": "Org", "id": "mx"}]},
                 {"uid": {"type": "Unit", "id": "mx/u17"}, "attrs": {}, "parents": [{"type": "Org", "id": "mx"}]},
                 {"uid": {"type": "Unit", "id": "oc/sales"}, "attrs": {"name": "Sales"}, "parents": [{"type": "Org", "id": "oc"}]},
                 {"uid": {"type": "Account", "id": "a42"}, "attrs": {}, "parents": [{"type": "Unit", "id": "mx/u42"}]},
                 {"uid": {"type": "Account", "id": "a41"}, "attrs": {}, "parents": [{"type": "Unit", "id": "mx/u41"}]},
                 {"uid": {"type": "Account", "id": "a17"}, "attrs": {"tier": "gold"}, "parents": [{"type": "Unit", "id": "mx/u17"}]},
                 {"uid": {"type": "Account", "id": "aoc"}, "attrs": {}, "parents": [{"type": "Unit", "id": "oc/sales"}]},
                 {"uid": {"type": "User", "id": "alice"}, "attrs": {}, "parents": [{"type": "Account", "id": "a42"}]},
                 {"uid": {"type": "User", "id": "bob"}, "attrs": {}, "parents": [{"type": "Account", "id": "a41"}]},
                 {"uid": {"type": "User", "id": "dora"}, "attrs": {"level": 2}, "parents": [{"type": "Account", "id": "a17"}]},
                 {"uid": {"type": "User", "id": "erin"}, "attrs": {}, "parents": [{"type": "Account", "id": "aoc"}]},
                 {"uid": {"type": "Bucket", "id": "b42"}, "attrs": {}, "parents": [{"type": "Account", "id": "a42"}]},
                 {"uid": {"type": "Bucket", "id": "b41"}, "attrs": {}, "parents": [{"type": "Account", "id": "a41"}]},
                 {"uid": {"type": "Bucket", "id": "b17"}, "attrs": {}, "parents": [{"type": "Account", "id": "a17"}]},
                 {"uid": {"type": "Bucket", "id": "boc"}, "attrs": {}, "parents": [{"type": "Account", "id": "aoc"}]},
                 {"uid": {"type": "Bucket", "id": "tmp"}, "attrs": {}, "parents": [{"type": "Account", "id": "aoc"}]}]
                """));
        ok(api.call("DELETE", "/v1/entities/Bucket/tmp", admin, null));
        ok(api.put("/v1/services/storage", admin, """
                {"operations": [{"name": "GetObject", "access": "read"}, {"name": "PutObject", "access": "write"},
                                {"name": "ExportBucket", "access": "export"}, {"name": "DeleteBucket", "access": "admin"}]}"""));
        ok(api.put("/v1/services/speech", admin, """
                {"operations": [{"name": "Transcribe", "access": "write"}, {"name": "ExportTranscripts", "access": "export"}]}"""));
        ok(api.put("/v1/services/compute", admin, """
                {"operations": [{"name": "RunInstance", "access": "write"}, {"name": "Describe", "access": "read"}]}"""));
        ok(api.put("/v1/services/ai", admin, """
                {"operations": [{"name": "InvokeModel", "access": "write"}, {"name": "ExportResults", "access": "export"}]}"""));
        ok(api.put("/v1/services/compute", admin, """
                {"operations": [{"name": "RunInstance", "access": "write"}]}"""));
        ok(api.put("/v1/principles/no-mass-surveillance", admin, """
                {"title": "No mass surveillance of civilians", "clause": "AUP 4.2", "url": "https://cloud.example/aup#4.2",
                 "text": "Customers may not use the services for the indiscriminate surveillance of civilian populations."}"""));
        ok(api.put("/v1/principles/no-fraud", admin, """
                {"title": "No fraud", "clause": "AUP 7", "text": "Customers may not use the services to defraud others."}"""));
        ok(api.put("/v1/policies/no-deletes", admin, "@id(\"no-deletes\")\nforbid (principal, action == Action::\"storage:DeleteBucket\", resource);"));
        ok(api.put("/v1/policies/temp", admin, "permit (principal == User::\"bob\", action, resource);"));
        ok(api.call("DELETE", "/v1/policies/temp", admin, null));
        token("reviewer", "rita", null);
        token("approver", "anna", null);
        token("approver", "ben", null);
        token("approver", "carl", null);
        token("auditor", "audrey", null);
        token("pep", "gateway", null);
        token("customer", "mx-legal", "mx");
        token("customer:oc", "oc-legal", null);
        tokens.put("auditor", tokens.get("audrey"));
        tokens.put("pep", tokens.get("gateway"));
        tokens.put("mx", tokens.get("mx-legal"));
        tokens.put("oc", tokens.get("oc-legal"));
        tokens.put("nobody", "veto_not-a-token");

        // C-0001: shadow proposal, then a real one, enforced, appealed, reversed
        String rita = tokens.get("rita");
        ok(api.post("/v1/cases", rita, """
                {"subject": {"type": "Unit", "id": "mx/u42"}, "principle": "no-mass-surveillance",
                 "summary": "Unit 42 runs speech-to-text over intercepted calls of civilians."}"""));
        clock.advance(Duration.ofHours(20));
        evidence("rita", "C-0001", "metering", "a");
        evidence("rita", "C-0001", "press", "b");
        finding("C-0001", "no-mass-surveillance", "Unit 42 transcribed 2.1 million hours of calls in 30 days.");
        for (String[] d : LegacyProbes.DECISIONS) {
            api.post("/v1/authorize", tokens.get("gateway"), d[0]);
        }
        ok(api.post("/v1/cases/C-0001/proposals", rita, """
                {"scope": {"type": "Unit", "id": "mx/u42"}, "services": ["storage"], "exportWindowDays": 10,
                 "contractualGround": "AUP 4.2", "explanation": "Try it in shadow first.", "shadow": true}"""));
        decide(LegacyProbes.DECISIONS[0][0]);
        ok(api.post("/v1/cases/C-0001/proposals", rita, """
                {"scope": {"type": "Unit", "id": "mx/u42"}, "services": ["storage", "speech"], "exportWindowDays": 30,
                 "legalGround": "Art. 5 of the national surveillance law", "contractualGround": "Acceptable Use Policy, clause 4.2",
                 "territorialScope": ["DE", "FR"], "explanation": "Metering and billing records show bulk transcription."}"""));
        clock.advance(Duration.ofHours(3));
        ok(api.post("/v1/proposals/P-0001-2/approvals", tokens.get("anna"), "{\"comment\": \"evidence holds\"}"));
        ok(api.post("/v1/proposals/P-0001-2/approvals", tokens.get("ben"), "{}"));
        ok(api.post("/v1/peps/edge-1/ack", tokens.get("gateway"), "{\"revision\": 3}"));
        clock.advance(Duration.ofDays(2));
        ok(api.post("/v1/cases/C-0001/appeals", tokens.get("mx"), """
                {"statement": "The transcription served a court-ordered investigation."}"""));
        clock.advance(Duration.ofDays(1));
        ok(api.post("/v1/appeals/A-0001-1/decision", tokens.get("carl"), """
                {"outcome": "reversed", "reasoning": "The court order covers the processing."}"""));

        // C-0002: a remedy that starts later, with a fixed window end; appealed and upheld
        ok(api.post("/v1/cases", rita, """
                {"subject": {"type": "Unit", "id": "oc/sales"}, "principle": "no-fraud", "summary": "Card testing from the sales unit."}"""));
        evidence("rita", "C-0002", "billing", "c");
        finding("C-0002", "no-fraud", "Thousands of declined card authorisations an hour.");
        Instant start = clock.instant().plus(Duration.ofDays(5));
        ok(api.post("/v1/cases/C-0002/proposals", rita, """
                {"scope": {"type": "Unit", "id": "oc/sales"}, "services": ["ai", "storage"], "effectiveAt": "%s",
                 "exportWindowEndsAt": "%s", "contractualGround": "AUP 7", "explanation": "Card testing is fraud."}"""
                .formatted(start, start.plus(Duration.ofDays(15)))));
        ok(api.post("/v1/proposals/P-0002-1/approvals", tokens.get("ben"), "{}"));
        ok(api.post("/v1/proposals/P-0002-1/approvals", tokens.get("anna"), "{\"comment\": \"ok\"}"));
        clock.advance(Duration.ofDays(1));
        ok(api.post("/v1/cases/C-0002/appeals", tokens.get("oc"), "{\"statement\": \"We test our own cards.\"}"));
        ok(api.post("/v1/appeals/A-0002-1/decision", tokens.get("carl"), "{\"outcome\": \"upheld\", \"reasoning\": \"They are not their cards.\"}"));

        // C-0003: closed by its reviewer with a proposal pending
        ok(api.post("/v1/cases", rita, """
                {"subject": {"type": "Unit", "id": "mx/u17"}, "principle": "no-fraud", "summary": "A false alarm."}"""));
        evidence("rita", "C-0003", "correspondence", "d");
        ok(api.post("/v1/cases/C-0003/proposals", rita, """
                {"scope": {"type": "Account", "id": "a17"}, "services": ["compute"], "exportWindowDays": 1,
                 "contractualGround": "AUP 7", "explanation": "Precaution."}"""));
        ok(api.post("/v1/cases/C-0003/close", rita, "{\"reason\": \"The billing anomaly was a metering fault.\"}"));

        // C-0004: a proposal waiting for approvals (the probes approve it)
        ok(api.post("/v1/cases", rita, """
                {"subject": {"type": "Unit", "id": "mx/u17"}, "principle": "no-mass-surveillance", "summary": "Unit 17 scrapes social media."}"""));
        evidence("rita", "C-0004", "metering", "e");
        finding("C-0004", "no-mass-surveillance", "Unit 17 runs AI over scraped profiles of civilians.");
        ok(api.post("/v1/cases/C-0004/proposals", rita, """
                {"scope": {"type": "Unit", "id": "mx/u17"}, "services": ["ai", "storage"], "exportWindowDays": 7,
                 "contractualGround": "AUP 4.2", "explanation": "Profiling civilians.", "territorialScope": ["ES"]}"""));

        // C-0005: enforced, not appealed yet (the probes appeal)
        ok(api.post("/v1/cases", rita, """
                {"subject": {"type": "Unit", "id": "mx/u41"}, "principle": "no-mass-surveillance", "summary": "Unit 41 archives intercepts."}"""));
        evidence("rita", "C-0005", "contract", "f");
        finding("C-0005", "no-mass-surveillance", "Unit 41 stores intercepted calls.");
        ok(api.post("/v1/cases/C-0005/proposals", rita, """
                {"scope": {"type": "Account", "id": "a41"}, "services": ["storage"], "exportWindowDays": 60,
                 "contractualGround": "AUP 4.2", "explanation": "Intercept archive."}"""));
        ok(api.post("/v1/proposals/P-0005-1/approvals", tokens.get("anna"), "{}"));
        ok(api.post("/v1/proposals/P-0005-1/approvals", tokens.get("ben"), "{}"));
        clock.advance(Duration.ofDays(2));
    }
}
