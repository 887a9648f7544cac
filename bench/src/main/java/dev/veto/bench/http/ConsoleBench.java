package dev.veto.bench.http;

import dev.veto.control.Actor;
import dev.veto.control.Commands;
import dev.veto.control.ControlPlane;
import dev.veto.control.Event;
import dev.veto.control.Inputs;
import dev.veto.ledger.Log;
import dev.veto.ledger.note.SignerKey;
import dev.veto.server.AccessLog;
import dev.veto.server.VetoServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * How fast the console's pages render on a large platform: {@code --cases} cases (default
 * 10,000: every case with evidence and a finding, every 10th with a proposal, every 20th of those
 * enforced with its notice, every other enforced one appealed, every 4th appeal decided) against
 * a platform of {@code --scale} (1: 1,000 orgs × 10 units × 10 accounts × (9 users + 1 bucket) =
 * 1.11 M entities), written through the control plane into a fresh SQLite log as the workflow
 * would. Then each page is fetched over loopback HTTP by a signed-in browser's session, one
 * request at a time: {@code --warmup} times, then {@code --requests} timed. Prints per page the
 * p50, p99 and max in milliseconds (the whole request, as a browser waits for it), as JSON.
 *
 * <p>Run from the repository root:
 * <pre>
 * scripts/bench --main dev.veto.bench.http.ConsoleBench [--cases 10000] [--scale 1] [--requests 300] [--warmup 100]
 * </pre>
 */
public final class ConsoleBench {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private ConsoleBench() {}

