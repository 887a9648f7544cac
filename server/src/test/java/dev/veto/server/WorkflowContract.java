package dev.veto.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.veto.control.Actor;
import dev.veto.control.ControlPlane;
import dev.veto.control.TestClock;
import dev.veto.control.Inputs;
import dev.veto.ledger.Log;
import dev.veto.ledger.merkle.Hashes;
import dev.veto.ledger.merkle.ProofVerifier;
import dev.veto.ledger.note.Checkpoint;
import dev.veto.ledger.note.SignedNote;
import dev.veto.ledger.note.SignerKey;
import dev.veto.ledger.note.VerifierKey;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The whole workflow over HTTP against a real server on a random port, on one storage backend:
 * platform set-up, case, evidence, findings, proposal, two approvals, enforcement at the decision
 * API, notice, appeal, a restart in the middle, reversal, and the case's log entries proved
 * against the signed checkpoint. Each refusal is checked to write nothing.
 */
@org.junit.jupiter.api.Timeout(180)
abstract class WorkflowContract {
    static final String ORIGIN = "veto.test/log";

    protected abstract String freshDb() throws Exception;

    private final TestClock clock = new TestClock(Instant.parse("2027-03-01T09:00:00Z"));
    private final SignerKey key = SignerKey.generate(ORIGIN);
    private String db;
    private VetoServer server;
    private Api api;
    private final Map<String, String> tokens = new HashMap<>();

