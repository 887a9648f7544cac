package dev.veto.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import dev.veto.cli.pep.Http;
import dev.veto.cli.pep.JarProcess;
import dev.veto.pep.Health;
import dev.veto.pep.PepDecision;
import dev.veto.pep.VetoPep;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * The enforcement points end to end over real processes: {@code veto serve} and two
 * {@code veto pep serve} sidecars run as processes of the shipped jar, beside an SDK
 * ({@link VetoPep}) in this JVM. An enforcement approved over HTTP reaches all three within a
 * second, the server's propagation report lists them, an appeal reversed lifts it everywhere
 * within a second; when the server is killed (SIGKILL) each point applies its fail mode and says
 * so, and when it comes back on the same database and port they catch up and follow again. On
 * PostgreSQL, a sidecar following two nodes moves to the second when the first is killed.
 */
@Timeout(180)
class PepEndToEndIT {
    /** Two organizations; in the ministry, Unit 42 and Unit 41 with an account, a user and a bucket each (as server's Platform). */
    static final String ENTITIES = """
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
    static final String STORAGE = """
            {"operations": [{"name": "GetObject", "access": "read"}, {"name": "PutObject", "access": "write"},
                            {"name": "ExportBucket", "access": "export"}]}""";
    static final String PRINCIPLE = """
            {"title": "No mass surveillance of civilians", "clause": "AUP 4.2",
             "text": "Customers may not use the services for the indiscriminate surveillance of civilian populations."}""";

    /** The acceptance bound: from a write's answer until every point decides by it. */
    static final Duration PROPAGATION = Duration.ofSeconds(1);
    /** How long a point polled for a change is given before the test gives up on it (it reports the time either way). */
    static final Duration GIVE_UP = Duration.ofSeconds(10);
    static final Duration STALE_AFTER = Duration.ofSeconds(2);
    /** Between two decisions of one point while a change is awaited. */
    static final long POLL_MILLIS = 5;

    static final Ask ALICE_PUT = new Ask("alice", "b42");
    static final Ask BOB_PUT = new Ask("bob", "b41");

    @TempDir
    Path dir;
    Path jar;
    final List<JarProcess> processes = new ArrayList<>();
    final List<AutoCloseable> sdks = new ArrayList<>();

    @BeforeEach
    void findJar() {
        jar = CliRun.root().resolve("cli/target/veto.jar");
        assertThat(jar).as("the product jar (the package phase builds it before failsafe runs this)").exists();
    }

    @AfterEach
    void stopAll() throws Exception {
        for (AutoCloseable c : sdks) {
            c.close();
        }
        for (JarProcess p : processes) {
            p.close();
        }
    }

    @Test
    void enforcementReachesTwoSidecarsAndTheSdkWithinASecondAndTheyRideOutTheServersDeath() throws Exception {
        long testStart = System.nanoTime();
        // 1. the installation, made offline as an operator makes it, then the server on it
        Installed site = install(dir.resolve("veto.db").toString(), "e2e.veto.test/log", List.of("anna", "ben", "carl"));
        int port = freePort();
        JarProcess server = serve("server", site, port);
        Http veto = new Http("http://127.0.0.1:" + port);
        setUpPlatform(veto, site.tokens());
        Map<String, String> t = site.tokens();

        // 2. two sidecars (last-known and closed) and the SDK in this JVM, all following the server
        JarProcess lkProcess = startSidecar("sidecar-last-known", "last-known", t.get("gateway"), site.logKey(), veto.base());
        JarProcess closedProcess = startSidecar("sidecar-closed", null, t.get("gateway"), site.logKey(), veto.base());
        Sidecar lastKnown = listening(lkProcess);
        Sidecar closed = listening(closedProcess);
        VetoPep sdk = VetoPep.builder().servers(veto.base()).token(t.get("gateway")).id("sdk-in-test").logKey(site.logKey())
                .staleAfter(STALE_AFTER).start();
        sdks.add(sdk);
        SdkPoint sdkPoint = new SdkPoint(sdk);
        List<Point> points = List.of(lastKnown, closed, sdkPoint);
        for (Point p : points) {
            assertThat(p.decide(ALICE_PUT).allowed()).as(() -> p.id() + " before any enforcement\n" + logs()).isTrue();
        }

        // 3. a case, a proposal, two approvals: the second enforces; every point denies within a second, naming case and notice
        String caseId = openCase(veto, t, "mx/u42");
        String proposal = ok(veto.post("/v1/cases/" + caseId + "/proposals", t.get("rita"), """
                {"scope": {"type": "Unit", "id": "mx/u42"}, "services": ["storage"], "exportWindowDays": 30,
                 "contractualGround": "AUP 4.2", "explanation": "Metering shows bulk transcription."}""")).get("id").asString();
        ok(veto.post("/v1/proposals/" + proposal + "/approvals", t.get("anna"), "{\"comment\": \"the metering evidence holds\"}"));
        Http.Reply second = veto.post("/v1/proposals/" + proposal + "/approvals", t.get("ben"), "{}");
        long enforcedAt = System.nanoTime();
        JsonNode enforced = ok(second);
        assertThat(enforced.get("status").asString()).as(second.toString()).isEqualTo("enforced");
        String enforcement = enforced.get("enforcement").get("id").asString();
        String notice = enforced.get("enforcement").get("notice").asString();
        Map<String, Reached> denied = reach(points, ALICE_PUT, a -> !a.allowed(), enforcedAt);
        report("enforcement " + enforcement + " (second approval's answer → first deny)", denied);
        for (Reached r : denied.values()) {
            assertWithin(r, "deny alice's storage:PutObject on b42");
            Reason why = r.answer().enforcement();
            assertThat(why).as(() -> r.point() + " names no case: " + r.answer()).isNotNull();
            assertThat(why.annotations()).as(r.point()).containsEntry("case", caseId).containsEntry("notice", notice);
        }
        assertThat(sdk.decide(VetoPep.request("User", "alice", "storage:PutObject", "Bucket", "b42")).enforcement().noticeId()).isEqualTo(notice);
        assertThat(sdkPoint.decide(BOB_PUT).allowed()).as("a sibling unit is not affected").isTrue();

        // 4. the server's propagation report lists all three points as having applied it, with their times
        JsonNode propagation = await("the propagation report of " + enforcement + " to list 3 points applied", GIVE_UP,
                () -> ok(veto.get("/v1/enforcements/" + enforcement + "/propagation", t.get("audrey"))),
                r -> r.get("applied").asInt() == 3);
        assertThat(propagation.get("total").asInt()).isEqualTo(3);
        assertThat(propagation.get("status").asString()).isEqualTo("active");
        Map<String, JsonNode> peps = new LinkedHashMap<>();
        propagation.get("peps").forEach(p -> peps.put(p.get("pep").asString(), p));
        assertThat(peps.keySet()).as(propagation.toString()).containsExactlyInAnyOrder("sidecar-last-known", "sidecar-closed", "sdk-in-test");
        for (JsonNode p : peps.values()) {
            assertThat(p.get("applied").asBoolean()).as(p.toString()).isTrue();
            assertThat(p.get("state").asString()).as(p.toString()).isEqualTo("applied");
            assertThat(p.get("millis").isNumber()).as(p.toString()).isTrue();
            assertThat(p.get("millis").asLong()).as(p.toString()).isBetween(0L, PROPAGATION.toMillis());
        }
        System.out.printf("propagation report of %s: p50 %s ms, p99 %s ms, max %s ms; %s%n", enforcement, propagation.get("p50Ms"),
                propagation.get("p99Ms"), propagation.get("maxMs"), propagation.get("peps"));

        // 5. the customer appeals; carl, who took no part, reverses; every point allows again within a second
        String appeal = ok(veto.post("/v1/cases/" + caseId + "/appeals", t.get("mx-legal"),
                "{\"statement\": \"The transcripts serve a court-ordered investigation, not surveillance of civilians.\"}")).get("id").asString();
        Http.Reply decided = veto.post("/v1/appeals/" + appeal + "/decision", t.get("carl"),
                "{\"outcome\": \"reversed\", \"reasoning\": \"The court order covers the processing; the finding does not hold.\"}");
        long liftedAt = System.nanoTime();
        ok(decided);
        Map<String, Reached> allowed = reach(points, ALICE_PUT, Answer::allowed, liftedAt);
        report("lifting of " + enforcement + " (appeal decision's answer → first allow)", allowed);
        allowed.values().forEach(r -> assertWithin(r, "allow alice's storage:PutObject on b42 again"));
        JsonNode lifted = await("the propagation report of the lifting to list 3 points applied", GIVE_UP,
                () -> ok(veto.get("/v1/enforcements/" + enforcement + "/propagation", t.get("audrey"))),
                r -> r.get("applied").asInt() == 3);
        assertThat(lifted.get("status").asString()).isEqualTo("lifted");

        // a platform policy the points hold when the server dies, so last-known has a denial of its own to keep
        ok(veto.put("/v1/policies/no-puts-for-bob", t.get("adam"),
                "forbid (principal == User::\"bob\", action == Action::\"storage:PutObject\", resource);"));
        long bobDenied = System.nanoTime();
        Map<String, Reached> bob = reach(points, BOB_PUT, a -> !a.allowed(), bobDenied);
        report("platform policy no-puts-for-bob (PUT's answer → first deny)", bob);
        bob.values().forEach(r -> assertWithin(r, "deny bob's storage:PutObject on b41"));
        long lastRevision = serverRevision(veto);
        for (Sidecar s : List.of(lastKnown, closed)) {
            await(s.id() + " at the server's revision " + lastRevision, GIVE_UP, s::health, h -> h.json().get("revision").asLong() >= lastRevision);
        }
        sdk.awaitRevision(lastRevision, GIVE_UP);

        // 6. SIGKILL the server: the points keep answering, each by its fail mode once stale, and say so
        server.kill();
        long killedAt = System.nanoTime();
        assertThat(server.exitValue()).as("128 + SIGKILL\n" + server.tails()).isEqualTo(137);
        assertThat(server.logged("stopped")).as("no shutdown hook ran").isFalse();

        Http.Reply lkHealth = await("sidecar-last-known to report stale", GIVE_UP, lastKnown::health, h -> h.status() == 503);
        long lkStaleMs = millisSince(killedAt);
        JsonNode lh = lkHealth.json();
        assertThat(lh.get("status").asString()).as(lkHealth.toString()).isEqualTo("stale");
        assertThat(lh.get("stale").asBoolean()).isTrue();
        assertThat(lh.get("failMode").asString()).isEqualTo("last-known");
        assertThat(lh.get("upstream").asString()).isEqualTo(veto.base());
        long lkRevision = lh.get("revision").asLong();
        assertThat(lkRevision).as(lkHealth.toString()).isGreaterThanOrEqualTo(lastRevision);
        assertThat(lh.get("serverRevision").asLong()).as(lkHealth.toString()).isGreaterThanOrEqualTo(lkRevision);
        assertThat(lh.get("lag").asLong()).as(lkHealth.toString()).isEqualTo(lh.get("serverRevision").asLong() - lkRevision);
        assertThat(lh.get("verifiedCheckpoint").asLong()).as(lkHealth.toString()).isEqualTo(lkRevision);
        assertThat(Instant.parse(lh.get("lastHeard").asString())).as(lkHealth.toString()).isBefore(Instant.now().minus(STALE_AFTER));
        Answer lkBob = lastKnown.decide(BOB_PUT);
        assertThat(lkBob.allowed()).as(lkBob.toString()).isFalse();
        assertThat(lkBob.revision()).as(lkBob.toString()).isEqualTo(lkRevision);
        assertThat(lkBob.reasons()).as(lkBob.toString()).extracting(Reason::policy).containsExactly("no-puts-for-bob");
        assertThat(lkBob.reasons().get(0).annotations()).as(lkBob.toString()).containsEntry("stale", "true");
        Answer lkAlice = lastKnown.decide(ALICE_PUT);
        assertThat(lkAlice.allowed()).as(lkAlice.toString()).isTrue();
        assertThat(lkAlice.revision()).isEqualTo(lkRevision);
        assertThat(lkAlice.reasons()).as(lkAlice.toString()).isNotEmpty().allSatisfy(r -> assertThat(r.annotations()).containsEntry("stale", "true"));

        Http.Reply closedHealth = await("sidecar-closed to report stale", GIVE_UP, closed::health, h -> h.status() == 503);
        long closedStaleMs = millisSince(killedAt);
        JsonNode ch = closedHealth.json();
        assertThat(ch.get("status").asString()).as(closedHealth.toString()).isEqualTo("stale");
        assertThat(ch.get("stale").asBoolean()).isTrue();
        assertThat(ch.get("failMode").asString()).isEqualTo("closed");
        long closedRevision = ch.get("revision").asLong();
        Answer failClosed = closed.decide(ALICE_PUT);
        assertThat(failClosed.allowed()).as(failClosed.toString()).isFalse();
        assertThat(failClosed.reasons()).as(failClosed.toString()).extracting(Reason::policy).containsExactly("veto.fail-closed");
        assertThat(failClosed.reasons().get(0).annotations()).as(failClosed.toString())
                .containsEntry("failMode", "closed").containsEntry("verifiedRevision", Long.toString(closedRevision));

        Health sdkHealth = await("the SDK to report stale", GIVE_UP, sdk::health, Health::stale);
        long sdkStaleMs = millisSince(killedAt);
        assertThat(sdkHealth.revision()).isGreaterThanOrEqualTo(lastRevision);
        PepDecision sdkDecision = sdk.decide(VetoPep.request("User", "alice", "storage:PutObject", "Bucket", "b42"));
        assertThat(sdkDecision.allowed()).isFalse();
        assertThat(sdkDecision.basis()).isEqualTo(PepDecision.Basis.FAIL_CLOSED);
        System.out.printf("server killed: stale after %d ms (sidecar-last-known), %d ms (sidecar-closed), %d ms (sdk-in-test); --stale-after %s%n",
                lkStaleMs, closedStaleMs, sdkStaleMs, STALE_AFTER);

        // the server again, on the same database and port: the points catch up, then follow new writes
        JarProcess restarted = serve("server-restarted", site, port);
        long restartedAt = System.nanoTime();
        long restartRevision = serverRevision(veto);
        Map<String, Long> bootstraps = new LinkedHashMap<>();
        for (Sidecar s : List.of(lastKnown, closed)) {
            Http.Reply h = await(s.id() + " to be current again", GIVE_UP, s::health,
                    r -> r.status() == 200 && r.json().get("revision").asLong() >= restartRevision);
            assertThat(h.json().get("status").asString()).as(h.toString()).isEqualTo("ok");
            assertThat(h.json().get("stale").asBoolean()).isFalse();
            assertThat(h.json().get("upstream").asString()).isEqualTo(veto.base());
            assertThat(h.json().get("refusals").asLong()).as(h.toString()).isZero();
            bootstraps.put(s.id(), h.json().get("bootstraps").asLong());
        }
        Health current = await("the SDK to be current again", GIVE_UP, sdk::health, h -> !h.stale() && h.revision() >= restartRevision);
        assertThat(current.refusals()).as(current.toString()).isZero();
        bootstraps.put(sdk.id(), current.bootstraps());
        System.out.printf("server restarted: every point current again %d ms after it listened; state snapshots taken so far: %s%n",
                millisSince(restartedAt), bootstraps);
        assertThat(closed.decide(ALICE_PUT).allowed()).as("fail-closed ends with the staleness").isTrue();

        ok(veto.put("/v1/policies/no-puts-for-alice", t.get("adam"),
                "forbid (principal == User::\"alice\", action == Action::\"storage:PutObject\", resource);"));
        long aliceDenied = System.nanoTime();
        Map<String, Reached> after = reach(points, ALICE_PUT,
                a -> !a.allowed() && a.reasons().stream().anyMatch(r -> r.policy().equals("no-puts-for-alice")), aliceDenied);
        report("platform policy no-puts-for-alice after the restart (PUT's answer → first deny)", after);
        after.values().forEach(r -> assertWithin(r, "deny alice's storage:PutObject by no-puts-for-alice"));
        assertThat(restarted.isAlive()).isTrue();
        System.out.printf("PepEndToEndIT on SQLite ran %d ms%n", millisSince(testStart));
    }

    @Test
    void aSidecarFollowingTwoNodesOnPostgresMovesToTheSecondWhenTheFirstIsKilled() throws Exception {
        long testStart = System.nanoTime();
        String db = freshSchema();
        Installed site = install(db, "e2e-pg.veto.test/log", List.of());
        int portA = freePort();
        int portB = freePort();
        JarProcess a = startServer("node-a", site, portA);
        JarProcess b = startServer("node-b", site, portB);
        a.awaitLog("listening", Duration.ofSeconds(60));
        b.awaitLog("listening", Duration.ofSeconds(60));
        Http nodeA = new Http("http://127.0.0.1:" + portA);
        Http nodeB = new Http("http://127.0.0.1:" + portB);
        String adam = site.tokens().get("adam");
        ok(nodeA.put("/v1/entities", adam, ENTITIES));
        ok(nodeA.put("/v1/services/storage", adam, STORAGE));
        String pep = ok(nodeA.post("/v1/tokens", adam, "{\"role\": \"pep\", \"name\": \"gateway\"}")).get("token").asString();

        Sidecar sidecar = listening(startSidecar("sidecar-two-nodes", null, pep, site.logKey(), nodeA.base(), nodeB.base()));
        Http.Reply first = await("the sidecar to follow node A", GIVE_UP, sidecar::health, h -> h.status() == 200);
        assertThat(first.json().get("upstream").asString()).as(first.toString()).isEqualTo(nodeA.base());
        assertThat(sidecar.decide(ALICE_PUT).allowed()).isTrue();
        long written = serverRevision(nodeA);
        await("node B to have caught up with node A", GIVE_UP, () -> serverRevision(nodeB), r -> r >= written);

        a.kill();
        long killedAt = System.nanoTime();
        assertThat(a.exitValue()).as("128 + SIGKILL\n" + a.tails()).isEqualTo(137);
        Http.Reply moved = await("the sidecar to follow node B", GIVE_UP, sidecar::health,
                h -> h.status() == 200 && nodeB.base().equals(h.json().get("upstream").asString()));
        System.out.printf("node A killed: the sidecar follows node B %d ms later: %s%n", millisSince(killedAt), moved.body());

        JsonNode put = ok(nodeB.put("/v1/policies/no-puts-for-alice", adam,
                "forbid (principal == User::\"alice\", action == Action::\"storage:PutObject\", resource);"));
        long deniedFrom = System.nanoTime();
        long revision = put.get("revision").asLong();
        Map<String, Reached> denied = reach(List.of(sidecar), ALICE_PUT,
                x -> !x.allowed() && x.reasons().stream().anyMatch(r -> r.policy().equals("no-puts-for-alice")), deniedFrom);
        report("platform policy written through node B (PUT's answer → first deny)", denied);
        denied.values().forEach(r -> assertWithin(r, "deny alice's storage:PutObject by no-puts-for-alice"));
        Http.Reply h = await("the sidecar at the write's revision", GIVE_UP, sidecar::health, x -> x.json().get("revision").asLong() >= revision);
        assertThat(h.json().get("upstream").asString()).isEqualTo(nodeB.base());
        assertThat(h.json().get("refusals").asLong()).as(h.toString()).isZero();
        assertThat(b.isAlive()).isTrue();
        System.out.printf("PepEndToEndIT on PostgreSQL ran %d ms%n", millisSince(testStart));
    }

    // ---- the installation and the platform ----

    /** A log with its key, made offline: the verifier key it printed, and the tokens made so far by name. */
    record Installed(String db, Path keyFile, String logKey, Map<String, String> tokens) {}

    /** As an operator installs Veto: {@code veto log init}, the first admin's token, the roster and the approvers' tokens. */
    Installed install(String db, String origin, List<String> approvers) {
        Path key = dir.resolve("veto.key");
        String logKey = JarProcess.run(jar, dir, "log-init", "log", "init", "--db", db, "--origin", origin, "--key-file", key.toString());
        Map<String, String> tokens = new LinkedHashMap<>();
        tokens.put("adam", JarProcess.run(jar, dir, "token-adam", "token", "create", "--db", db, "--key-file", key.toString(),
                "--role", "admin", "--name", "adam"));
        if (!approvers.isEmpty()) {
            List<String> args = new ArrayList<>(List.of("roster", "init", "--db", db, "--key-file", key.toString()));
            approvers.forEach(x -> args.addAll(List.of("--approver", x)));
            JarProcess.run(jar, dir, "roster-init", args.toArray(String[]::new));
            for (String approver : approvers) {
                tokens.put(approver, JarProcess.run(jar, dir, "token-" + approver, "token", "create", "--db", db, "--key-file", key.toString(),
                        "--role", "approver", "--name", approver));
            }
        }
        return new Installed(db, key, logKey, tokens);
    }

    JarProcess startServer(String name, Installed site, int port) {
        JarProcess p = JarProcess.start(jar, dir, name, List.of("serve", "--db", site.db(), "--key-file", site.keyFile().toString(),
                "--port", Integer.toString(port)));
        processes.add(p);
        return p;
    }

    JarProcess serve(String name, Installed site, int port) throws InterruptedException {
        JarProcess p = startServer(name, site, port);
        JsonNode line = p.awaitLog("listening", Duration.ofSeconds(60));
        assertThat(line.get("url").asString()).isEqualTo("http://127.0.0.1:" + port);
        return p;
    }

    /** The catalog, the principle, and the tokens of rita (reviewer), gateway (pep), audrey (auditor) and mx-legal (the ministry). */
    void setUpPlatform(Http veto, Map<String, String> tokens) throws Exception {
        String adam = tokens.get("adam");
        ok(veto.put("/v1/entities", adam, ENTITIES));
        ok(veto.put("/v1/services/storage", adam, STORAGE));
        ok(veto.put("/v1/principles/no-mass-surveillance", adam, PRINCIPLE));
        for (String[] x : new String[][] {{"reviewer", "rita", null}, {"pep", "gateway", null}, {"auditor", "audrey", null}, {"customer", "mx-legal", "mx"}}) {
            String body = x[2] == null ? "{\"role\": \"%s\", \"name\": \"%s\"}".formatted(x[0], x[1])
                    : "{\"role\": \"%s\", \"name\": \"%s\", \"org\": \"%s\"}".formatted(x[0], x[1], x[2]);
            tokens.put(x[1], ok(veto.post("/v1/tokens", adam, body)).get("token").asString());
        }
    }

    /** Opens a case against {@code unit} with evidence and a finding, as rita; returns its id. */
    String openCase(Http veto, Map<String, String> t, String unit) throws Exception {
        String rita = t.get("rita");
        String id = ok(veto.post("/v1/cases", rita, """
                {"subject": {"type": "Unit", "id": "%s"}, "principle": "no-mass-surveillance", "summary": "Bulk transcription of calls."}"""
                .formatted(unit))).get("id").asString();
        ok(veto.post("/v1/cases/" + id + "/evidence", rita, """
                {"kind": "metering", "source": "metering export", "description": "Hourly transcription volume",
                 "sha256": "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08", "collectedAt": "%s",
                 "customerContentAccessed": false}""".formatted(Instant.now().minus(Duration.ofDays(30)).truncatedTo(java.time.temporal.ChronoUnit.SECONDS))));
        ok(veto.post("/v1/cases/" + id + "/findings", rita, """
                {"principle": "no-mass-surveillance", "statement": "2.1 million hours of calls in 30 days.", "evidence": ["EV-1"]}"""));
        return id;
    }

    long serverRevision(Http veto) throws Exception {
        return ok(veto.get("/health", null)).get("revision").asLong();
    }

    JsonNode ok(Http.Reply r) {
        assertThat(r.status()).as(() -> r + "\n" + logs()).isBetween(200, 201);
        return r.json();
    }

    /** A fresh schema in the database at VETO_TEST_PG_URL (as the server's PostgreSQL tests make theirs); fails, never skips, without it. */
    static String freshSchema() throws Exception {
        String base = System.getenv("VETO_TEST_PG_URL");
        if (base == null || base.isBlank()) {
            fail("VETO_TEST_PG_URL is not set; run the tests with scripts/test, or: eval \"$(scripts/postgres start)\"");
        }
        String schema = "pep_e2e_" + UUID.randomUUID().toString().replace("-", "");
        try (Connection c = DriverManager.getConnection(base); Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA " + schema);
        }
        return base + (base.contains("?") ? "&" : "?") + "currentSchema=" + schema;
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 0, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    // ---- enforcement points ----

    /** A storage:PutObject by a user on a bucket. */
    record Ask(String user, String bucket) {}

    /** A determining policy and its annotations. */
    record Reason(String policy, Map<String, String> annotations) {}

    /** What a point answered: allowed or not, why, and the revision it decided at. */
    record Answer(boolean allowed, List<Reason> reasons, long revision) {
        /** The first reason naming a case, or null. */
        Reason enforcement() {
            return reasons.stream().filter(r -> r.annotations().containsKey("case")).findFirst().orElse(null);
        }
    }

    /** An enforcement point as its user meets it. */
    interface Point {
        String id();

        Answer decide(Ask ask) throws Exception;
    }

    /** A {@code veto pep serve} process: its decision contract and health over HTTP. */
    record Sidecar(String id, Http http) implements Point {
        @Override
        public Answer decide(Ask ask) throws Exception {
            Http.Reply r = http.post("/v1/authorize", null, """
                    {"principal": {"type": "User", "id": "%s"}, "action": {"type": "Action", "id": "storage:PutObject"},
                     "resource": {"type": "Bucket", "id": "%s"}}""".formatted(ask.user(), ask.bucket()));
            if (r.status() != 200) {
                throw new IllegalStateException(id + " answered " + r);
            }
            JsonNode n = r.json();
            List<Reason> reasons = new ArrayList<>();
            for (JsonNode x : n.get("reasons")) {
                Map<String, String> annotations = new LinkedHashMap<>();
                x.path("annotations").properties().forEach(e -> annotations.put(e.getKey(), e.getValue().asString()));
                reasons.add(new Reason(x.get("policy").asString(), annotations));
            }
            return new Answer("allow".equals(n.get("decision").asString()), reasons, n.get("revision").asLong());
        }

        Http.Reply health() throws Exception {
            return http.get("/health", null);
        }
    }

    /** The SDK in this JVM. */
    record SdkPoint(VetoPep pep) implements Point {
        @Override
        public String id() {
            return pep.id();
        }

        @Override
        public Answer decide(Ask ask) {
            PepDecision d = pep.decide(VetoPep.request("User", ask.user(), "storage:PutObject", "Bucket", ask.bucket()));
            return new Answer(d.allowed(), d.reasons().stream().map(r -> new Reason(r.policyId(), r.annotations())).toList(), d.revision());
        }
    }

    JarProcess startSidecar(String id, String failMode, String token, String logKey, String... upstreams) {
        List<String> args = new ArrayList<>(List.of("pep", "serve", "--upstream", String.join(",", upstreams), "--token", token, "--id", id,
                "--log-key", logKey, "--port", "0", "--stale-after", STALE_AFTER.toSeconds() + "s"));
        if (failMode != null) {
            args.addAll(List.of("--fail-mode", failMode));
        }
        JarProcess p = JarProcess.start(jar, dir, id, args);
        processes.add(p);
        return p;
    }

    static Sidecar listening(JarProcess p) throws InterruptedException {
        JsonNode line = p.awaitLog("enforcement point listening", Duration.ofSeconds(60));
        assertThat(line.get("id").asString()).isEqualTo(p.name());
        return new Sidecar(p.name(), new Http(line.get("url").asString()));
    }

    // ---- measuring ----

    /** When a point first answered as awaited, in ms from the write's answer (-1: not within {@link #GIVE_UP}), and that answer (or the last one, or what failed). */
    record Reached(String point, long millis, Answer answer, String last) {}

    /**
     * Asks every point at once, each every {@link #POLL_MILLIS} without demanding a revision,
     * until it answers as {@code reached} wants; times each from {@code from} (a
     * {@link System#nanoTime()} taken when the write's answer arrived).
     */
    Map<String, Reached> reach(List<Point> points, Ask ask, Predicate<Answer> reached, long from) throws Exception {
        Map<String, Reached> out = new LinkedHashMap<>();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<Reached>> polls = new ArrayList<>();
            for (Point p : points) {
                polls.add(pool.submit(() -> {
                    String last = null;
                    while (System.nanoTime() - from < GIVE_UP.toNanos()) {
                        try {
                            Answer a = p.decide(ask);
                            if (reached.test(a)) {
                                return new Reached(p.id(), millisSince(from), a, null);
                            }
                            last = a.toString();
                        } catch (Exception e) {
                            last = e.toString();
                        }
                        Thread.sleep(POLL_MILLIS);
                    }
                    return new Reached(p.id(), -1, null, last);
                }));
            }
            for (Future<Reached> f : polls) {
                Reached r = f.get();
                out.put(r.point(), r);
            }
        }
        return out;
    }

    void assertWithin(Reached r, String what) {
        assertThat(r.millis()).as(() -> r.point() + " did not " + what + " within " + GIVE_UP + "; its last answer: " + r.last() + "\n" + logs())
                .isNotNegative();
        assertThat(r.millis()).as(() -> r.point() + " took " + r.millis() + " ms to " + what + "\n" + logs()).isLessThanOrEqualTo(PROPAGATION.toMillis());
    }

    static void report(String what, Map<String, Reached> reached) {
        StringBuilder b = new StringBuilder("propagation of ").append(what).append(':');
        reached.values().forEach(r -> b.append(' ').append(r.point()).append(' ').append(r.millis()).append(" ms;"));
        System.out.println(b);
    }

    static long millisSince(long nanos) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - nanos);
    }

    interface Probe<T> {
        T get() throws Exception;
    }

    /** Asks {@code probe} every 20 ms until {@code done}; fails with the last answer and every process's log tails after {@code timeout}. */
    <T> T await(String what, Duration timeout, Probe<T> probe, Predicate<T> done) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        Object last = null;
        while (true) {
            try {
                T v = probe.get();
                if (done.test(v)) {
                    return v;
                }
                last = v;
            } catch (InterruptedException e) {
                throw e;
            } catch (Exception e) {
                last = e;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("waited " + timeout + " for " + what + "; last: " + last + "\n" + logs());
            }
            Thread.sleep(20);
        }
    }

    /** The tails of every process's output, for failure messages. */
    String logs() {
        StringBuilder b = new StringBuilder();
        for (JarProcess p : processes) {
            b.append(p.tails());
        }
        return b.toString();
    }
}
