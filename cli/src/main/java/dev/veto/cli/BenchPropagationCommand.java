package dev.veto.cli;

import dev.veto.control.Actor;
import dev.veto.control.Committed;
import dev.veto.control.ControlPlane;
import dev.veto.control.Event;
import dev.veto.control.Inputs;
import dev.veto.control.Role;
import dev.veto.ledger.Log;
import dev.veto.ledger.note.SignerKey;
import dev.veto.pep.VetoPep;
import dev.veto.server.AccessLog;
import dev.veto.server.VetoServer;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code veto bench propagation}: how long an approved restriction (or its lifting, or a moved
 * account) takes to reach every enforcement point. It starts a real server (SQLite, in a temp
 * directory) on a generated platform and N enforcement points (SDK instances in this process,
 * each with its own replica, feed connection and acknowledgements), writes E decision-changing
 * events through the HTTP API in turn — a second approval that enforces, an account moved
 * between units, an appeal reversed that lifts — and for each takes the time from the write's
 * HTTP response to the moment the server has the last point's acknowledgement of it.
 *
 * <p>The points join together: each downloads, reads and checks the state snapshot and builds
 * its own engine from it; entities that are equal in the points joining at the same time are
 * held once ({@code SharedEntities} in the SDK: immutable values), which is what lets a hundred
 * replicas of the full platform share one process. A point alone in its process holds its own.
 */
@Command(name = "propagation", mixinStandardHelpOptions = true,
        description = "Time from an approval's (lifting's, move's) HTTP response to the last enforcement point's acknowledgement.")
final class BenchPropagationCommand implements Callable<Integer> {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Duration ACK_TIMEOUT = Duration.ofSeconds(30);

    @Option(names = "--peps", defaultValue = "100", description = "Enforcement points (default: ${DEFAULT-VALUE}).")
    int peps;

    @Option(names = "--events", defaultValue = "60", description = "Decision-changing writes to time (default: ${DEFAULT-VALUE}).")
    int events;

    @Option(names = "--scale", defaultValue = "0.01",
            description = "Platform size: 1 is 1,000 orgs × 10 units × 10 accounts × (9 users + 1 bucket) = 1.11 M entities (default: ${DEFAULT-VALUE}).")
    double scale;

    @Option(names = "--json", description = "Print one JSON object (the last line) instead of lines for people.")
    boolean json;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    private ControlPlane plane;
    private HttpClient http;
    private String base;
    private final Map<String, String> tokens = new LinkedHashMap<>();

