package dev.veto.bench.http;

import dev.veto.bench.workload.Catalog;
import dev.veto.bench.workload.PlatformWorkload;
import dev.veto.bench.workload.WorkloadRequest;
import dev.veto.cedar.ast.Request;
import dev.veto.cedar.entity.Entity;
import dev.veto.cedar.json.CedarJson;
import dev.veto.cedar.value.RecordValue;
import dev.veto.cedar.value.Value;
import dev.veto.control.Actor;
import dev.veto.control.ControlPlane;
import dev.veto.control.Event;
import dev.veto.control.Inputs;
import dev.veto.engine.EngineRequest;
import dev.veto.ledger.Log;
import dev.veto.ledger.note.SignerKey;
import dev.veto.server.AccessLog;
import dev.veto.server.VetoServer;
import java.io.IOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Decision throughput and latency of the HTTP API on loopback: {@code POST /v1/authorize} (one
 * decision per request) and {@code POST /v1/authorize/batch} (B decisions per request), against
 * a real {@link VetoServer} in this JVM over a {@link ControlPlane} on a fresh SQLite {@link Log}.
 * The targets it reports against: 20,000 single decisions/s and 500,000 decisions/s in batches.
 *
 * <p>Set-up: the seeded {@link PlatformWorkload} at {@code --scale} is loaded through the control
 * plane, so through the log, as an operator would: the service catalog ({@code putService}), the
 * orgs, units and accounts ({@code putEntities}, 2,000 per call), the workload's extension of the
 * platform schema ({@code putSchema}, requests checked against it), and the policies
 * ({@code putPolicy}, one commit each, each validated; the permits as {@link #validatingPermit}
 * writes them; the workload's enforcement forbids are stored as platform
 * policies named {@code bench-enf-…} with their annotations {@code @bench_case} and so on,
 * because ids starting {@code enf-} and those annotations belong to the case workflow). A {@code pep} token authenticates the load.
 * Each request body is a workload request as a PEP sends it: principal, action, resource, context
 * ({@code mfa}, {@code sourceIp}; no {@code now}, which the server sets) and, by default, the
 * principal and resource entities (about 580 bytes a request; their accounts, units and orgs are
 * stored). With {@code --entities stored} those principals and resources are stored too and the
 * requests carry no {@code entities} (about 230 bytes). Before any load, a sample of requests is
 * decided over HTTP, singly and in a batch, and in-process by the control plane; all three must
 * agree.
 *
 * <p>Load: {@code wrk} when it is on the PATH (Debian: {@code apt-get install wrk}), otherwise a
 * keep-alive socket client in this JVM ({@code --client java} forces it). Both are closed loops:
 * each of C connections sends its next request when the previous answer is in, so latency is
 * measured at the throughput the server reaches with C requests in flight. Each scenario (single,
 * then each batch size) has a warm-up run (the JIT needs it), then {@code --rounds} timed runs; a
 * batch request's latency is that of the whole batch, and decisions/s = requests/s × B. The
 * server's own count of decisions ({@code veto_decisions_total} in {@code /metrics}) is checked
 * against the client's. Per round it reports the server's CPU (this JVM, in cores, and the share
 * spent in the kernel), the load generator's (bash {@code times} around wrk), every other
 * process's on the machine (from {@code /proc/stat}: on a shared machine, the noise), and server
 * CPU microseconds per decision, the figure least disturbed by other work.
 *
 * <p>Run from the repository root:
 * <pre>
 * scripts/bench --main dev.veto.bench.http.HttpDecisionLoad [--scale 0.01] [--seconds 10] [--connections 16]
 *     [--batch 100,1000] [--batch-connections 2] [--rounds 2] [--warmup 15] [--entities inline|stored]
 *     [--wrk-threads 1] [--requests 20000] [--seed 1] [--client wrk|java] [--single yes|no]
 * </pre>
 * {@code --batch 0} measures single decisions only, {@code --single no} batches only. The default scale, 0.01, is 11,140 stored
 * entities and 111 policies and loads in a few seconds; {@code --scale 1} (1.1 million entities,
 * 11,001 policies) loads through the log in about a minute on two cores.
 */
public final class HttpDecisionLoad {
    static final String ORIGIN = "bench.veto.dev/http-load";
    static final double SINGLE_TARGET = 20_000;
    static final double BATCH_TARGET = 500_000;
    private static final int ENTITIES_PER_PUT = 2_000;
    private static final int VERIFY = 200;
    /** The server's limit on a batch (VetoServer.MAX_BATCH). */
    private static final int MAX_BATCH = 10_000;
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private HttpDecisionLoad() {}

    record Options(long seed, double scale, int seconds, int connections, int batchConnections, List<Integer> batches,
                   int rounds, int warmup, int wrkThreads, int requests, String client, boolean storedEntities,
                   boolean single) {

        static Options parse(String[] args) {
            long seed = 1;
            double scale = 0.01;
            int seconds = 10;
            int connections = 16;
            int batchConnections = 2;
            List<Integer> batches = List.of(100, 1000);
            int rounds = 2;
            int warmup = 15;
            int wrkThreads = 1;
            int requests = 20_000;
            String client = null;
            boolean storedEntities = false;
            boolean single = true;
            for (int i = 0; i < args.length; i++) {
                String a = args[i];
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException("option `" + a + "` needs a value");
                }
                String v = args[++i];
                switch (a) {
                    case "--seed" -> seed = Long.parseLong(v);
                    case "--scale" -> scale = Double.parseDouble(v);
                    case "--seconds" -> seconds = Integer.parseInt(v);
                    case "--connections" -> connections = Integer.parseInt(v);
                    case "--batch-connections" -> batchConnections = Integer.parseInt(v);
                    case "--batch" -> batches = Stream.of(v.split(",")).map(String::trim).map(Integer::parseInt).filter(b -> b > 0).toList();
                    case "--rounds" -> rounds = Integer.parseInt(v);
                    case "--warmup" -> warmup = Integer.parseInt(v);
                    case "--wrk-threads" -> wrkThreads = Integer.parseInt(v);
                    case "--requests" -> requests = Integer.parseInt(v);
                    case "--entities" -> storedEntities = oneOf(a, v, "inline", "stored").equals("stored");
                    case "--single" -> single = oneOf(a, v, "yes", "no").equals("yes");
                    case "--client" -> client = oneOf(a, v, "wrk", "java");
                    default -> throw new IllegalArgumentException("unknown option `" + a + "`; see the class's Javadoc");
                }
            }
            for (int b : batches) {
                if (b > MAX_BATCH) {
                    throw new IllegalArgumentException("--batch " + b + " is over the server's limit of " + MAX_BATCH);
                }
            }
            if (seconds < 1 || connections < 1 || batchConnections < 1 || rounds < 1 || warmup < 0 || wrkThreads < 1 || requests < VERIFY) {
                throw new IllegalArgumentException("--seconds, --connections, --batch-connections, --rounds and --wrk-threads must be at least 1, "
                        + "--warmup at least 0, --requests at least " + VERIFY);
            }
            if (!single && batches.isEmpty()) {
                throw new IllegalArgumentException("--single no with --batch 0 leaves nothing to measure");
            }
            return new Options(seed, scale, seconds, connections, batchConnections, batches, rounds, warmup, wrkThreads, requests, client,
                    storedEntities, single);
        }

        /** {@code value} of option {@code option}, which must be {@code a} or {@code b}. */
        private static String oneOf(String option, String value, String a, String b) {
            if (!value.equals(a) && !value.equals(b)) {
                throw new IllegalArgumentException(option + " is " + a + " or " + b + ", got `" + value + "`");
            }
            return value;
        }
    }

    /** One timed run of one scenario, with what the server side saw. */
    record Row(String scenario, int batch, int round, int connections, LoadResult load, long serverDecisions,
               double serverCpuSeconds, long gcMillis, double otherCores) {

        double decisionsPerSecond() {
            return load.requestsPerSecond() * batch;
        }

        /** Server CPU time per decision: how far two free cores would go, whatever else ran. */
        double cpuMicrosPerDecision() {
            return serverCpuSeconds * 1e6 / Math.max(1, load.requests() * batch);
        }
    }

    public static void main(String[] args) throws Exception {
        Options o = Options.parse(args);
        Path dir = Files.createTempDirectory("veto-http-load");
        try {
            run(o, dir);
        } finally {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static void run(Options o, Path dir) throws Exception {
        boolean useWrk = o.client() == null ? WrkClient.available() : o.client().equals("wrk");
        if (useWrk && !WrkClient.available()) {
            throw new IllegalStateException("--client wrk, but wrk is not on the PATH (Debian: apt-get install wrk)");
        }
        say("JDK %s, %d CPUs, max heap %d MB; load generator: %s", Runtime.version(), Runtime.getRuntime().availableProcessors(),
                Runtime.getRuntime().maxMemory() >> 20, useWrk ? "wrk" : "keep-alive sockets in this JVM (wrk not found)");

        long t0 = System.nanoTime();
        PlatformWorkload w = PlatformWorkload.generate(o.seed(), o.scale());
        say("workload seed %d scale %s: %s (%.0f ms)", o.seed(), o.scale(), w.counts(), ms(t0));

        Log log = Log.create(dir.resolve("veto.db").toString(), ORIGIN, SignerKey.generate(ORIGIN));
        ControlPlane plane = ControlPlane.open(log, Clock.systemUTC(), "Bench");
        try {
            t0 = System.nanoTime();
            String token = load(plane, w);
            List<WorkloadRequest> requests = w.requests(0, o.requests());
            if (o.storedEntities()) {
                storeRequestEntities(plane, requests);
            }
            say("loaded through the log: revision %d, %d entities and %d policies in the engine (%.1f s)",
                    plane.revision(), plane.decisions().snapshot().entityCount(), plane.decisions().snapshot().policyCount(), ms(t0) / 1000);

            t0 = System.nanoTime();
            List<String> bodies = new ArrayList<>(requests.size());
            for (WorkloadRequest r : requests) {
                bodies.add(JSON.writeValueAsString(body(r, !o.storedEntities())));
            }
            say("%d request bodies, %.0f bytes each on average (%.0f ms)", bodies.size(),
                    bodies.stream().mapToInt(String::length).average().orElse(0), ms(t0));

            try (VetoServer server = VetoServer.start(plane, "127.0.0.1", 0, AccessLog.discard())) {
                String base = "http://127.0.0.1:" + server.port();
                say("server on %s", base);
                verify(base, token, plane, requests, bodies);

                List<Row> rows = new ArrayList<>();
                WrkClient wrk = useWrk ? new WrkClient(dir, o.wrkThreads()) : null;
                List<Integer> sizes = new ArrayList<>();
                if (o.single()) {
                    sizes.add(1);
                }
                sizes.addAll(o.batches());
                for (int b : sizes) {
                    String path = b == 1 ? "/v1/authorize" : "/v1/authorize/batch";
                    List<String> scenarioBodies = b == 1 ? bodies : batches(bodies, b);
                    int conns = b == 1 ? o.connections() : o.batchConnections();
                    String name = b == 1 ? "single" : "batch " + b;
                    Path file = dir.resolve("bodies-" + b + ".txt");
                    Files.write(file, scenarioBodies, StandardCharsets.UTF_8);
                    List<byte[]> raw = wrk != null ? null : scenarioBodies.stream().map(s -> SocketClient.request(path, token, s)).toList();
                    say("");
                    say("== %s: POST %s, %d distinct bodies, %d connections%s", name, path, scenarioBodies.size(), conns,
                            wrk == null ? "" : "; " + wrk.command(base + path, file, conns, o.seconds()));
                    if (o.warmup() > 0) {
                        LoadResult warm = drive(wrk, server.port(), base + path, file, raw, token, conns, o.warmup());
                        say("   warm-up  %s", line(warm, b));
                    }
                    for (int round = 1; round <= o.rounds(); round++) {
                        rows.add(round(name, b, round, conns, base, () -> drive(wrk, server.port(), base + path, file, raw, token, conns,
                                o.seconds()), wrk == null));
                    }
                }
                summary(o, plane.decisions().snapshot().entityCount(), plane.decisions().snapshot().policyCount(), useWrk, rows);
            }
        } finally {
            plane.close();
        }
    }

    // ---- set-up ----

    /** Loads the workload through the control plane (and so the log), requests checked against the schema; returns a pep token. */
    public static String load(ControlPlane plane, PlatformWorkload w) {
        return load(plane, w, true);
    }

    /**
     * Loads the workload through the control plane (and so the log): the catalog, the stored
     * entities, the workload's extension of the platform schema (decision requests checked
     * against it when {@code checkRequests}), then the policies, each validated as it is put;
     * returns a pep token.
     */
    public static String load(ControlPlane plane, PlatformWorkload w, boolean checkRequests) {
        Catalog c = w.catalog();
        int perService = c.actions() / c.services();
        for (int s = 0; s < c.services(); s++) {
            List<Event.Operation> ops = new ArrayList<>(perService);
            for (int op = 0; op < perService; op++) {
                int a = s * perService + op;
                String id = c.action(a).id();
                ops.add(new Event.Operation(id.substring(id.indexOf(':') + 1), c.access(a).name().toLowerCase(Locale.ROOT)));
            }
            plane.commands().putService(Actor.OPERATOR, c.service(s), new Inputs.PutService(ops));
        }
        ArrayNode chunk = JsonNodeFactory.instance.arrayNode();
        for (var it = w.entities().filter(e -> !e.uid().type().equals("Action")).iterator(); it.hasNext(); ) {
            chunk.add(CedarJson.toJson(it.next()));
            if (chunk.size() == ENTITIES_PER_PUT || !it.hasNext()) {
                plane.commands().putEntities(Actor.OPERATOR, chunk);
                chunk = JsonNodeFactory.instance.arrayNode();
            }
        }
        plane.commands().putSchema(Actor.OPERATOR, PlatformWorkload.schemaExtension(), checkRequests);
        for (Map.Entry<String, String> p : w.policyTexts().entrySet()) {
            if (p.getKey().equals(ControlPlane.BASELINE_ID)) {
                continue; // the control plane installs the same baseline permit
            }
            if (p.getKey().startsWith("enf-")) {
                plane.commands().putPolicy(Actor.OPERATOR, "bench-" + p.getKey(), asPlatformPolicy(p.getValue()));
            } else {
                plane.commands().putPolicy(Actor.OPERATOR, p.getKey(), validatingPermit(p.getValue()));
            }
        }
        return plane.commands().createToken(Actor.OPERATOR, new Inputs.CreateToken("pep", "bench", null)).token();
    }

    /**
     * A workload enforcement forbid as a platform may store it: the annotations and the id the
     * case workflow reserves for its own enforcements get a {@code bench_} prefix (the same
     * annotations, one word longer each).
     */
    static String asPlatformPolicy(String text) {
        return text.replace("@id(\"enf-", "@id(\"bench-enf-")
                .replace("@case(", "@bench_case(")
                .replace("@principle(", "@bench_principle(")
                .replace("@notice(", "@bench_notice(");
    }

    /**
     * A workload permit as a platform has to write it to pass validation: the platform schema
     * lets every entity type be a principal or a resource, so a condition reading an attribute
     * only some types have first asks whether the entity has it (the workload's own text reads
     * them bare, and errors where they are missing: what the engine benchmarks measure).
     */
    static String validatingPermit(String text) {
        return text.replace("when { resource.region == principal.region }",
                        "when { principal has region && resource has region && resource.region == principal.region }")
                .replace("when { resource.owner == principal }", "when { resource has owner && resource.owner == principal }")
                .replace("when { principal.level > 2 }", "when { principal has level && principal.level > 2 }");
    }

    /**
     * A workload request as a PEP sends it: without {@code context.now}, and with the principal and
     * resource entities if {@code withEntities}.
     */
    public static ObjectNode body(WorkloadRequest r, boolean withEntities) {
        Request q = r.request();
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.set("principal", CedarJson.uidJson(q.principal()));
        o.set("action", CedarJson.uidJson(q.action()));
        o.set("resource", CedarJson.uidJson(q.resource()));
        ObjectNode ctx = o.putObject("context");
        context(q).attributes().forEach((k, v) -> ctx.set(k, CedarJson.toJson(v)));
        if (withEntities) {
            ArrayNode es = o.putArray("entities");
            for (Entity e : r.slice()) {
                es.add(CedarJson.toJson(e));
            }
        }
        return o;
    }

    /** Stores the principals and resources of {@code requests} (for {@code --entities stored}). */
    static void storeRequestEntities(ControlPlane plane, List<WorkloadRequest> requests) {
        Map<dev.veto.cedar.value.EntityUid, Entity> distinct = new LinkedHashMap<>();
        for (WorkloadRequest r : requests) {
            for (Entity e : r.slice()) {
                distinct.putIfAbsent(e.uid(), e);
            }
        }
        ArrayNode chunk = JsonNodeFactory.instance.arrayNode();
        for (var it = distinct.values().iterator(); it.hasNext(); ) {
            chunk.add(CedarJson.toJson(it.next()));
            if (chunk.size() == ENTITIES_PER_PUT || !it.hasNext()) {
                plane.commands().putEntities(Actor.OPERATOR, chunk);
                chunk = JsonNodeFactory.instance.arrayNode();
            }
        }
    }

    private static RecordValue context(Request q) {
        Map<String, Value> m = new LinkedHashMap<>(q.context().attributes());
        m.remove("now");
        return new RecordValue(m);
    }

    /** Batch bodies of {@code size} requests each, consecutive slices of {@code bodies}, wrapping around. */
    public static List<String> batches(List<String> bodies, int size) {
        int count = Math.max(4, Math.min(200, bodies.size() / size));
        List<String> out = new ArrayList<>(count);
        int next = 0;
        for (int k = 0; k < count; k++) {
            StringBuilder b = new StringBuilder(size * (bodies.get(0).length() + 1) + 16).append("{\"requests\":[");
            for (int i = 0; i < size; i++) {
                b.append(i == 0 ? "" : ",").append(bodies.get(next));
                next = next + 1 == bodies.size() ? 0 : next + 1;
            }
            out.add(b.append("]}").toString());
        }
        return out;
    }

    /** The first requests decided over HTTP singly, in one batch, and in-process must all agree. */
    private static void verify(String base, String token, ControlPlane plane, List<WorkloadRequest> requests, List<String> bodies)
            throws IOException, InterruptedException {
        HttpClient http = HttpClient.newHttpClient();
        int allow = 0;
        List<String> single = new ArrayList<>(VERIFY);
        for (int i = 0; i < VERIFY; i++) {
            JsonNode n = post(http, base + "/v1/authorize", token, bodies.get(i));
            single.add(n.get("decision").asString());
        }
        JsonNode batch = post(http, base + "/v1/authorize/batch", token, batches(bodies.subList(0, VERIFY), VERIFY).get(0));
        for (int i = 0; i < VERIFY; i++) {
            Request q = requests.get(i).request();
            boolean allowed = plane.decisions().decide(new EngineRequest(q.principal(), q.action(), q.resource(), context(q), requests.get(i).slice()))
                    .response().isAllowed();
            String inProcess = allowed ? "allow" : "deny";
            JsonNode b = batch.get("responses").get(i);
            String batched = b.has("decision") ? b.get("decision").asString() : b.toString();
            if (!single.get(i).equals(inProcess) || !batched.equals(inProcess)) {
                throw new IllegalStateException("request " + i + " decided " + single.get(i) + " over HTTP, " + batched + " in a batch, "
                        + inProcess + " in-process: " + bodies.get(i));
            }
            allow += allowed ? 1 : 0;
        }
        say("checked %d requests: HTTP, HTTP batch and in-process agree (%d allow, %d deny)", VERIFY, allow, VERIFY - allow);
    }

    private static JsonNode post(HttpClient http, String url, String token, String body) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IllegalStateException("POST " + url + " answered " + r.statusCode() + ": " + r.body());
        }
        return JSON.readTree(r.body());
    }

    // ---- measuring ----

    interface Run {
        LoadResult run() throws InterruptedException;
    }

    /** One timed run, with the server's CPU, decisions and GC, and what the rest of the machine used. */
    private static Row round(String name, int batch, int round, int conns, String base, Run run, boolean clientInProcess)
            throws IOException, InterruptedException {
        long decisionsBefore = serverDecisions(base);
        long cpuBefore = processCpuNanos();
        long[] ticksBefore = userSystemTicks();
        long machineBefore = machineBusyTicks();
        long gcBefore = gcMillis();
        LoadResult r = run.run();
        long[] ticks = userSystemTicks();
        long machine = machineBusyTicks() - machineBefore;
        double clientCpu = Double.isNaN(r.clientCpuSeconds()) ? 0 : r.clientCpuSeconds();
        // the socket client runs in this JVM: its threads' CPU time is not the server's
        double serverCpu = (processCpuNanos() - cpuBefore) / 1e9 - (clientInProcess ? clientCpu : 0);
        double others = machine <= 0 ? Double.NaN : Math.max(0, machine / TICKS_PER_SECOND - serverCpu - clientCpu) / r.seconds();
        Row row = new Row(name, batch, round, conns, r, serverDecisions(base) - decisionsBefore, serverCpu, gcMillis() - gcBefore, others);
        long user = ticks[0] - ticksBefore[0];
        long system = ticks[1] - ticksBefore[1];
        say("   round %d  %s; server counted %,d decisions, CPU %.2f cores (%s), %.1f us CPU per decision, GC %d ms; other processes %.2f cores",
                round, line(r, batch), row.serverDecisions(), serverCpu / r.seconds(),
                user + system > 0 ? String.format(Locale.ROOT, "%.0f%% in the kernel", 100.0 * system / (user + system)) : "kernel share unknown",
                row.cpuMicrosPerDecision(), row.gcMillis(), others);
        return row;
    }

    private static LoadResult drive(WrkClient wrk, int port, String url, Path file, List<byte[]> raw, String token, int conns, int seconds)
            throws InterruptedException {
        return wrk != null ? wrk.run(url, file, token, conns, seconds) : SocketClient.run(port, raw, conns, seconds);
    }

    /** The server's {@code veto_decisions_total}, allow and deny together. */
    private static long serverDecisions(String base) throws IOException, InterruptedException {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(base + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString());
        double sum = 0;
        for (String l : r.body().split("\n")) {
            if (l.startsWith("veto_decisions_total{")) {
                sum += Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1));
            }
        }
        return Math.round(sum);
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    /** Clock ticks per second of /proc's CPU times (USER_HZ, 100 on Linux). */
    private static final double TICKS_PER_SECOND = 100;

    /** CPU ticks the whole machine spent busy (all but idle and iowait), from /proc/stat (Linux), or 0. */
    private static long machineBusyTicks() {
        try {
            String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
            long busy = 0;
            for (int i = 1; i < Math.min(f.length, 9); i++) {
                if (i != 4 && i != 5) {
                    busy += Long.parseLong(f[i]);
                }
            }
            return busy;
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    /** This process's user and system CPU ticks from /proc (Linux), or zeros. */
    private static long[] userSystemTicks() {
        try {
            String stat = Files.readString(Path.of("/proc/self/stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return new long[] {Long.parseLong(f[11]), Long.parseLong(f[12])};
        } catch (IOException | RuntimeException e) {
            return new long[2];
        }
    }

    private static long gcMillis() {
        long sum = 0;
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            sum += Math.max(0, gc.getCollectionTime());
        }
        return sum;
    }

    private static String line(LoadResult r, int batch) {
        return String.format(Locale.ROOT, "%,.0f req/s = %,.0f decisions/s; latency p50 %s, p90 %s, p99 %s, max %s; %d errors%s",
                r.requestsPerSecond(), r.requestsPerSecond() * batch, msText(r.p50Us()), msText(r.p90Us()), msText(r.p99Us()),
                msText(r.maxUs()), r.errors(), Double.isNaN(r.clientCpuSeconds()) ? ""
                        : String.format(Locale.ROOT, "; client CPU %.2f cores", r.clientCpuSeconds() / r.seconds()));
    }

    private static void summary(Options o, long entities, long policies, boolean useWrk, List<Row> rows) {
        say("");
        say("Summary: HTTP decisions on loopback; %d CPUs shared by the server and the load generator (%s); workload scale %s, "
                        + "%d entities and %d policies in the engine; principal and resource entities %s; %d s per round; latency of one "
                        + "HTTP request (a whole batch), closed loop", Runtime.getRuntime().availableProcessors(),
                useWrk ? "wrk, " + o.wrkThreads() + " thread(s)" : "socket client in-process", o.scale(), entities, policies,
                o.storedEntities() ? "stored (requests without `entities`)" : "sent in each request", o.seconds());
        String head = String.format(Locale.ROOT, "%-11s %5s %5s %11s %13s %8s %8s %8s %8s %8s %7s %7s %7s %8s %6s %6s  %s",
                "scenario", "round", "conns", "requests/s", "decisions/s", "p50 ms", "p90 ms", "p99 ms", "p99.9 ms", "max ms",
                "srv CPU", "cli CPU", "others", "us/dec", "GC ms", "errors", "target");
        say("%s", head);
        say("%s", "-".repeat(head.length()));
        for (Row r : rows) {
            LoadResult l = r.load();
            double target = r.batch() == 1 ? SINGLE_TARGET : BATCH_TARGET;
            long expected = l.requests() * r.batch();
            String counted = Math.abs(r.serverDecisions() - expected) <= (long) r.connections() * r.batch() ? ""
                    : " (server counted " + r.serverDecisions() + ")";
            say("%-11s %5d %5d %,11.0f %,13.0f %8s %8s %8s %8s %8s %7.2f %7s %7s %8.2f %6d %6d  %s%s", r.scenario(), r.round(), r.connections(),
                    l.requestsPerSecond(), r.decisionsPerSecond(), msText(l.p50Us()), msText(l.p90Us()), msText(l.p99Us()), msText(l.p999Us()),
                    msText(l.maxUs()), r.serverCpuSeconds() / l.seconds(),
                    Double.isNaN(l.clientCpuSeconds()) ? "-" : String.format(Locale.ROOT, "%.2f", l.clientCpuSeconds() / l.seconds()),
                    Double.isNaN(r.otherCores()) ? "-" : String.format(Locale.ROOT, "%.2f", r.otherCores()), r.cpuMicrosPerDecision(), r.gcMillis(), l.errors(), String.format(Locale.ROOT, "%s %,.0f/s", r.decisionsPerSecond() >= target ? "met" : "MISSED", target),
                    counted);
        }
        say("srv CPU: this JVM%s, in cores; cli CPU: the load generator's; others: every other process on the machine "
                + "(noise); us/dec: server CPU microseconds per decision.", useWrk ? "" : " less the in-process client's threads");
    }

    private static String msText(long us) {
        return String.format(Locale.ROOT, "%.2f", us / 1000.0);
    }

    private static void say(String format, Object... args) {
        System.out.println(String.format(Locale.ROOT, format, args));
    }

    private static double ms(long t0) {
        return (System.nanoTime() - t0) / 1e6;
    }
}
