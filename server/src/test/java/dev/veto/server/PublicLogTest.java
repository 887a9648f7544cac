package dev.veto.server;

import static dev.veto.server.Platform.ok;
import static org.assertj.core.api.Assertions.assertThat;

import dev.veto.control.Actor;
import dev.veto.control.ControlPlane;
import dev.veto.control.Inputs;
import dev.veto.control.TestClock;
import dev.veto.ledger.Log;
import dev.veto.ledger.entry.PrivatePart;
import dev.veto.ledger.note.SignerKey;
import dev.veto.ledger.tile.TilePath;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * The public log discloses nothing private: a whole workflow is run with a unique marker in every
 * private field (organization and unit names and ids, people, evidence, findings, grounds,
 * comments, statements, reasons, a platform policy's text), then every public endpoint is read
 * without a token (every entry, tile, proof and checkpoint, the report, errors) and none of their
 * bytes may hold a marker; the same entries read by an auditor hold them all (so the scan can
 * fail), and every private part matches its public commitment.
 */
class PublicLogTest {
    private static final String ORIGIN = "public.veto.test/log";
    /** What must never appear publicly: each is in exactly one kind of private field. */
    private static final List<String> MARKERS = List.of(
            "zqadminperson", "zqreviewerperson", "zqapproveraperson", "zqapproverbperson", "zqappealsperson", "zqcustomerperson",
            "zqauditorperson", "zqorgident", "Zqorgname Ministry", "zqunitident42", "zqunitident17", "Zqunitname Fortytwo", "zqacctident",
            "zquserident", "zqbucketident", "Zqsummary of bulk transcription", "Zqevidencedescription hourly", "Zqevidencesource export",
            "Zqfindingstatement 2.1M hours", "Zqexplanation of remedy", "Zqlegalground", "Zqcontractground", "Zqapprovalcomment",
            "Zqappealstatement court order", "Zqappealreasoning", "Zqclosereason", "Zqrosterreason", "Zqrevokereason", "Zqreleasereason",
            "zqcarlperson");

    @TempDir
    Path dir;
    private final TestClock clock = new TestClock(Instant.parse("2027-03-01T09:00:00Z"));
    private ControlPlane plane;
    private VetoServer server;
    private Api api;
    private final Map<String, String> tokens = new LinkedHashMap<>();

    private String token(String role, String name, String org) {
        String t = plane.commands().createToken(Actor.OPERATOR, new Inputs.CreateToken(role, name, org)).token();
        tokens.put(name, t);
        return t;
    }

    @BeforeEach
    void seed() throws Exception {
        plane = ControlPlane.open(Log.create(dir.resolve("veto.db").toString(), ORIGIN, SignerKey.generate(ORIGIN)), clock, "Example Cloud");
        server = VetoServer.start(plane, "127.0.0.1", 0, AccessLog.failuresTo(System.err));
        api = new Api(server.port());
        String admin = token("admin", "zqadminperson", null);
        ok(api.put("/v1/entities", admin, """
                [{"uid": {"type": "Org", "id": "zqorgident"}, "attrs": {"name": "Zqorgname Ministry"}, "parents": []},
                 {"uid": {"type": "Unit", "id": "zqorgident/zqunitident42"}, "attrs": {"name": "Zqunitname Fortytwo"}, "parents": [{"type": "Org", "id": "zqorgident"}]},
                 {"uid": {"type": "Unit", "id": "zqorgident/zqunitident17"}, "attrs": {}, "parents": [{"type": "Org", "id": "zqorgident"}]},
                 {"uid": {"type": "Account", "id": "zqacctident"}, "attrs": {}, "parents": [{"type": "Unit", "id": "zqorgident/zqunitident42"}]},
                 {"uid": {"type": "User", "id": "zquserident"}, "attrs": {}, "parents": [{"type": "Account", "id": "zqacctident"}]},
                 {"uid": {"type": "Bucket", "id": "zqbucketident"}, "attrs": {}, "parents": [{"type": "Account", "id": "zqacctident"}]}]"""));
        ok(api.put("/v1/services/storage", admin, """
                {"operations": [{"name": "GetObject", "access": "read"}, {"name": "PutObject", "access": "write"}, {"name": "ExportBucket", "access": "export"}]}"""));
        ok(api.put("/v1/principles/no-mass-surveillance", admin, """
                {"title": "No mass surveillance of civilians", "clause": "AUP 4.2", "text": "No indiscriminate surveillance of civilians."}"""));
        ok(api.put("/v1/policies/closed-unit", admin, "forbid (principal in Unit::\"zqorgident/zqunitident17\", action, resource);"));
        plane.commands().bootstrapRoster(Actor.OPERATOR, List.of("zqapproveraperson", "zqapproverbperson"));
        String a = token("approver", "zqapproveraperson", null);
        String b = token("approver", "zqapproverbperson", null);
        String change = ok(api.post("/v1/roster/changes", admin, "{\"change\": \"add\", \"member\": \"zqappealsperson\", \"reason\": \"Zqrosterreason\"}"))
                .get("id").asString();
        ok(api.post("/v1/roster/changes/" + change + "/approvals", a, "{\"comment\": \"Zqapprovalcomment\"}"));
        ok(api.post("/v1/roster/changes/" + change + "/approvals", b, "{}"));
        String appeals = token("approver", "zqappealsperson", null);
        String rita = token("reviewer", "zqreviewerperson", null);
        String customer = token("customer", "zqcustomerperson", "zqorgident");
        token("auditor", "zqauditorperson", null);
        String spare = token("pep", "zqcarlperson", null);
        ok(api.call("DELETE", "/v1/tokens/" + ok(api.get("/v1/tokens", spare)).get("tokens").get(0).get("id").asString(), admin,
                "{\"reason\": \"Zqrevokereason\"}"));

        ok(api.post("/v1/cases", rita, """
                {"subject": {"type": "Unit", "id": "zqorgident/zqunitident42"}, "principle": "no-mass-surveillance", "summary": "Zqsummary of bulk transcription"}"""));
        ok(api.post("/v1/cases/C-0001/evidence", rita, """
                {"kind": "metering", "source": "Zqevidencesource export", "description": "Zqevidencedescription hourly",
                 "sha256": "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08", "collectedAt": "2027-02-01T10:00:00Z", "customerContentAccessed": false}"""));
        ok(api.post("/v1/cases/C-0001/findings", rita, """
                {"principle": "no-mass-surveillance", "statement": "Zqfindingstatement 2.1M hours", "evidence": ["EV-1"]}"""));
        ok(api.post("/v1/cases/C-0001/proposals", rita, """
                {"scope": {"type": "Unit", "id": "zqorgident/zqunitident42"}, "services": ["storage"], "exportWindowDays": 30, "territorialScope": ["DE"],
                 "legalGround": "Zqlegalground", "contractualGround": "Zqcontractground", "explanation": "Zqexplanation of remedy"}"""));
        ok(api.post("/v1/proposals/P-0001-1/approvals", a, "{\"comment\": \"Zqapprovalcomment\"}"));
        ok(api.post("/v1/proposals/P-0001-1/approvals", b, "{}"));
        // the account moves out of the unit: the enforcement keeps it, a reviewer releases it
        ok(api.put("/v1/entities", admin, """
                [{"uid": {"type": "Account", "id": "zqacctident"}, "attrs": {}, "parents": [{"type": "Unit", "id": "zqorgident/zqunitident17"}]}]"""));
        ok(api.post("/v1/cases/C-0001/releases", rita, """
                {"entity": {"type": "Account", "id": "zqacctident"}, "reason": "Zqreleasereason"}"""));
        ok(api.post("/v1/cases/C-0001/appeals", customer, "{\"statement\": \"Zqappealstatement court order\"}"));
        ok(api.post("/v1/appeals/A-0001-1/decision", appeals, "{\"outcome\": \"reversed\", \"reasoning\": \"Zqappealreasoning\"}"));
        // a second case, closed by its reviewer without a remedy
        ok(api.post("/v1/cases", rita, """
                {"subject": {"type": "Unit", "id": "zqorgident/zqunitident17"}, "principle": "no-mass-surveillance", "summary": "Zqsummary of bulk transcription"}"""));
        ok(api.post("/v1/cases/C-0002/close", rita, "{\"reason\": \"Zqclosereason\"}"));
    }

    @AfterEach
    void stop() {
        server.close();
        plane.close();
    }

    /** Every public answer's bytes, by what was asked. */
    private Map<String, byte[]> everythingPublic() {
        Map<String, byte[]> out = new LinkedHashMap<>();
        long size = plane.events().log().size();
        for (String path : List.of("/log/checkpoint", "/v1/log/key", "/v1/transparency/report", "/health", "/metrics",
                "/v1/log/checkpoints/" + size, "/v1/log/entries/" + (size + 5), "/v1/cases/C-0001", "/v1/notices/N-0001-1",
                "/v1/proposals/P-0001-1", "/v1/feed", "/v1/nowhere", "/v1/log/proof/inclusion?index=1&size=999999")) {
            out.put(path, api.bytes(path, null).body());
        }
        out.put("POST /v1/log/entries/3/erasure", api.post("/v1/log/entries/3/erasure", null, "{\"reason\": \"x\"}").body().getBytes(StandardCharsets.UTF_8));
        for (long i = 0; i < size; i++) {
            out.put("/v1/log/entries/" + i, api.bytes("/v1/log/entries/" + i, null).body());
            out.put("inclusion " + i, api.bytes("/v1/log/proof/inclusion?index=" + i + "&size=" + size, null).body());
            out.put("consistency " + i, api.bytes("/v1/log/proof/consistency?from=" + (i + 1) + "&to=" + size, null).body());
        }
        for (String tile : tilePaths(size)) {
            HttpResponse<byte[]> r = api.bytes("/log/" + tile, null);
            assertThat(r.statusCode()).as(tile).isEqualTo(200);
            out.put(tile, r.body());
        }
        return out;
    }

    /** Every hash tile and entry bundle of a tree of {@code size}, partial ones included. */
    static List<String> tilePaths(long size) {
        List<String> paths = new ArrayList<>();
        for (int level = 0; TilePath.nodesAtLevel(size, level) > 0; level++) {
            long n = TilePath.nodesAtLevel(size, level);
            for (long t = 0; t * TilePath.WIDTH < n; t++) {
                paths.add(TilePath.hashTile(level, t, TilePath.widthAt(size, level, t)));
            }
        }
        for (long t = 0; t * TilePath.WIDTH < size; t++) {
            paths.add(TilePath.entryBundle(t, TilePath.bundleWidth(size, t)));
        }
        return paths;
    }

    private static List<String> markersIn(byte[] bytes) {
        String text = new String(bytes, StandardCharsets.ISO_8859_1).toLowerCase(Locale.ROOT);
        return MARKERS.stream().filter(m -> text.contains(m.toLowerCase(Locale.ROOT))).toList();
    }

    @Test
    void withoutATokenNothingPrivateIsInAnyAnswer() {
        Map<String, byte[]> answers = everythingPublic();
        assertThat(answers.size()).as("entries, proofs, tiles and the rest").isGreaterThan(3 * 40);
        for (Map.Entry<String, byte[]> a : answers.entrySet()) {
            assertThat(markersIn(a.getValue())).as("%s: %s", a.getKey(), new String(a.getValue(), StandardCharsets.UTF_8)).isEmpty();
        }
        // the public view still says what happened
        JsonNode report = Api.JSON.readTree(answers.get("/v1/transparency/report"));
        assertThat(report.get("enforcements").asLong()).isEqualTo(1);
        assertThat(report.get("enforcementsByTerritory").get("DE").asLong()).isEqualTo(1);
        assertThat(report.get("appeals").get("reversed").asLong()).isEqualTo(1);
    }

    @Test
    void anAuditorSeesEveryPrivatePartAndEachMatchesItsPublicCommitment() {
        String auditor = tokens.get("zqauditorperson");
        long size = plane.events().log().size();
        StringBuilder all = new StringBuilder();
        int parts = 0;
        for (long i = 0; i < size; i++) {
            JsonNode e = ok(api.get("/v1/log/entries/" + i, auditor));
            JsonNode pub = ok(api.get("/v1/log/entries/" + i, null));
            assertThat(pub.has("private")).isFalse();
            assertThat(pub.get("commitments")).isEqualTo(e.get("commitments"));
            for (Map.Entry<String, JsonNode> part : e.get("private").properties()) {
                byte[] salt = Base64.getDecoder().decode(part.getValue().get("salt").asString());
                byte[] data = Base64.getDecoder().decode(part.getValue().get("data").asString());
                assertThat(HexFormat.of().formatHex(PrivatePart.commitment(salt, data)))
                        .as("entry %d part %s", i, part.getKey()).isEqualTo(e.get("commitments").get(part.getKey()).asString());
                all.append(new String(data, StandardCharsets.UTF_8));
                parts++;
            }
        }
        assertThat(parts).isGreaterThan(30);
        assertThat(markersIn(all.toString().getBytes(StandardCharsets.UTF_8))).as("the scan finds what is there")
                .containsExactlyInAnyOrderElementsOf(MARKERS);
    }

    @Test
    void aCustomerSeesTheEntriesOfItsOwnCaseAndNoOthers() {
        String customer = tokens.get("zqcustomerperson");
        JsonNode view = ok(api.get("/v1/cases/C-0001", customer));
        long appealEntry = -1;
        for (JsonNode t : view.get("timeline")) {
            JsonNode e = ok(api.get("/v1/log/entries/" + t.get("index").asLong(), customer));
            assertThat(e.has("private")).as("entry %s", t).isTrue();
            if (t.get("type").asString().equals("appeal.filed")) {
                appealEntry = t.get("index").asLong();
                assertThat(e.get("event").get("statement").asString()).isEqualTo("Zqappealstatement court order");
            }
        }
        assertThat(appealEntry).isPositive();
        JsonNode tokenEntry = ok(api.get("/v1/log/entries/1", customer));
        assertThat(tokenEntry.get("type").asString()).isEqualTo("token.created");
        assertThat(tokenEntry.has("private")).as("another kind of entry").isFalse();
    }
}