    @Override
    public Integer call() throws Exception {
        if (peps < 1 || peps > 10_000) {
            throw new UserError("--peps: 1 to 10000, got " + peps);
        }
        if (events < 1 || events > 100_000) {
            throw new UserError("--events: 1 to 100000, got " + events);
        }
        if (!(scale > 0) || scale > 10) {
            throw new UserError("--scale: above 0, at most 10, got " + scale);
        }
        PrintWriter out = spec.commandLine().getOut();
        Map<String, Object> outcome;
        PrintWriter err = spec.commandLine().getErr();
        Path dir = Files.createTempDirectory("veto-bench-propagation-");
        SignerKey key = SignerKey.generate("bench.veto.local/log");
        plane = ControlPlane.open(Log.create(dir.resolve("veto.db").toString(), "bench.veto.local/log", key), Clock.systemUTC(), "Bench Cloud");
        VetoServer server = VetoServer.start(plane, "127.0.0.1", 0, AccessLog.discard());
        base = "http://127.0.0.1:" + server.port();
        http = HttpClient.newHttpClient();
        List<VetoPep> points = new ArrayList<>();
        try {
            long t = System.nanoTime();
            int orgs = seed();
            long seeded = System.nanoTime();
            say(err, "platform: %,d entities in %d orgs, seeded in %.1f s", plane.decisions().snapshot().entityCount(), orgs, (seeded - t) / 1e9);
            for (int i = 0; i < peps; i++) {
                // each point with its own HTTP client, as separate services have: one client's
                // single selector thread would otherwise serve every point's feed in turn
                points.add(VetoPep.builder().servers(base).token(tokens.get("pep")).id(String.format("pep-%04d", i))
                        .logKey(plane.events().log().verifierKey().toString()).startAsync());
            }
            long target = plane.revision();
            for (VetoPep p : points) {
                p.awaitRevision(target, Duration.ofMinutes(30));
            }
            long joined = System.nanoTime();
            Runtime rt = Runtime.getRuntime();
            System.gc();
            long heapMb = (rt.totalMemory() - rt.freeMemory()) >> 20;
            say(err, "%d enforcement points joined at revision %d in %.1f s; heap in use %,d MB", peps, target, (joined - seeded) / 1e9, heapMb);
            List<Double> millis = new ArrayList<>();
            boolean allAcked = true;
            Workflow w = new Workflow(orgs);
            for (int i = 0; i < events; i++) {
                Timed write = switch (i % 3) {
                    case 0 -> w.enforce(points);
                    case 1 -> w.move();
                    default -> w.lift(points);
                };
                Double ms = awaitAcks(points, write);
                if (ms == null) {
                    allAcked = false;
                    say(err, "event %d (%s at revision %d): not acknowledged by every point within %s", i, write.kind, write.revision, ACK_TIMEOUT);
                } else {
                    millis.add(ms);
                }
            }
            millis.sort(Comparator.naturalOrder());
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("peps", peps);
            result.put("events", events);
            result.put("p50_ms", round(percentile(millis, 50)));
            result.put("p99_ms", round(percentile(millis, 99)));
            result.put("max_ms", round(millis.isEmpty() ? Double.NaN : millis.get(millis.size() - 1)));
            result.put("all_acked", allAcked && millis.size() == events);
            result.put("scale", scale);
            result.put("entities", plane.decisions().snapshot().entityCount());
            result.put("join_s", round((joined - seeded) / 1e9));
            result.put("heap_mb", heapMb);
            outcome = result;
        } finally {
            for (VetoPep p : points) {
                p.close();
            }
            http.close();
            server.close();
            plane.close();
            try (var files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
        // printed after the server stopped, so its last log lines come before: the result is the last line
        Map<String, Object> result = outcome;
        if (json) {
            out.println(JSON.writeValueAsString(result));
        } else {
            say(out, "%d enforcement points, %d events at scale %s: approval (or lifting, or move) response to the last acknowledgement "
                    + "p50 %s ms, p99 %s ms, max %s ms%s", peps, events, scale, result.get("p50_ms"), result.get("p99_ms"), result.get("max_ms"),
                    Boolean.TRUE.equals(result.get("all_acked")) ? "" : " (some were not acknowledged)");
        }
        out.flush();
        return Boolean.TRUE.equals(result.get("all_acked")) ? 0 : 2;
    }

    /** A write that was timed: what it was, the revision its answer gave, and when the answer arrived. */
    private record Timed(String kind, long revision, Instant answered) {}

    /** The time from the write's answer to the server's having the last point's acknowledgement of its revision; null after the timeout. */
    private Double awaitAcks(List<VetoPep> points, Timed write) throws InterruptedException {
        long deadline = System.nanoTime() + ACK_TIMEOUT.toNanos();
        Instant last = null;
        for (VetoPep p : points) {
            Instant at;
            while ((at = plane.propagation().appliedAt(p.id(), write.revision())) == null) {
                if (System.nanoTime() > deadline) {
                    return null;
                }
                Thread.sleep(1);
            }
            if (last == null || at.isAfter(last)) {
                last = at;
            }
        }
        return Math.max(0, Duration.between(write.answered(), last).toNanos() / 1e6);
    }

    /** The platform: catalog, principle, roster, tokens and the generated organizations; returns how many orgs. */
    private int seed() {
        Actor admin = new Actor("bench-admin", Role.ADMIN, null);
        var c = plane.commands();
        c.putService(admin, "storage", new Inputs.PutService(List.of(new Event.Operation("GetObject", "read"),
                new Event.Operation("PutObject", "write"), new Event.Operation("ExportBucket", "export"))));
        c.putPrinciple(admin, "no-mass-surveillance", new Inputs.PutPrinciple("No mass surveillance of civilians",
                "Customers may not use the services for the indiscriminate surveillance of civilian populations.", "AUP 4.2", null));
        c.bootstrapRoster(Actor.OPERATOR, List.of("ana", "ben", "cai"));
        for (String a : List.of("ana", "ben", "cai")) {
            tokens.put(a, c.createToken(Actor.OPERATOR, new Inputs.CreateToken("approver", a, null, null)).token());
        }
        tokens.put("admin", c.createToken(Actor.OPERATOR, new Inputs.CreateToken("admin", "bench-admin", null, null)).token());
        tokens.put("pep", c.createToken(Actor.OPERATOR, new Inputs.CreateToken("pep", "bench-peps", null, null)).token());
        int orgs = (int) Math.max(2, Math.round(1000 * scale));
        JsonNodeFactory f = JsonNodeFactory.instance;
        ArrayNode batch = f.arrayNode();
        for (int o = 0; o < orgs; o++) {
            batch.add(entity(f, "Org", "o" + o, null, null));
            for (int u = 0; u < 10; u++) {
                String unit = "o" + o + "/u" + u;
                batch.add(entity(f, "Unit", unit, "Org", "o" + o));
                for (int a = 0; a < 10; a++) {
                    String account = unit + "/a" + a;
                    batch.add(entity(f, "Account", account, "Unit", unit));
                    for (int p = 0; p < 9; p++) {
                        batch.add(entity(f, "User", account + "/p" + p, "Account", account));
                    }
                    batch.add(entity(f, "Bucket", account + "/b", "Account", account));
                }
                if (batch.size() >= 5000) {
                    c.putEntities(admin, batch);
                    batch = f.arrayNode();
                }
            }
        }
        if (!batch.isEmpty()) {
            c.putEntities(admin, batch);
        }
        return orgs;
    }

    private static ObjectNode entity(JsonNodeFactory f, String type, String id, String parentType, String parentId) {
        ObjectNode e = f.objectNode();
        e.set("uid", f.objectNode().put("type", type).put("id", id));
        e.set("attrs", f.objectNode());
        ArrayNode parents = e.putArray("parents");
        if (parentType != null) {
            parents.add(f.objectNode().put("type", parentType).put("id", parentId));
        }
        return e;
    }

    /** The workflow's writes, each prepared untimed and then timed at its decision-changing HTTP call. */
    private final class Workflow {
        private final int orgs;
        private int next;
        private int moves;
        /** Enforced cases not yet lifted, oldest first: their org and case id. */
        private final java.util.ArrayDeque<String[]> enforced = new java.util.ArrayDeque<>();

        Workflow(int orgs) {
            this.orgs = orgs;
        }

        /** A case against the next unit, its evidence, finding, proposal and first approval; timed: the second approval. */
        Timed enforce(List<VetoPep> points) throws Exception {
            int k = next++;
            String org = "o" + (k % orgs);
            String unit = org + "/u" + (k / orgs % 10);
            var c = plane.commands();
            Actor reviewer = new Actor("rev", Role.REVIEWER, null);
            Committed opened = c.openCase(reviewer, new Inputs.OpenCase(new Event.Ref("Unit", unit), "no-mass-surveillance", "Bulk transcription."));
            String caseId = ((Event.CaseOpened) opened.events().get(0).event()).id();
            c.addEvidence(reviewer, caseId, new Inputs.AddEvidence("metering", "metering export", "Hourly volume",
                    "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08", Instant.now().minusSeconds(3600), false));
            c.recordFinding(reviewer, caseId, new Inputs.RecordFinding("no-mass-surveillance", "2.1 million hours in 30 days.", List.of("EV-1")));
            String proposal = c.propose(reviewer, caseId, new Inputs.Propose(new Event.Ref("Unit", unit), List.of("storage"), null, 30, null, null,
                    "AUP 4.2", "Metering shows bulk transcription.", null, null)).id();
            c.approve(new Actor("ana", Role.APPROVER, null), proposal, new Inputs.Approve("holds"));
            settle(points);
            Timed t = post("enforcement", "/v1/proposals/" + proposal + "/approvals", tokens.get("ben"), "{}");
            enforced.add(new String[] {org, caseId});
            return t;
        }

        /** Timed: an account moved to its org's next unit. */
        Timed move() throws Exception {
            int k = moves++;
            String org = "o" + (k % orgs);
            String account = org + "/u9/a" + (k / orgs % 10);
            String to = org + "/u" + (k / orgs % 9);
            return call("move", "PUT", "/v1/entities", tokens.get("admin"), """
                    [{"uid": {"type": "Account", "id": "%s"}, "attrs": {}, "parents": [{"type": "Unit", "id": "%s"}]}]""".formatted(account, to));
        }

        /** The customer appeals the oldest enforcement still in force; timed: an uninvolved approver reverses it, which lifts it. */
        Timed lift(List<VetoPep> points) throws Exception {
            String[] e = enforced.poll();
            if (e == null) {
                return enforce(points);
            }
            Committed filed = plane.commands().fileAppeal(new Actor("legal-" + e[0], Role.CUSTOMER, e[0]), e[1],
                    new Inputs.FileAppeal("The processing served a court order.", null));
            String appeal = ((Event.AppealFiled) filed.events().get(0).event()).id();
            settle(points);
            return post("lifting", "/v1/appeals/" + appeal + "/decision", tokens.get("cai"),
                    "{\"outcome\": \"reversed\", \"reasoning\": \"The court order covers it.\"}");
        }
    }

    /**
     * Waits until every point has acknowledged what the untimed preparation wrote (a case, its
     * evidence, a first approval, an appeal), so each timed write is measured on its own.
     */
    private void settle(List<VetoPep> points) throws InterruptedException {
        long r = plane.revision();
        long deadline = System.nanoTime() + ACK_TIMEOUT.toNanos();
        for (VetoPep p : points) {
            while (plane.propagation().appliedAt(p.id(), r) == null && System.nanoTime() < deadline) {
                Thread.sleep(1);
            }
        }
    }

    private Timed post(String kind, String path, String token, String body) throws Exception {
        return call(kind, "POST", path, token, body);
    }

    private Timed call(String kind, String method, String path, String token, String body) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + path)).header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        Instant answered = Instant.now();
        if (r.statusCode() / 100 != 2) {
            throw new IllegalStateException(kind + ": " + method + " " + path + " answered " + r.statusCode() + ": " + r.body());
        }
        JsonNode n = JSON.readTree(r.body());
        return new Timed(kind, n.get("revision").asLong(), answered);
    }

    private static double percentile(List<Double> sorted, int p) {
        if (sorted.isEmpty()) {
            return Double.NaN;
        }
        int rank = (int) Math.ceil(p / 100.0 * sorted.size());
        return sorted.get(Math.max(0, rank - 1));
    }

    private static double round(double v) {
        return Math.round(v * 10) / 10.0;
    }

    private static void say(PrintWriter w, String format, Object... args) {
        w.println(String.format(format, args));
        w.flush();
    }
}