    public static void main(String[] args) throws Exception {
        Map<String, String> opt = new LinkedHashMap<>(Map.of("--cases", "10000", "--scale", "1", "--requests", "300", "--warmup", "100"));
        for (int i = 0; i + 1 < args.length; i += 2) {
            if (!opt.containsKey(args[i])) {
                throw new IllegalArgumentException("unknown option `" + args[i] + "`; options: " + opt.keySet());
            }
            opt.put(args[i], args[i + 1]);
        }
        int cases = Integer.parseInt(opt.get("--cases"));
        double scale = Double.parseDouble(opt.get("--scale"));
        int requests = Integer.parseInt(opt.get("--requests"));
        int warmup = Integer.parseInt(opt.get("--warmup"));
        Path dir = Files.createTempDirectory("veto-console-bench");
        long t0 = System.nanoTime();
        ControlPlane plane = ControlPlane.open(Log.create(dir.resolve("veto.db").toString(), "bench.veto.dev/console",
                SignerKey.generate("bench.veto.dev/console")), Clock.systemUTC(), "Example Cloud");
        Map<String, String> tokens = new LinkedHashMap<>();
        int orgs = seedPlatform(plane, scale, tokens);
        long t1 = System.nanoTime();
        Map<String, String> ids = seedCases(plane, cases, orgs);
        long t2 = System.nanoTime();
        System.err.printf(Locale.ROOT, "platform: %,d entities in %.1f s; %,d cases in %.1f s%n",
                plane.decisions().snapshot().entityCount(), (t1 - t0) / 1e9, cases, (t2 - t1) / 1e9);
        VetoServer server = VetoServer.start(plane, new VetoServer.Options("127.0.0.1", 0, AccessLog.failuresTo(System.err), null, null));
        try {
            String base = "http://127.0.0.1:" + server.port();
            HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
            Map<String, String> cookies = new LinkedHashMap<>();
            for (String who : List.of("rita", "ana", "carl", "admin", "customer")) {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + server.signInLink(tokens.get(who))))
                        .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
                String c = r.headers().firstValue("Set-Cookie").orElseThrow();
                cookies.put(who, c.substring(0, c.indexOf(';')));
            }
            Map<String, String[]> pages = new LinkedHashMap<>();
            pages.put("queue", new String[] {"rita", "/console/cases"});
            pages.put("queue-search", new String[] {"rita", "/console/cases?status=open&q=o7%2Fu3"});
            pages.put("queue-last-page", new String[] {"rita", "/console/cases?page=" + (cases / 50)});
            pages.put("case", new String[] {"rita", "/console/cases/" + ids.get("appealedCase")});
            pages.put("proposal-pending", new String[] {"ana", "/console/proposals/" + ids.get("pendingProposal")});
            pages.put("proposal-enforced", new String[] {"ana", "/console/proposals/" + ids.get("enforcedProposal")});
            pages.put("enforcement", new String[] {"ana", "/console/enforcements/" + ids.get("enforcement")});
            pages.put("appeals", new String[] {"carl", "/console/appeals"});
            pages.put("portal", new String[] {"customer", "/console/portal"});
            pages.put("notice", new String[] {"customer", "/console/notices/" + ids.get("notice")});
            pages.put("platform", new String[] {"admin", "/console/platform"});
            pages.put("transparency", new String[] {null, "/transparency"});
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("cases", cases);
            out.put("entities", plane.decisions().snapshot().entityCount());
            double worstP99 = 0;
            Map<String, Object> perPage = new LinkedHashMap<>();
            for (Map.Entry<String, String[]> page : pages.entrySet()) {
                String who = page.getValue()[0];
                HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + page.getValue()[1])).GET();
                if (who != null) {
                    b.header("Cookie", cookies.get(who));
                }
                HttpRequest req = b.build();
                long[] nanos = new long[requests];
                int bytes = 0;
                for (int i = -warmup; i < requests; i++) {
                    long s = System.nanoTime();
                    HttpResponse<byte[]> r = http.send(req, HttpResponse.BodyHandlers.ofByteArray());
                    long e = System.nanoTime();
                    if (r.statusCode() != 200) {
                        throw new IllegalStateException(page.getKey() + " answered " + r.statusCode() + ": " + new String(r.body()));
                    }
                    if (i >= 0) {
                        nanos[i] = e - s;
                        bytes = r.body().length;
                    }
                }
                Arrays.sort(nanos);
                double p50 = nanos[requests / 2] / 1e6;
                double p99 = nanos[(int) Math.ceil(requests * 0.99) - 1] / 1e6;
                double max = nanos[requests - 1] / 1e6;
                worstP99 = Math.max(worstP99, p99);
                Map<String, Object> figures = new LinkedHashMap<>();
                figures.put("p50_ms", round(p50));
                figures.put("p99_ms", round(p99));
                figures.put("max_ms", round(max));
                figures.put("bytes", bytes);
                perPage.put(page.getKey(), figures);
            }
            out.put("pages", perPage);
            out.put("worst_p99_ms", round(worstP99));
            System.out.println(JSON.writerWithDefaultPrettyPrinter().writeValueAsString(out));
        } finally {
            server.close();
            plane.close();
        }
    }

    private static double round(double ms) {
        return Math.round(ms * 100) / 100.0;
    }

    /** The catalog, a principle, the roster and tokens, and the orgs' hierarchy; returns how many orgs. */
    private static int seedPlatform(ControlPlane plane, double scale, Map<String, String> tokens) {
        Commands c = plane.commands();
        Actor admin = new Actor("bench-admin", dev.veto.control.Role.ADMIN, null);
        c.putService(admin, "storage", new Inputs.PutService(List.of(new Event.Operation("GetObject", "read"),
                new Event.Operation("PutObject", "write"), new Event.Operation("ExportBucket", "export"))));
        c.putPrinciple(admin, "no-mass-surveillance", new Inputs.PutPrinciple("No mass surveillance of civilians",
                "Customers may not use the services for the indiscriminate surveillance of civilian populations.", "AUP 4.2", null));
        c.bootstrapRoster(Actor.OPERATOR, List.of("ana", "ben", "carl"));
        for (String a : List.of("ana", "ben", "carl")) {
            tokens.put(a, c.createToken(Actor.OPERATOR, new Inputs.CreateToken("approver", a, null, null)).token());
        }
        tokens.put("rita", c.createToken(Actor.OPERATOR, new Inputs.CreateToken("reviewer", "rita", null, null)).token());
        tokens.put("admin", c.createToken(Actor.OPERATOR, new Inputs.CreateToken("admin", "bench-admin", null, null)).token());
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
        tokens.put("customer", c.createToken(Actor.OPERATOR, new Inputs.CreateToken("customer", "o0-legal", "o0", null)).token());
        return orgs;
    }

    /** The cases, as the workflow makes them; returns ids of one of each kind of page's object. */
    private static Map<String, String> seedCases(ControlPlane plane, int cases, int orgs) {
        Commands c = plane.commands();
        Actor rita = new Actor("rita", dev.veto.control.Role.REVIEWER, null);
        Actor ana = new Actor("ana", dev.veto.control.Role.APPROVER, null);
        Actor ben = new Actor("ben", dev.veto.control.Role.APPROVER, null);
        Actor carl = new Actor("carl", dev.veto.control.Role.APPROVER, null);
        Map<String, String> ids = new LinkedHashMap<>();
        List<String> appeals = new ArrayList<>();
        Instant collected = Instant.now().minusSeconds(86_400);
        for (int i = 0; i < cases; i++) {
            // case i against unit i/orgs of org i%orgs: every org gets cases, the customer's (o0) among them
            String unit = "o" + (i % orgs) + "/u" + ((i / orgs) % 10);
            String id = String.format("C-%04d", i + 1);
            c.openCase(rita, new Inputs.OpenCase(new Event.Ref("Unit", unit), "no-mass-surveillance", "Bulk transcription of calls, case " + i));
            c.addEvidence(rita, id, new Inputs.AddEvidence("metering", "metering export", "Hourly transcription volume",
                    "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08", collected, false));
            c.recordFinding(rita, id, new Inputs.RecordFinding("no-mass-surveillance", "Bulk transcription.", List.of("EV-1")));
            if (i % 10 != 0) {
                continue;
            }
            String proposal = c.propose(rita, id, new Inputs.Propose(new Event.Ref("Unit", unit), List.of("storage"), null, 30, null, null,
                    "AUP 4.2", "Metering shows bulk transcription.", null, false)).id();
            if (i % 200 != 0) {
                ids.putIfAbsent("pendingProposal", proposal);
                continue;
            }
            c.approve(ana, proposal, new Inputs.Approve("holds"));
            dev.veto.control.Approval a = c.approve(ben, proposal, new Inputs.Approve("holds"));
            ids.putIfAbsent("enforcedProposal", proposal);
            ids.putIfAbsent("enforcement", a.enforcementId());
            if (i % 400 == 0) {
                Actor customer = new Actor("o" + (i % orgs) + "-legal", dev.veto.control.Role.CUSTOMER, "o" + (i % orgs));
                c.fileAppeal(customer, id, new Inputs.FileAppeal("We ask for review.", a.noticeId()));
                appeals.add(id);
                if (i % orgs == 0) {
                    ids.putIfAbsent("notice", a.noticeId());
                    ids.putIfAbsent("appealedCase", id);
                }
            }
        }
        // every 4th appeal decided
        for (int k = 0; k < appeals.size(); k += 4) {
            String appealId = plane.queries().caseView(Actor.OPERATOR, appeals.get(k)).appeals().get(0).id();
            c.decideAppeal(carl, appealId, new Inputs.DecideAppeal("upheld", "The finding holds."));
        }
        return ids;
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
}
