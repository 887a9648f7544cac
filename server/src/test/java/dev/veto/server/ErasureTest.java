package dev.veto.server;

import static dev.veto.server.Platform.ok;
import static org.assertj.core.api.Assertions.assertThat;

import dev.veto.control.ControlPlane;
import dev.veto.control.EventCodec;
import dev.veto.control.TestClock;
import dev.veto.ledger.Log;
import dev.veto.ledger.fsck.FsckReport;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * Erasing an entry's private text (a legal hold ended, an erasure request): the envelope and its
 * commitment stay, the log still verifies, the text reads as erased everywhere it was shown,
 * a replay rebuilds the same decisions, and only an admin can do it, once, with a reason.
 */
class ErasureTest {
    @TempDir
    Path dir;
    private Platform p;

    @BeforeEach
    void start() throws Exception {
        p = new Platform(dir);
    }

    @AfterEach
    void stop() {
        p.close();
    }

    private long entryOf(String caseId, String type) {
        for (JsonNode t : ok(p.api.get("/v1/cases/" + caseId, p.t("audrey"))).get("timeline")) {
            if (t.get("type").asString().equals(type)) {
                return t.get("index").asLong();
            }
        }
        throw new AssertionError("no " + type + " in " + caseId);
    }

    @Test
    void theTextGoesTheLogStillVerifiesAndAReplayDecidesTheSame() throws Exception {
        String caseId = p.openCase("mx/u42");
        p.enforce(p.propose(caseId, "mx/u42", ""));
        assertThat(p.decide("alice", "PutObject", "b42")).isEqualTo("deny");
        long opened = entryOf(caseId, "case.opened");
        long finding = entryOf(caseId, "finding.recorded");
        long r0 = p.revision();

        JsonNode erased = ok(p.api.post("/v1/log/entries/" + opened + "/erasure", p.t("adam"), "{\"reason\": \"erasure request of 2027-03-01\"}"));
        assertThat(erased.get("revision").asLong()).isEqualTo(r0 + 1);
        JsonNode view = ok(p.api.get("/v1/cases/" + caseId, p.t("audrey")));
        assertThat(view.get("summary").asString()).isEqualTo(EventCodec.ERASED);
        assertThat(view.get("findings").get(0).get("statement").asString()).as("other entries keep their text").isEqualTo("2.1 million hours of calls in 30 days.");
        assertThat(ok(p.api.get("/v1/cases/" + caseId, p.t("mx-legal"))).get("summary").asString()).isEqualTo(EventCodec.ERASED);

        JsonNode publicEntry = ok(p.api.get("/v1/log/entries/" + opened, null));
        assertThat(publicEntry.get("erased").get(0).get("part").asString()).isEqualTo("text");
        assertThat(publicEntry.get("erased").get(0).get("erasedBy").asLong()).isEqualTo(r0);
        assertThat(publicEntry.get("erased").get(0).has("by")).as("who erased is private").isFalse();
        assertThat(publicEntry.get("commitments").has("text")).as("the commitment stays").isTrue();
        JsonNode audited = ok(p.api.get("/v1/log/entries/" + opened, p.t("audrey")));
        assertThat(audited.get("erased").get(0).get("by").asString()).isEqualTo("adam");
        assertThat(audited.get("private").has("text")).isFalse();
        assertThat(audited.get("private").has("state")).isTrue();
        JsonNode erasure = ok(p.api.get("/v1/log/entries/" + r0, null));
        assertThat(erasure.get("type").asString()).isEqualTo("payload.erased");
        assertThat(erasure.get("public").get("entry").asLong()).isEqualTo(opened);

        FsckReport check = p.plane.events().log().verify(List.of(p.plane.events().log().verifierKey()));
        assertThat(check.ok()).as(check.summary()).isTrue();
        assertThat(check.partsErased()).isEqualTo(1);

        // a replay from the log rebuilds the same state: decisions as before, the text erased
        try (ControlPlane again = ControlPlane.open(Log.openReadOnly(dir.resolve("veto.db").toString()), new TestClock(Instant.parse("2027-03-01T09:00:00Z")))) {
            assertThat(again.revision()).isEqualTo(p.revision());
            VetoServer second = VetoServer.start(again, "127.0.0.1", 0, AccessLog.discard());
            try {
                Api api = new Api(second.port());
                assertThat(ok(api.get("/v1/cases/" + caseId, p.t("audrey"))).get("summary").asString()).isEqualTo(EventCodec.ERASED);
                assertThat(ok(api.post("/v1/authorize", p.t("gateway"), """
                        {"principal": {"type": "User", "id": "alice"}, "action": {"type": "Action", "id": "storage:PutObject"},
                         "resource": {"type": "Bucket", "id": "b42"}}""")).get("decision").asString()).isEqualTo("deny");
            } finally {
                second.close();
            }
        }
        assertThat(finding).isPositive();
    }

    @Test
    void onlyAnAdminErasesTextOnceWithAReason() {
        String caseId = p.openCase("mx/u42");
        long opened = entryOf(caseId, "case.opened");
        long r = p.revision();
        p.refused(p.api.post("/v1/log/entries/" + opened + "/erasure", null, "{\"reason\": \"x\"}"), 401, "missing bearer token", r);
        p.refused(p.api.post("/v1/log/entries/" + opened + "/erasure", p.t("rita"), "{\"reason\": \"x\"}"), 403, "payload.erase", r);
        p.refused(p.api.post("/v1/log/entries/" + opened + "/erasure", p.t("mx-legal"), "{\"reason\": \"x\"}"), 403, "payload.erase", r);
        p.refused(p.api.post("/v1/log/entries/" + opened + "/erasure", p.t("adam"), "{}"), 400, "reason", r);
        p.refused(p.api.post("/v1/log/entries/" + (r + 10) + "/erasure", p.t("adam"), "{\"reason\": \"x\"}"), 404, "no log entry", r);
        p.refused(p.api.post("/v1/log/entries/1/erasure", p.t("adam"), "{\"reason\": \"x\"}"), 409, "holds no private text", r);
        ok(p.api.post("/v1/log/entries/" + opened + "/erasure", p.t("adam"), "{\"reason\": \"legal hold ended\"}"));
        long after = p.revision();
        p.refused(p.api.post("/v1/log/entries/" + opened + "/erasure", p.t("adam"), "{\"reason\": \"again\"}"), 409, "was erased already", after);
        p.refused(p.api.post("/v1/log/entries/" + (after - 1) + "/erasure", p.t("adam"), "{\"reason\": \"x\"}"), 409, "records an erasure", after);
    }
}
