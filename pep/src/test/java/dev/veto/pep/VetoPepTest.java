package dev.veto.pep;

import static dev.veto.server.Platform.ok;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.veto.engine.EngineRequest;
import dev.veto.server.Platform;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/** The SDK against a real server: joining, deciding, following enforcements and liftings, and a hostile network. */
@Timeout(120)
class VetoPepTest {
    static final EngineRequest ALICE_PUT = VetoPep.request("User", "alice", "storage:PutObject", "Bucket", "b42");
    static final EngineRequest BOB_PUT = VetoPep.request("User", "bob", "storage:PutObject", "Bucket", "b41");

    @TempDir
    Path dir;
    Platform platform;
    final List<AutoCloseable> open = new ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        platform = new Platform(dir);
    }

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable c : open) {
            c.close();
        }
        platform.close();
    }

    String server() {
        return "http://127.0.0.1:" + platform.server.port();
    }

    String logKey() {
        return platform.plane.events().log().verifierKey().toString();
    }

    VetoPep.Builder pep(String id, String... servers) {
        return VetoPep.builder().servers(servers).token(platform.t("gateway")).id(id).logKey(logKey());
    }

    <T extends AutoCloseable> T keep(T c) {
        open.add(c);
        return c;
    }

    @Test
    void joinsFromASnapshotDecidesAsTheServerDoesAndFollowsAnEnforcementAndItsLifting() throws Exception {
        VetoPep pep = keep(pep("storage-eu1-07", server()).start());
        assertThat(pep.revision()).isEqualTo(platform.revision());
        assertThat(pep.decide(ALICE_PUT).allowed()).isTrue();
        assertThat(pep.health().bootstraps()).isEqualTo(1);
        assertThat(pep.health().verifiedCheckpoint()).isEqualTo(platform.revision());

        String caseId = platform.openCase("mx/u42");
        String proposal = platform.propose(caseId, "mx/u42", "");
        JsonNode enforced = platform.enforce(proposal);
        long revision = enforced.get("revision").asLong();
        PepDecision d = pep.decide(ALICE_PUT, revision);
        assertThat(d.allowed()).isFalse();
        assertThat(d.revision()).isGreaterThanOrEqualTo(revision);
        assertThat(d.basis()).isEqualTo(PepDecision.Basis.CURRENT);
        assertThat(d.enforcement().caseId()).isEqualTo(caseId);
        assertThat(d.enforcement().noticeId()).isNotBlank();
        assertThat(pep.decide(BOB_PUT, revision).allowed()).as("a sibling unit is not affected").isTrue();

        // the server's propagation report shows this point applied it
        String enforcement = enforced.get("enforcement").get("id").asString();
        JsonNode report = awaitApplied(enforcement, 1);
        assertThat(report.get("peps").get(0).get("pep").asString()).isEqualTo("storage-eu1-07");
        assertThat(report.get("peps").get(0).get("state").asString()).isEqualTo("applied");

        // an appeal reversed by an uninvolved approver lifts it at the point too
        String appeal = ok(platform.api.post("/v1/cases/" + caseId + "/appeals", platform.t("mx-legal"),
                "{\"statement\": \"The processing served a court order.\"}")).get("id").asString();
        long lifted = ok(platform.api.post("/v1/appeals/" + appeal + "/decision", platform.t("carl"),
                "{\"outcome\": \"reversed\", \"reasoning\": \"The court order covers it.\"}")).get("revision").asLong();
        assertThat(pep.decide(ALICE_PUT, lifted).allowed()).isTrue();

        // a request naming what Veto does not know is refused, as the server refuses it
        assertThatThrownBy(() -> pep.decide(VetoPep.request("user", "alice", "storage:PutObject", "Bucket", "b42")))
                .isInstanceOfSatisfying(PepException.InvalidRequest.class, e -> assertThat(e.field()).isEqualTo("principal"));
        assertThatThrownBy(() -> pep.decide(VetoPep.request("User", "alice", "storage:putobject", "Bucket", "b42")))
                .isInstanceOfSatisfying(PepException.InvalidRequest.class, e -> assertThat(e.field()).isEqualTo("action"));
        // a revision the log has not reached is never decided on older state
        assertThatThrownBy(() -> pep.decide(ALICE_PUT, platform.revision() + 5))
                .isInstanceOf(PepException.RevisionUnavailable.class).hasMessageContaining("below the demanded");
    }

    /**
     * A schema put is a log entry like any other: a replica following the feed (and one joining
     * after it) applies past it. Requests are checked against the schema on the server only; a
     * replica decides what it is asked, as before.
     */
    @Test
    void aReplicaFollowsPastASchemaPutAndDoesNotCheckRequests() throws Exception {
        VetoPep following = keep(pep("schema-follower", server()).start());
        ok(platform.api.put("/v1/schema", platform.t("adam"), "entity User { department: String }; type Context = { mfa: Bool };"));
        long after = ok(platform.api.put("/v1/policies/no-puts-for-alice", platform.t("adam"),
                "forbid (principal == User::\"alice\", action == Action::\"storage:PutObject\", resource);")).get("revision").asLong();
        assertThat(following.decide(ALICE_PUT, after).allowed()).isFalse();
        assertThat(following.health().refusals()).isZero();
        VetoPep joining = keep(pep("schema-joiner", server()).start());
        assertThat(joining.decide(ALICE_PUT, after).allowed()).isFalse();
        // the server refuses this request (no `mfa` in the context); the replicas decide it
        assertThat(platform.api.post("/v1/authorize", platform.t("gateway"), """
                {"principal": {"type": "User", "id": "bob"}, "action": {"type": "Action", "id": "storage:PutObject"},
                 "resource": {"type": "Bucket", "id": "b41"}}""").status()).isEqualTo(400);
        assertThat(following.decide(BOB_PUT, after).allowed()).isTrue();
        assertThat(joining.decide(BOB_PUT, after).allowed()).isTrue();
    }

    JsonNode awaitApplied(String enforcement, int points) throws InterruptedException {
        JsonNode report = null;
        for (int i = 0; i < 100; i++) {
            report = ok(platform.api.get("/v1/enforcements/" + enforcement + "/propagation", platform.t("audrey")));
            if (report.get("applied").asInt() >= points) {
                return report;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("not applied by " + points + " points: " + report);
    }

    @Test
    void aByteAlteredInTheFeedIsRefusedReportedAndNeverDecidedOnThenTheOtherServerIsFollowed() throws Exception {
        AtomicBoolean armed = new AtomicBoolean(false);
        AtomicInteger altered = new AtomicInteger();
        // alters one base64 character of the private state part of the first decision-changing entry once armed
        FeedProxy proxy = keep(new FeedProxy(java.net.URI.create(server()), event -> {
            int at = event.indexOf("\"data\":\"");
            if (armed.get() && event.contains("event: entry\n") && at > 0 && altered.getAndIncrement() == 0) {
                int i = at + 8 + 12;
                char c = event.charAt(i);
                return event.substring(0, i) + (c == 'A' ? 'B' : 'A') + event.substring(i + 1);
            }
            return event;
        }));
        VetoPep pep = keep(pep("tampered-07", proxy.url(), server()).start());
        assertThat(pep.health().upstream()).isEqualTo(proxy.url());
        List<Boolean> seen = new CopyOnWriteArrayList<>();
        AtomicBoolean deciding = new AtomicBoolean(true);
        Thread decider = Thread.ofVirtual().start(() -> {
            while (deciding.get()) {
                PepDecision d = pep.decide(ALICE_PUT);
                if (!d.allowed()) {
                    seen.add(d.reasons().stream().anyMatch(r -> r.policyId().equals("no-puts-for-alice")));
                }
            }
        });
        armed.set(true);
        long before = platform.revision();
        ok(platform.api.put("/v1/policies/no-puts-for-alice", platform.t("adam"),
                "forbid (principal == User::\"alice\", action == Action::\"storage:PutObject\", resource);"));
        long after = platform.revision();
        PepDecision d = pep.decide(ALICE_PUT, after);
        deciding.set(false);
        decider.join();
        assertThat(altered.get()).as("the proxy altered an entry").isGreaterThan(0);
        assertThat(d.allowed()).isFalse();
        Health h = pep.health();
        assertThat(h.refusals()).isEqualTo(1);
        assertThat(h.lastRefusal()).contains("does not match the commitment").contains(proxy.url());
        assertThat(h.upstream()).isEqualTo(server());
        assertThat(h.bootstraps()).isEqualTo(2);
        assertThat(seen).as("every denial came from the real policy").doesNotContain(false);
        assertThat(before).isLessThan(after);
        // the server was told (a NACK, at the last good revision)
        JsonNode acks = awaitNack("tampered-07");
        assertThat(acks.toString()).contains("does not match the commitment");
    }

    JsonNode awaitNack(String pep) throws InterruptedException {
        for (int i = 0; i < 100; i++) {
            var p = platform.plane.propagation();
            if (p.nackOf(pep) != null) {
                return dev.veto.server.Api.JSON.valueToTree(p.nackOf(pep));
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no NACK from " + pep);
    }

    @Test
    void aDroppedEntryIsAGapTheReplicaRefusesAndRecoversFrom() throws Exception {
        AtomicBoolean armed = new AtomicBoolean(false);
        AtomicInteger dropped = new AtomicInteger();
        FeedProxy proxy = keep(new FeedProxy(java.net.URI.create(server()), event ->
                armed.get() && event.contains("event: entry\n") && dropped.getAndIncrement() == 0 ? null : event));
        VetoPep pep = keep(pep("gap-07", proxy.url(), server()).start());
        armed.set(true);
        ok(platform.api.put("/v1/policies/p1", platform.t("adam"), "permit (principal, action, resource);"));
        ok(platform.api.put("/v1/policies/p2", platform.t("adam"), "forbid (principal == User::\"bob\", action, resource);"));
        long after = platform.revision();
        assertThat(pep.decide(BOB_PUT, after).allowed()).isFalse();
        assertThat(dropped.get()).isGreaterThan(0);
        assertThat(pep.health().refusals()).isEqualTo(1);
        assertThat(pep.health().lastRefusal()).contains("skipped or repeated");
    }

    @Test
    void whenNoServerIsHeardTheFailModeAppliesAndSaysSo() throws Exception {
        FeedProxy proxy = new FeedProxy(java.net.URI.create(server()), e -> e);
        VetoPep closed = keep(pep("closed-07", proxy.url()).staleAfter(Duration.ofMillis(1500)).start());
        VetoPep lastKnown = keep(pep("last-known-07", proxy.url()).staleAfter(Duration.ofMillis(1500)).failMode(FailMode.LAST_KNOWN).start());
        assertThat(closed.decide(ALICE_PUT).basis()).isEqualTo(PepDecision.Basis.CURRENT);
        proxy.close(); // the network is cut
        Thread.sleep(2500);
        PepDecision c = closed.decide(ALICE_PUT);
        assertThat(c.allowed()).isFalse();
        assertThat(c.basis()).isEqualTo(PepDecision.Basis.FAIL_CLOSED);
        assertThat(closed.health().stale()).isTrue();
        PepDecision l = lastKnown.decide(ALICE_PUT);
        assertThat(l.allowed()).isTrue();
        assertThat(l.basis()).isEqualTo(PepDecision.Basis.LAST_KNOWN);
        assertThat(l.stale()).isTrue();
    }

    @Test
    void aBuilderMissingWhatItNeedsSaysWhat() {
        assertThatThrownBy(() -> VetoPep.builder().token("t").id("x").logKey(logKey()).start()).hasMessageContaining("servers:");
        assertThatThrownBy(() -> VetoPep.builder().servers(server()).id("x").logKey(logKey()).start()).hasMessageContaining("token:");
        assertThatThrownBy(() -> VetoPep.builder().servers(server()).token("t").id("no spaces").logKey(logKey()).start()).hasMessageContaining("id:");
        assertThatThrownBy(() -> VetoPep.builder().servers(server()).token("t").id("x").start()).hasMessageContaining("logKey:");
        assertThatThrownBy(() -> VetoPep.builder().logKey("nonsense")).hasMessageContaining("logKey:");
        assertThatThrownBy(() -> VetoPep.builder().servers("ftp://x")).hasMessageContaining("servers:");
    }

    @Test
    void aWrongLogKeyNeverReachesAVerifiedState() throws Exception {
        String other = dev.veto.ledger.note.SignerKey.generate(Platform.ORIGIN).verifier().toString();
        assertThatThrownBy(() -> VetoPep.builder().servers(server()).token(platform.t("gateway")).id("wrong-key").logKey(other)
                .startTimeout(Duration.ofSeconds(3)).start())
                .isInstanceOf(PepException.NotReady.class).hasMessageContaining("does not verify with the log's key");
    }
}