    WorkflowContract() throws Exception {}

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
            server.plane().close();
        }
    }

    private void start(boolean create) {
        Log log = create ? Log.create(db, ORIGIN, key) : Log.open(db, key);
        ControlPlane plane = ControlPlane.open(log, clock, "Example Cloud");
        server = VetoServer.start(plane, "127.0.0.1", 0, AccessLog.failuresTo(System.err));
        api = new Api(server.port());
    }

    private void restart() {
        server.close();
        server.plane().close();
        server = null;
        start(false);
    }

    private long revision() {
        return api.get("/health", null).json().get("revision").asLong();
    }

    /** Asserts a refusal: the status, a message containing {@code why}, and nothing written. */
    private void refused(Api.Reply r, int status, String why, long revisionBefore) {
        assertThat(r.status()).as(r.toString()).isEqualTo(status);
        assertThat(r.json().get("error").get("message").asString()).containsIgnoringCase(why);
        assertThat(revision()).as("a refusal writes nothing").isEqualTo(revisionBefore);
    }

    private JsonNode ok(Api.Reply r) {
        assertThat(r.status()).as(r.toString()).isBetween(200, 201);
        return r.json();
    }

    private String decide(String principal, String action, String resource, long atLeast) {
        String body = """
                {"principal": {"type": "User", "id": "%s"}, "action": {"type": "Action", "id": "%s"},
                 "resource": {"type": "Bucket", "id": "%s"}, "context": {}, "atLeastRevision": %d}
                """.formatted(principal, action, resource, atLeast);
        return ok(api.post("/v1/authorize", tokens.get("pep"), body)).get("decision").asString();
    }

    @Test
    void wholeWorkflowOverHttp() throws Exception {
        db = freshDb();
        start(true);
        tokens.put("admin", server.plane().commands().createToken(Actor.OPERATOR, new Inputs.CreateToken("admin", "adam", null)).token());
        String admin = tokens.get("admin");

        // requests without a token or with a wrong one
        long r0 = revision();
        refused(api.get("/v1/cases", null), 401, "missing bearer token", r0);
        refused(api.get("/v1/cases", "veto_not-a-token"), 401, "unknown bearer token", r0);
        refused(api.post("/v1/authorize", null, "{}"), 401, "missing bearer token", r0);

        // platform state
        ok(api.put("/v1/entities", admin, Platform.ENTITIES));
        ok(api.put("/v1/services/storage", admin, """
                {"operations": [{"name": "GetObject", "access": "read"}, {"name": "PutObject", "access": "write"},
                                {"name": "ExportBucket", "access": "export"}]}"""));
        ok(api.put("/v1/services/speech", admin, """
                {"operations": [{"name": "Transcribe", "access": "write"}, {"name": "ExportTranscripts", "access": "export"}]}"""));
        ok(api.put("/v1/services/compute", admin, """
                {"operations": [{"name": "RunInstance", "access": "write"}]}"""));
        ok(api.put("/v1/principles/no-mass-surveillance", admin, """
                {"title": "No mass surveillance of civilians", "clause": "AUP 4.2",
                 "text": "Customers may not use the services for the indiscriminate surveillance of civilian populations."}"""));
        for (String[] t : new String[][] {{"reviewer", "rita"}, {"pep", "gateway"}, {"auditor", "audrey"}}) {
            tokens.put(t[1], ok(api.post("/v1/tokens", admin, "{\"role\": \"%s\", \"name\": \"%s\"}".formatted(t[0], t[1]))).get("token").asString());
        }
        // The approvers: set by the operator at installation, each with a token the operator makes.
        server.plane().commands().bootstrapRoster(Actor.OPERATOR, List.of("anna", "ben", "carl"));
        for (String name : List.of("anna", "ben", "carl")) {
            tokens.put(name, server.plane().commands().createToken(Actor.OPERATOR, new Inputs.CreateToken("approver", name, null)).token());
        }
        tokens.put("pep", tokens.get("gateway"));
        tokens.put("mx", ok(api.post("/v1/tokens", admin, "{\"role\": \"customer\", \"name\": \"mx-legal\", \"org\": \"mx\"}")).get("token").asString());
        tokens.put("oc", ok(api.post("/v1/tokens", admin, "{\"role\": \"customer:oc\", \"name\": \"oc-legal\"}")).get("token").asString());
        assertThat(decide("alice", "storage:PutObject", "b42", 0)).as("the baseline allows everything").isEqualTo("allow");

        // review
        String rita = tokens.get("rita");
        JsonNode opened = ok(api.post("/v1/cases", rita, """
                {"subject": {"type": "Unit", "id": "mx/u42"}, "principle": "no-mass-surveillance",
                 "summary": "Unit 42 runs speech-to-text over intercepted calls of civilians at national scale."}"""));
        String caseId = opened.get("id").asString();
        assertThat(caseId).isEqualTo("C-0001");
        assertThat(opened.get("org").asString()).isEqualTo("mx");

        long r1 = revision();
        refused(api.post("/v1/cases/C-0001/evidence", rita, evidence(true)), 400, "customer content", r1);
        JsonNode ev = ok(api.post("/v1/cases/C-0001/evidence", rita, evidence(false)));
        assertThat(ev.get("id").asString()).isEqualTo("EV-1");

        JsonNode proposal = ok(api.post("/v1/cases/C-0001/proposals", rita, """
                {"scope": {"type": "Unit", "id": "mx/u42"}, "services": ["storage", "speech"], "exportWindowDays": 30,
                 "contractualGround": "Acceptable Use Policy, clause 4.2", "territorialScope": ["DE", "FR"],
                 "explanation": "Metering and billing records show bulk transcription of intercepted calls."}"""));
        String proposalId = proposal.get("id").asString();
        assertThat(proposal.get("impact").get("unitCount").asInt()).isEqualTo(1);
        assertThat(proposal.get("impact").get("accounts").get(0).asString()).isEqualTo("Account::\"a42\"");
        assertThat(proposal.get("impact").get("flipAfterExportWindow").asInt()).as(proposal.toString()).isGreaterThanOrEqualTo(1);

        // approval before findings, by the proposer, twice by the same approver
        long r2 = revision();
        refused(api.post("/v1/proposals/" + proposalId + "/approvals", tokens.get("anna"), "{}"), 409, "no findings", r2);
        ok(api.post("/v1/cases/C-0001/findings", rita, """
                {"principle": "no-mass-surveillance", "evidence": ["EV-1"],
                 "statement": "Unit 42 transcribed 2.1 million hours of calls in 30 days through speech-to-text."}"""));
        long r3 = revision();
        refused(api.post("/v1/proposals/" + proposalId + "/approvals", rita, "{}"), 403, "proposer", r3);
        refused(api.post("/v1/proposals/" + proposalId + "/approvals", admin, "{}"), 403, "may not proposal.approve", r3);
        JsonNode first = ok(api.post("/v1/proposals/" + proposalId + "/approvals", tokens.get("anna"), "{\"comment\": \"evidence holds\"}"));
        assertThat(first.get("status").asString()).isEqualTo("pending");
        long r4 = revision();
        refused(api.post("/v1/proposals/" + proposalId + "/approvals", tokens.get("anna"), "{}"), 403, "already approved", r4);
        assertThat(decide("alice", "storage:PutObject", "b42", r4)).as("one approval enforces nothing").isEqualTo("allow");
        JsonNode second = ok(api.post("/v1/proposals/" + proposalId + "/approvals", tokens.get("ben"), "{}"));
        assertThat(second.get("status").asString()).isEqualTo("enforced");
        long enforcedAt = second.get("enforcement").get("revision").asLong();
        String noticeId = second.get("enforcement").get("notice").asString();

        // enforcement at the decision API
        JsonNode denied = ok(api.post("/v1/authorize", tokens.get("pep"), """
                {"principal": {"type": "User", "id": "alice"}, "action": {"type": "Action", "id": "storage:PutObject"},
                 "resource": {"type": "Bucket", "id": "b42"}, "atLeastRevision": %d}""".formatted(enforcedAt)));
        assertThat(denied.get("decision").asString()).isEqualTo("deny");
        assertThat(denied.get("revision").asLong()).isGreaterThanOrEqualTo(enforcedAt);
        JsonNode reason = denied.get("reasons").get(0);
        assertThat(reason.get("effect").asString()).isEqualTo("forbid");
        assertThat(reason.get("annotations").get("case").asString()).isEqualTo("C-0001");
        assertThat(reason.get("annotations").get("principle").asString()).isEqualTo("no-mass-surveillance");
        assertThat(reason.get("annotations").get("notice").asString()).isEqualTo(noticeId);
        assertThat(decide("alice", "speech:Transcribe", "b42", enforcedAt)).isEqualTo("deny");
        assertThat(decide("bob", "storage:PutObject", "b41", enforcedAt)).as("sibling unit").isEqualTo("allow");
        assertThat(decide("bob", "storage:PutObject", "b42", enforcedAt)).as("the unit's resources are closed whoever calls").isEqualTo("deny");
        assertThat(decide("alice", "compute:RunInstance", "b42", enforcedAt)).as("other services").isEqualTo("allow");
        assertThat(decide("alice", "storage:GetObject", "b42", enforcedAt)).as("read during the export window").isEqualTo("allow");
        assertThat(decide("alice", "storage:ExportBucket", "b42", enforcedAt)).as("export during the window").isEqualTo("allow");
        refused(api.post("/v1/authorize", tokens.get("pep"), "{\"principal\": {\"type\": \"User\", \"id\": \"alice\"}, \"action\": {\"type\": \"Action\", \"id\": \"storage:GetObject\"}, "
                + "\"resource\": {\"type\": \"Bucket\", \"id\": \"b42\"}, \"atLeastRevision\": " + (enforcedAt + 1000) + "}"), 503, "below the demanded", revision());

        // propagation: an enforcement point acknowledges the revision it applied
        ok(api.post("/v1/peps/edge-1/ack", tokens.get("pep"), "{\"revision\": " + (enforcedAt - 1) + "}"));
        JsonNode before = ok(api.get("/v1/enforcements/" + second.get("enforcement").get("id").asString() + "/propagation", admin));
        assertThat(before.get("applied").asInt()).isZero();
        ok(api.post("/v1/peps/edge-1/ack", tokens.get("pep"), "{\"revision\": " + enforcedAt + "}"));
        JsonNode after = ok(api.get("/v1/enforcements/" + second.get("enforcement").get("id").asString() + "/propagation", admin));
        assertThat(after.get("applied").asInt()).isEqualTo(1);
        assertThat(after.get("revision").asLong()).isEqualTo(enforcedAt);

        // the request's entities cannot detach a stored entity from the unit under enforcement
        JsonNode sliced = ok(api.post("/v1/authorize", tokens.get("pep"), """
                {"principal": {"type": "User", "id": "alice"}, "action": {"type": "Action", "id": "storage:PutObject"},
                 "resource": {"type": "Bucket", "id": "b42"},
                 "entities": [{"uid": {"type": "User", "id": "alice"}, "attrs": {}, "parents": []},
                              {"uid": {"type": "Account", "id": "a42"}, "attrs": {}, "parents": []},
                              {"uid": {"type": "Bucket", "id": "b42"}, "attrs": {}, "parents": []}]}"""));
        assertThat(sliced.get("decision").asString()).isEqualTo("deny");
        refused(api.post("/v1/authorize", tokens.get("pep"), """
                {"principal": {"type": "User", "id": "alice"}, "action": {"type": "Action", "id": "storage:PutObject"},
                 "resource": {"type": "Bucket", "id": "b42"},
                 "entities": [{"uid": {"type": "Action", "id": "storage:PutObject"}, "attrs": {}, "parents": []}]}"""), 400, "actions come from the service catalog", revision());

        // batch
        JsonNode batch = ok(api.post("/v1/authorize/batch", tokens.get("pep"), """
                {"requests": [
                  {"principal": {"type": "User", "id": "alice"}, "action": {"type": "Action", "id": "storage:PutObject"}, "resource": {"type": "Bucket", "id": "b42"}},
                  {"principal": {"type": "User", "id": "bob"}, "action": {"type": "Action", "id": "storage:PutObject"}, "resource": {"type": "Bucket", "id": "b41"}},
                  {"principal": {"type": "User"}, "action": {"type": "Action", "id": "storage:PutObject"}, "resource": {"type": "Bucket", "id": "b41"}}]}"""));
        assertThat(batch.get("responses").get(0).get("decision").asString()).isEqualTo("deny");
        assertThat(batch.get("responses").get(1).get("decision").asString()).isEqualTo("allow");
        assertThat(batch.get("responses").get(2).get("error").get("status").asInt()).isEqualTo(400);

        // notice and statement of reasons, for the customer
        JsonNode notice = ok(api.get("/v1/notices/" + noticeId, tokens.get("mx")));
        assertThat(notice.get("sections").propertyNames()).contains("restriction", "scope_and_duration", "facts_and_circumstances",
                "automated_means", "grounds", "redress");
        assertThat(notice.get("text").asString()).contains("Unit 42", "storage", "speech", "appeal");
        JsonNode sor = ok(api.get("/v1/notices/" + noticeId + "/statement-of-reasons", tokens.get("mx")));
        assertThat(sor.get("decision_provision").asString()).isEqualTo("DECISION_PROVISION_PARTIAL_SUSPENSION");
        assertThat(sor.get("decision_ground").asString()).isEqualTo("DECISION_GROUND_INCOMPATIBLE_CONTENT");
        assertThat(sor.get("puid").asString()).isEqualTo("veto-" + noticeId);
        assertThat(sor.get("territorial_scope").toString()).contains("DE", "FR");
        assertThat(sor.get("content_date").asString()).isEqualTo("2027-03-01");
        refused(api.get("/v1/notices/" + noticeId, tokens.get("oc")), 404, "no notice", revision());
        refused(api.get("/v1/proposals/" + proposalId, tokens.get("oc")), 404, "no proposal", revision());

        // the export window ends: no manual step
        clock.advance(Duration.ofDays(31));
        assertThat(decide("alice", "storage:GetObject", "b42", enforcedAt)).as("read after the window").isEqualTo("deny");
        assertThat(decide("alice", "storage:ExportBucket", "b42", enforcedAt)).as("export after the window").isEqualTo("deny");
        assertThat(decide("bob", "storage:GetObject", "b41", enforcedAt)).isEqualTo("allow");

        // appeal: another organization cannot; the organization can
        long r5 = revision();
        refused(api.post("/v1/cases/C-0001/appeals", tokens.get("oc"), "{\"statement\": \"not ours\"}"), 404, "no case", r5);
        refused(api.post("/v1/cases/C-0001/appeals", tokens.get("mx"), "null"), 400, "null", r5);
        refused(api.post("/v1/cases/C-0001/appeals", tokens.get("mx"), "{\"statement\": \"x\", \"extra\": 1}"), 400, "unknown field `extra`", r5);
        refused(api.post("/v1/cases/C-0001/appeals", tokens.get("mx"), "{\"statement\": 7}"), 400, "`statement` must be a string", r5);
        JsonNode appeal = ok(api.post("/v1/cases/C-0001/appeals", tokens.get("mx"), """
                {"statement": "The transcription served a court-ordered investigation, not surveillance of civilians."}"""));
        String appealId = appeal.get("id").asString();

        // restart mid-workflow: the state is rebuilt from the log
        String caseBefore = api.get("/v1/cases/C-0001", admin).body();
        long revisionBefore = revision();
        restart();
        assertThat(revision()).isEqualTo(revisionBefore);
        assertThat(api.get("/v1/cases/C-0001", admin).body()).isEqualTo(caseBefore);
        assertThat(decide("alice", "storage:PutObject", "b42", revisionBefore)).isEqualTo("deny");

        long r6 = revision();
        refused(api.post("/v1/appeals/" + appealId + "/decision", tokens.get("anna"), "{\"outcome\": \"reversed\", \"reasoning\": \"x\"}"),
                403, "no part in the case", r6);
        JsonNode decided = ok(api.post("/v1/appeals/" + appealId + "/decision", tokens.get("carl"), """
                {"outcome": "reversed", "reasoning": "The court order covers the processing; the finding does not hold."}"""));
        long reversedAt = decided.get("revision").asLong();
        assertThat(decide("alice", "storage:PutObject", "b42", reversedAt)).as("reinstated").isEqualTo("allow");
        assertThat(decide("alice", "storage:GetObject", "b42", reversedAt)).isEqualTo("allow");
        JsonNode closed = ok(api.get("/v1/cases/C-0001", tokens.get("mx")));
        assertThat(closed.get("status").asString()).isEqualTo("closed");
        JsonNode reinstatement = ok(api.get("/v1/notices/" + noticeId + "-R", tokens.get("mx")));
        assertThat(reinstatement.get("kind").asString()).isEqualTo("reinstatement");
        assertThat(api.get("/v1/cases/C-0001", tokens.get("oc")).status()).isEqualTo(404);
        assertThat(ok(api.get("/v1/cases", tokens.get("oc"))).get("cases")).isEmpty();

        // transparency report at a named checkpoint
        JsonNode report = ok(api.get("/v1/transparency/report", tokens.get("audrey")));
        assertThat(report.get("enforcements").asInt()).isEqualTo(1);
        assertThat(report.get("enforcementsByPrinciple").get("no-mass-surveillance").asInt()).isEqualTo(1);
        assertThat(report.get("enforcementsByTerritory").get("DE").asInt()).isEqualTo(1);
        assertThat(report.get("appeals").get("filed").asInt()).isEqualTo(1);
        assertThat(report.get("appeals").get("reversed").asInt()).isEqualTo(1);
        assertThat(report.get("checkpoint").get("size").asLong()).isEqualTo(revision());

        String metrics = api.get("/metrics", null).body();
        assertThat(metrics).contains("veto_decisions_total{decision=\"deny\"}", "veto_decisions_total{decision=\"allow\"}", "veto_revision ");

        verifyCaseEntries(closed);
    }

    /** Every entry of the case's timeline is in the log, proved against the signed checkpoint. */
    private void verifyCaseEntries(JsonNode caseView) throws Exception {
        VerifierKey vkey = VerifierKey.parse(api.get("/v1/log/key", null).body().trim());
        String note = api.get("/log/checkpoint", null).body();
        SignedNote signed = SignedNote.open(note, List.of(vkey));
        Checkpoint cp = Checkpoint.parse(signed.text());
        assertThat(cp.origin()).isEqualTo(ORIGIN);
        List<Long> indices = new ArrayList<>();
        caseView.get("timeline").forEach(t -> indices.add(t.get("index").asLong()));
        assertThat(indices).hasSizeGreaterThanOrEqualTo(10);
        for (long i : indices) {
            JsonNode e = ok(api.get("/v1/log/entries/" + i, null));
            byte[] entry = Base64.getDecoder().decode(e.get("entry").asString());
            JsonNode proof = ok(api.get("/v1/log/proof/inclusion?index=" + i + "&size=" + cp.size(), null));
            List<byte[]> hashes = new ArrayList<>();
            proof.get("hashes").forEach(h -> hashes.add(Base64.getDecoder().decode(h.asString())));
            assertThat(ProofVerifier.inclusion(i, cp.size(), Hashes.leaf(entry), hashes, cp.root()).holds()).as("entry " + i).isTrue();
            // and a flipped byte does not verify
            entry[entry.length - 1] ^= 1;
            assertThat(ProofVerifier.inclusion(i, cp.size(), Hashes.leaf(entry), hashes, cp.root()).holds()).isFalse();
        }
    }

    private static String evidence(boolean customerContent) {
        return """
                {"kind": "metering", "source": "speech-to-text metering export, Unit 42 accounts",
                 "description": "Hourly transcription volume by account, 2027-01-01 to 2027-01-31",
                 "sha256": "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
                 "collectedAt": "2027-02-01T10:00:00Z", "customerContentAccessed": %s}""".formatted(customerContent);
    }
}
