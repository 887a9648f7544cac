package dev.veto.server;

import dev.veto.cedar.json.CedarJson;
import dev.veto.cedar.json.JsonFormatException;
import dev.veto.control.Access;
import dev.veto.control.Actor;
import dev.veto.control.ControlPlane;
import dev.veto.control.Event;
import dev.veto.control.EventCodec;
import dev.veto.control.Inputs;
import dev.veto.control.Rejection;
import dev.veto.control.TransparencyReport;
import dev.veto.engine.EngineRequest;
import dev.veto.engine.EngineResponse;
import dev.veto.ledger.LogRecord;
import dev.veto.ledger.SignedCheckpoint;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.jetty.server.ConnectionFactory;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.util.component.LifeCycle;
import tools.jackson.databind.JsonNode;

/**
 * Veto's HTTP API (the contract in ARCHITECTURE.md): decisions, platform state, the governance
 * workflow, notices, the transparency report, the log, metrics and health. Handlers are thin:
 * each binds its input, calls the control plane, and writes what it returns. Refusals become
 * {@code {"error": {"status", "code", "message", "field"}}} with the matching 4xx status.
 */
public final class VetoServer implements AutoCloseable {
    /** How long a decision waits for a demanded revision before answering 503. */
    static final Duration REVISION_WAIT = Duration.ofSeconds(2);
    static final int MAX_BATCH = 10_000;
    /** How many requests of a batch have their first cache misses started together. */
    static final int PREFETCH_AHEAD = 4;
    static final long MAX_REQUEST_BYTES = 16L * 1024 * 1024;
    /** How much of a request body one socket read takes, and of a batch's answer one write. */
    static final int IO_BUFFER_BYTES = 64 * 1024;

    private final ControlPlane plane;
    private final Javalin app;
    private final PrometheusMeterRegistry metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final Counter allowed;
    private final Counter denied;
    private final Timer decisionTimer;
    private final Map<Actor, Boolean> mayDecide = new ConcurrentHashMap<>();
    private final AccessLog accessLog;

    private VetoServer(ControlPlane plane, AccessLog accessLog) {
        this.plane = plane;
        this.accessLog = accessLog;
        allowed = Counter.builder("veto_decisions").tag("decision", "allow").description("Decisions answered").register(metrics);
        denied = Counter.builder("veto_decisions").tag("decision", "deny").description("Decisions answered").register(metrics);
        decisionTimer = Timer.builder("veto_decision_request").description("Time to answer a decision request (single or batch)").register(metrics);
        Gauge.builder("veto_revision", plane, ControlPlane::revision).description("Log entries the state reflects").register(metrics);
        Gauge.builder("veto_policies", plane, p -> p.snapshot().policyCount()).description("Policies in the engine").register(metrics);
        Gauge.builder("veto_entities", plane, p -> p.snapshot().entityCount()).description("Entities in the engine").register(metrics);
        app = Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.startup.showOldJavalinVersionWarning = false;
            config.http.maxRequestSize = MAX_REQUEST_BYTES;
            // Requests on virtual threads: with a platform thread per connection a two-core server
            // spends much of its time switching between them in the kernel (measured: batch
            // decisions 262k/s on platform threads, 351k-357k/s on virtual ones). Only from Java 24
            // on, where a virtual thread inside `synchronized` (the control plane's commands, the
            // wait for a revision) no longer pins its carrier; before that, two such waits could
            // hold both carriers of a two-core machine.
            config.concurrency.useVirtualThreads = Runtime.version().feature() >= 24;
            config.requestLogger.http(accessLog::request);
            // A batch body is up to 16 MB; read from the socket 8 KB at a time (Jetty's default)
            // a 600 KB batch takes 75 system calls. 64 KB buffers, held only while a read is
            // under way, take 10.
            config.jetty.modifyServer(server -> server.addEventListener(new LifeCycle.Listener() {
                @Override
                public void lifeCycleStarting(LifeCycle event) {
                    for (Connector c : server.getConnectors()) {
                        for (ConnectionFactory f : c.getConnectionFactories()) {
                            if (f instanceof HttpConnectionFactory h) {
                                h.setInputBufferSize(IO_BUFFER_BYTES);
                            }
                        }
                    }
                }
            }));
            routes(config.routes);
        });
    }

    /** Starts serving {@code plane} on {@code host}:{@code port} (0 picks a free port). */
    public static VetoServer start(ControlPlane plane, String host, int port, AccessLog log) {
        VetoServer s = new VetoServer(plane, log);
        s.app.start(host, port);
        s.follower.scheduleWithFixedDelay(s::follow, FOLLOW_EVERY.toMillis(), FOLLOW_EVERY.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
        return s;
    }

    /** How often the server reads entries other writers appended (tokens made offline, other nodes). */
    static final Duration FOLLOW_EVERY = Duration.ofSeconds(1);

    private final java.util.concurrent.ScheduledExecutorService follower = java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "veto-follow-log");
        t.setDaemon(true);
        return t;
    });

    private void follow() {
        try {
            plane.catchUp();
        } catch (RuntimeException e) {
            accessLog.info("cannot read new log entries", Map.of("error", String.valueOf(e.getMessage())));
        }
    }

    public int port() {
        return app.port();
    }

    public ControlPlane plane() {
        return plane;
    }

    @Override
    public void close() {
        follower.shutdownNow();
        app.stop();
    }

    private void routes(io.javalin.config.RoutesConfig r) {
        r.exception(Rejection.class, (e, ctx) -> error(ctx, e.kind().status, e.kind().name().toLowerCase(), e.getMessage(), e.field()));
        r.exception(JsonFormatException.class, (e, ctx) -> error(ctx, 400, "invalid", e.getMessage(), null));
        r.exception(Exception.class, (e, ctx) -> {
            String id = accessLog.failure(ctx, e);
            error(ctx, 500, "internal", "internal error; the server log has the details under incident " + id, null);
        });
        r.error(404, ctx -> {
            if (ctx.result() == null) {
                error(ctx, 404, "not_found", "no such endpoint: " + ctx.method() + " " + ctx.path() + "; see the API in the README", null);
            }
        });

        r.get("/health", ctx -> json(ctx, ordered("status", "ok", "revision", plane.revision())));
        r.get("/metrics", ctx -> ctx.contentType("text/plain; version=0.0.4; charset=utf-8").result(metrics.scrape()));

        // decisions
        r.post("/v1/authorize", this::authorize);
        r.post("/v1/authorize/batch", this::authorizeBatch);

        // platform state
        r.put("/v1/entities", ctx -> committed(ctx, plane.putEntities(actor(ctx), Json.tree(ctx.bodyAsBytes()))));
        r.delete("/v1/entities/{type}/{id}", ctx -> committed(ctx, plane.removeEntity(actor(ctx), ctx.pathParam("type"), ctx.pathParam("id"))));
        r.put("/v1/services/{service}", ctx -> committed(ctx, plane.putService(actor(ctx), ctx.pathParam("service"), Json.read(ctx.bodyAsBytes(), Inputs.PutService.class))));
        r.get("/v1/services", ctx -> json(ctx, plane.read(actor(ctx), "platform.read", "platform", null, v -> v.services())));
        r.put("/v1/principles/{id}", ctx -> committed(ctx, plane.putPrinciple(actor(ctx), ctx.pathParam("id"), Json.read(ctx.bodyAsBytes(), Inputs.PutPrinciple.class))));
        r.get("/v1/principles", ctx -> json(ctx, plane.read(actor(ctx), "platform.read", "platform", null, v -> v.principles())));
        r.put("/v1/policies/{id}", ctx -> committed(ctx, plane.putPolicy(actor(ctx), ctx.pathParam("id"), ctx.body())));
        r.delete("/v1/policies/{id}", ctx -> committed(ctx, plane.removePolicy(actor(ctx), ctx.pathParam("id"))));
        r.get("/v1/policies", ctx -> json(ctx, plane.read(actor(ctx), "platform.read", "platform", null, v -> v.policies())));
        r.get("/v1/access-policy", ctx -> {
            actor(ctx);
            ctx.contentType("text/plain; charset=utf-8").result(Access.policyText());
        });
        r.post("/v1/tokens", ctx -> {
            ControlPlane.IssuedToken t = plane.createToken(actor(ctx), Json.read(ctx.bodyAsBytes(), Inputs.CreateToken.class));
            ctx.status(201);
            json(ctx, t);
        });

        // governance
        r.post("/v1/cases", ctx -> {
            Actor a = actor(ctx);
            ControlPlane.Committed c = plane.openCase(a, Json.read(ctx.bodyAsBytes(), Inputs.OpenCase.class));
            String id = ((Event.CaseOpened) c.events().get(0).event()).id();
            Map<String, Object> m = new LinkedHashMap<>(plane.read(a, "case.read", "case", id, v -> v.caseView(id)));
            m.put("index", c.firstIndex());
            m.put("revision", c.revision());
            ctx.status(201);
            json(ctx, m);
        });
        r.get("/v1/cases", ctx -> {
            Actor a = actor(ctx);
            json(ctx, Map.of("cases", plane.visibleCases(a)));
        });
        r.get("/v1/cases/{id}", ctx -> json(ctx, plane.read(actor(ctx), "case.read", "case", ctx.pathParam("id"), v -> v.caseView(ctx.pathParam("id")))));
        r.post("/v1/cases/{id}/evidence", ctx -> {
            ControlPlane.Committed c = plane.addEvidence(actor(ctx), ctx.pathParam("id"), Json.read(ctx.bodyAsBytes(), Inputs.AddEvidence.class));
            createdEvent(ctx, c);
        });
        r.post("/v1/cases/{id}/findings", ctx -> {
            ControlPlane.Committed c = plane.recordFinding(actor(ctx), ctx.pathParam("id"), Json.read(ctx.bodyAsBytes(), Inputs.RecordFinding.class));
            createdEvent(ctx, c);
        });
        r.post("/v1/cases/{id}/proposals", ctx -> {
            Actor a = actor(ctx);
            ControlPlane.Proposed p = plane.propose(a, ctx.pathParam("id"), Json.read(ctx.bodyAsBytes(), Inputs.Propose.class));
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", p.id());
            m.put("index", p.committed().firstIndex());
            m.put("revision", p.committed().revision());
            m.put("impact", p.impact());
            m.put("proposal", plane.read(a, "case.read", "proposal", p.id(), v -> v.proposalView(p.id())));
            ctx.status(201);
            json(ctx, m);
        });
        r.get("/v1/proposals/{id}", ctx -> {
            Actor a = actor(ctx);
            String id = ctx.pathParam("id");
            json(ctx, plane.read(a, "case.read", "proposal", id, v -> v.proposalView(id)));
        });
        r.post("/v1/proposals/{id}/approvals", ctx -> {
            byte[] body = ctx.bodyAsBytes();
            Inputs.Approve in = body.length == 0 ? new Inputs.Approve(null) : Json.read(body, Inputs.Approve.class);
            ControlPlane.Approval a = plane.approve(actor(ctx), ctx.pathParam("id"), in);
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("status", a.status());
            m.put("approvals", a.approvals());
            m.put("index", a.committed().firstIndex());
            m.put("revision", a.committed().revision());
            if (a.enforcementId() != null) {
                Map<String, Object> e = new LinkedHashMap<>();
                e.put("id", a.enforcementId());
                e.put("revision", a.enforcementRevision());
                e.put("notice", a.noticeId());
                e.put("policies", a.policies());
                m.put("enforcement", e);
            }
            json(ctx, m);
        });
        r.get("/v1/enforcements/{id}", ctx -> {
            Actor a = actor(ctx);
            String id = ctx.pathParam("id");
            json(ctx, plane.read(a, "case.read", "enforcement", id, v -> v.enforcementView(id)));
        });
        r.get("/v1/notices/{id}", ctx -> json(ctx, plane.read(actor(ctx), "notice.read", "notice", ctx.pathParam("id"), v -> v.noticeLetter(ctx.pathParam("id")))));
        r.get("/v1/notices/{id}/statement-of-reasons", ctx -> json(ctx, plane.read(actor(ctx), "notice.read", "notice", ctx.pathParam("id"),
                v -> v.statementOfReasons(ctx.pathParam("id")))));
        r.post("/v1/cases/{id}/appeals", ctx -> {
            ControlPlane.Committed c = plane.fileAppeal(actor(ctx), ctx.pathParam("id"), Json.read(ctx.bodyAsBytes(), Inputs.FileAppeal.class));
            createdEvent(ctx, c);
        });
        r.post("/v1/appeals/{id}/decision", ctx -> {
            ControlPlane.Committed c = plane.decideAppeal(actor(ctx), ctx.pathParam("id"), Json.read(ctx.bodyAsBytes(), Inputs.DecideAppeal.class));
            committed(ctx, c);
        });
        r.post("/v1/cases/{id}/close", ctx -> committed(ctx, plane.closeCase(actor(ctx), ctx.pathParam("id"), Json.read(ctx.bodyAsBytes(), Inputs.CloseCase.class))));
        r.get("/v1/transparency/report", ctx -> {
            Actor a = actor(ctx);
            plane.read(a, "report.read", "platform", null, v -> null);
            SignedCheckpoint cp = checkpointParam(ctx);
            json(ctx, TransparencyReport.compute(plane.log(), cp));
        });

        // propagation: the change feed enforcement points follow, and their acknowledgements
        // Checked before the stream starts, so refusals get their real status (an SSE response is 200 once begun).
        r.before("/v1/feed", ctx -> {
            String accept = ctx.header("Accept");
            if (accept == null || !accept.contains("text/event-stream")) {
                throw new Rejection(Rejection.Kind.NOT_ACCEPTABLE, "the feed is a stream of server-sent events; send the header `Accept: text/event-stream`");
            }
            Actor a = actor(ctx);
            plane.read(a, "feed.read", "platform", null, v -> null);
            String after = ctx.queryParam("after") != null ? ctx.queryParam("after") : ctx.header("Last-Event-ID");
            long from = 0;
            if (after != null) {
                try {
                    from = Long.parseLong(after.strip());
                } catch (NumberFormatException e) {
                    throw Rejection.invalid("after", "`after` must be a revision (a non-negative integer), got \"" + after + "\"");
                }
            }
            if (from < 0 || from > plane.revision()) {
                throw Rejection.invalid("after", "`after` " + from + " is outside 0 to the current revision " + plane.revision());
            }
            ctx.attribute("feedFrom", from);
        });
        r.sse("/v1/feed", client -> ChangeFeed.serve(client, plane, client.ctx().<Long>attribute("feedFrom")));
        r.post("/v1/peps/{id}/ack", ctx -> {
            Actor a = actor(ctx);
            plane.read(a, "pep.ack", "platform", null, v -> null);
            String pep = ctx.pathParam("id");
            if (!pep.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,63}")) {
                throw Rejection.invalid("id", "enforcement point id \"" + pep + "\" must be 1 to 64 letters, digits and . _ -");
            }
            JsonNode n = Json.tree(ctx.bodyAsBytes());
            JsonNode rev = n.get("revision");
            if (rev == null || !rev.canConvertToExactIntegral() || rev.asLong() < 0) {
                throw Rejection.invalid("revision", "`revision` must be the revision the enforcement point has applied (a non-negative integer)");
            }
            if (rev.asLong() > plane.revision()) {
                throw Rejection.invalid("revision", "revision " + rev.asLong() + " is ahead of the log (" + plane.revision() + "); acknowledge only what was applied");
            }
            json(ctx, plane.propagation().ack(pep, rev.asLong(), plane.clock().instant()));
        });
        r.get("/v1/enforcements/{id}/propagation", ctx -> {
            Actor a = actor(ctx);
            String id = ctx.pathParam("id");
            Map<String, Object> e = plane.read(a, "case.read", "enforcement", id, v -> v.enforcementView(id));
            // What each point must have applied: the lifting once lifted, the activation before.
            long needed = ((Number) ("lifted".equals(e.get("status")) ? e.get("liftedRevision") : e.get("revision"))).longValue();
            List<Map<String, Object>> peps = new ArrayList<>();
            int applied = 0;
            for (var ack : plane.propagation().all()) {
                boolean done = ack.revision() >= needed;
                applied += done ? 1 : 0;
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("pep", ack.pep());
                m.put("revision", ack.revision());
                m.put("at", ack.at());
                m.put("applied", done);
                peps.add(m);
            }
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("enforcement", id);
            m.put("status", e.get("status"));
            m.put("revision", needed);
            m.put("applied", applied);
            m.put("peps", peps);
            json(ctx, m);
        });

        // the log (no token: anyone may verify)
        r.get("/log/checkpoint", ctx -> ctx.contentType("text/plain; charset=utf-8").result(plane.log().checkpoint().note()));
        r.get("/log/tile/<path>", ctx -> {
            Optional<byte[]> t = plane.log().tile("tile/" + ctx.pathParam("path"));
            if (t.isEmpty()) {
                throw Rejection.notFound("no tile " + ctx.path() + " in a log of size " + plane.log().size());
            }
            ctx.contentType("application/octet-stream").header("Cache-Control", ctx.path().contains(".p/") ? "no-cache" : "public, max-age=31536000, immutable")
                    .result(t.get());
        });
        r.get("/v1/log/key", ctx -> ctx.contentType("text/plain; charset=utf-8").result(plane.log().verifierKey().toString() + "\n"));
        r.get("/v1/log/entries/{index}", ctx -> json(ctx, entry(longPath(ctx, "index"))));
        r.get("/v1/log/proof/inclusion", ctx -> {
            long index = longQuery(ctx, "index");
            long size = longQuery(ctx, "size");
            List<byte[]> proof = logCall(() -> plane.log().inclusionProof(index, size));
            json(ctx, ordered("index", index, "size", size, "hashes", base64(proof)));
        });
        r.get("/v1/log/proof/consistency", ctx -> {
            long from = longQuery(ctx, "from");
            long to = longQuery(ctx, "to");
            List<byte[]> proof = logCall(() -> plane.log().consistencyProof(from, to));
            json(ctx, ordered("from", from, "to", to, "hashes", base64(proof)));
        });
    }

    // ---- decisions ----

    private void authorize(Context ctx) throws InterruptedException, java.io.IOException {
        Timer.Sample sample = Timer.start();
        requireDecide(actor(ctx));
        byte[] body = decisionBody(ctx);
        FastDecisionJson.Parsed fast = FastDecisionJson.single(body);
        EngineRequest request;
        if (fast != null) {
            awaitRevision(fast.atLeastRevision());
            request = fast.requests().get(0);
        } else {
            JsonNode n = Json.tree(body);
            if (!n.isObject()) {
                throw Rejection.invalid(null, "the body must be a JSON object with principal, action, resource and optionally context, entities, atLeastRevision");
            }
            awaitRevision(n.get("atLeastRevision"));
            request = DecisionJson.request(n, new CedarJson.Path("body"));
        }
        ControlPlane.Decision d;
        try {
            d = plane.authorize(request);
        } catch (IllegalArgumentException e) {
            throw Rejection.invalid("entities", "body.entities: " + e.getMessage());
        }
        count(d.response());
        sendJson(ctx, DecisionJson.write(d));
        sample.stop(decisionTimer);
    }

    private void authorizeBatch(Context ctx) throws InterruptedException, java.io.IOException {
        Timer.Sample sample = Timer.start();
        requireDecide(actor(ctx));
        Batch answer = decideBatch(decisionBody(ctx));
        ctx.contentType("application/json");
        // written straight into the response (a batch's answer is hundreds of kilobytes), in 64 KB pieces
        DecisionJson.writeBatch(answer.responses(), answer.revision(), ctx.outputStream());
        sample.stop(decisionTimer);
    }

    /** A batch's answer: per request a {@link ControlPlane.Decision} or an error body, and the revision decided at. */
    record Batch(List<Object> responses, long revision) {}

    /**
     * A batch body read and decided: the decision endpoint's work without the HTTP exchange
     * (the benchmarks time it on its own).
     */
    Batch decideBatch(byte[] body) throws InterruptedException {
        FastDecisionJson.Parsed fast = FastDecisionJson.batch(body, MAX_BATCH);
        CedarJson.Path base = new CedarJson.Path("body").key("requests");
        int count;
        BatchElement element;
        if (fast != null) {
            awaitRevision(fast.atLeastRevision());
            List<EngineRequest> requests = fast.requests();
            count = requests.size();
            element = i -> {
                if (i % PREFETCH_AHEAD == 0) {
                    // The next requests' first cache misses are started together, so they are
                    // served at once, while these are decided: a prefetch is a real load, and one
                    // request's alone would still hold up the processor for most of a miss.
                    for (int k = i + 1; k <= i + PREFETCH_AHEAD && k < requests.size(); k++) {
                        plane.prefetch(requests.get(k));
                    }
                }
                return requests.get(i);
            };
        } else {
            JsonNode n = Json.tree(body);
            JsonNode requests = n.get("requests");
            if (!n.isObject() || requests == null || !requests.isArray()) {
                throw Rejection.invalid("requests", "the body must be {\"requests\": [...]} with one decision request per element");
            }
            if (requests.size() > MAX_BATCH) {
                throw new Rejection(Rejection.Kind.TOO_LARGE, "a batch holds at most " + MAX_BATCH + " requests; this one has " + requests.size());
            }
            awaitRevision(n.get("atLeastRevision"));
            count = requests.size();
            element = i -> {
                JsonNode one = requests.get(i);
                if (!one.isObject()) {
                    throw Rejection.invalid("requests[" + i + "]", base.index(i) + ": expected a decision request object");
                }
                if (one.has("atLeastRevision")) {
                    throw Rejection.invalid("requests[" + i + "].atLeastRevision", base.index(i) + ": put `atLeastRevision` on the batch, not on one request");
                }
                return DecisionJson.request(one, base.index(i));
            };
        }
        long revision = plane.revision();
        List<Object> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            // A bad request gets its own error; the others are still decided.
            try {
                EngineRequest one = element.request(i);
                ControlPlane.Decision d;
                try {
                    d = plane.authorize(one);
                } catch (IllegalArgumentException e) {
                    throw Rejection.invalid("requests[" + i + "].entities", base.index(i) + ".entities: " + e.getMessage());
                }
                count(d.response());
                revision = Math.max(revision, d.response().revision());
                out.add(d);
            } catch (Rejection e) {
                out.add(Map.of("error", errorBody(e.kind().status, e.kind().name().toLowerCase(), e.getMessage(), e.field())));
            } catch (JsonFormatException e) {
                out.add(Map.of("error", errorBody(400, "invalid", e.getMessage(), null)));
            }
        }
        return new Batch(out, revision);
    }

    /** Element {@code i} of a batch, read as the fast or the tree reader read the body. */
    @FunctionalInterface
    private interface BatchElement {
        EngineRequest request(int i);
    }

    /**
     * A decision request's body, read in one call of its declared length. {@code ctx.bodyAsBytes()}
     * copies through an 8 KB buffer into a growing array; it still reads bodies of unknown length
     * (chunked) or over the size limit, which it refuses as before.
     */
    private static byte[] decisionBody(Context ctx) throws java.io.IOException {
        long length = ctx.req().getContentLengthLong();
        if (length < 0 || length > MAX_REQUEST_BYTES) {
            return ctx.bodyAsBytes();
        }
        return ctx.req().getInputStream().readNBytes((int) length);
    }

    /**
     * Writes a JSON body straight to the response stream. {@code ctx.result(bytes)} would copy it
     * through a fresh 32 KB buffer per response, which at decision rates costs more than the write.
     */
    private static void sendJson(Context ctx, byte[] json) throws java.io.IOException {
        ctx.contentType("application/json");
        ctx.outputStream().write(json);
    }

    private void count(EngineResponse r) {
        (r.isAllowed() ? allowed : denied).increment();
    }

    private void awaitRevision(JsonNode atLeast) throws InterruptedException {
        if (atLeast == null || atLeast.isNull()) {
            return;
        }
        if (!atLeast.canConvertToExactIntegral() || atLeast.asLong() < 0) {
            throw Rejection.invalid("atLeastRevision", "`atLeastRevision` must be a non-negative integer (a revision a write returned)");
        }
        if (!plane.awaitRevision(atLeast.asLong(), REVISION_WAIT)) {
            throw new Rejection(Rejection.Kind.UNAVAILABLE, "this server is at revision " + plane.revision() + ", below the demanded "
                    + atLeast.asLong() + "; retry shortly or ask another node");
        }
    }

    private void requireDecide(Actor a) {
        // The answer depends only on who the caller is and the shipped policy: cache it.
        if (!mayDecide.computeIfAbsent(a, x -> {
            try {
                plane.read(x, "decide", "platform", null, v -> null);
                return true;
            } catch (Rejection e) {
                return false;
            }
        })) {
            throw new Rejection(Rejection.Kind.FORBIDDEN, "role \"" + a.role().wireName() + "\" may not ask for decisions; use a pep or admin token");
        }
    }

    // ---- log ----

    private Map<String, Object> entry(long index) {
        long size = plane.log().size();
        if (index < 0 || index >= size) {
            throw Rejection.notFound("there is no log entry " + index + "; the log has " + size + " entries (0 to " + (size - 1) + ")");
        }
        byte[] bytes = plane.log().entry(index);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("index", index);
        m.put("entry", Base64.getEncoder().encodeToString(bytes));
        if (LogRecord.decode(bytes) instanceof LogRecord.Record rec) {
            m.put("type", rec.record().type());
            m.put("version", rec.record().version());
            m.put("time", rec.record().time());
            try {
                m.put("event", EventCodec.toTree(EventCodec.decode(rec.record())));
            } catch (EventCodec.UnreadableEventException e) {
                m.put("undecodable", e.getMessage());
            }
        }
        return m;
    }

    private SignedCheckpoint checkpointParam(Context ctx) {
        String size = ctx.queryParam("size");
        if (size == null) {
            return plane.log().checkpoint();
        }
        long s = longQuery(ctx, "size");
        return plane.log().checkpoint(s).orElseThrow(() -> Rejection.notFound("no signed checkpoint of size " + s + " exists; omit `size` for the latest"));
    }

    private static <T> T logCall(java.util.function.Supplier<T> call) {
        try {
            return call.get();
        } catch (IllegalArgumentException e) {
            throw Rejection.invalid(null, e.getMessage());
        }
    }

    private static List<String> base64(List<byte[]> hashes) {
        return hashes.stream().map(h -> Base64.getEncoder().encodeToString(h)).toList();
    }

    private static long longQuery(Context ctx, String name) {
        String v = ctx.queryParam(name);
        if (v == null) {
            throw Rejection.invalid(name, "query parameter `" + name + "` is required");
        }
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw Rejection.invalid(name, "query parameter `" + name + "` must be an integer, got \"" + v + "\"");
        }
    }

    private static long longPath(Context ctx, String name) {
        String v = ctx.pathParam(name);
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw Rejection.invalid(name, "`" + name + "` must be an integer, got \"" + v + "\"");
        }
    }

    // ---- plumbing ----

    private Actor actor(Context ctx) {
        String h = ctx.header("Authorization");
        String token = null;
        if (h != null) {
            if (!h.regionMatches(true, 0, "Bearer ", 0, 7)) {
                throw new Rejection(Rejection.Kind.UNAUTHENTICATED, "the Authorization header must be `Bearer <token>`");
            }
            token = h.substring(7).trim();
        }
        Actor a = plane.authenticate(token);
        ctx.attribute("actor", a.name());
        return a;
    }

    private void committed(Context ctx, ControlPlane.Committed c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("index", c.firstIndex());
        m.put("revision", c.revision());
        m.put("events", c.events().stream().map(w -> ordered("index", w.index(), "type", w.event().type())).toList());
        json(ctx, m);
    }

    private void createdEvent(Context ctx, ControlPlane.Committed c) {
        Map<String, Object> m = new LinkedHashMap<>(EventCodec.view(c.events().get(0).event()));
        m.put("index", c.firstIndex());
        m.put("revision", c.revision());
        ctx.status(201);
        json(ctx, m);
    }

    /** A JSON object whose keys keep the order written (Map.of's order changes from run to run). */
    static Map<String, Object> ordered(Object... keysAndValues) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            m.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return m;
    }

    static void json(Context ctx, Object body) {
        ctx.contentType("application/json").result(Json.write(body));
    }

    static Map<String, Object> errorBody(int status, String code, String message, String field) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("status", status);
        e.put("code", code);
        e.put("message", message);
        if (field != null) {
            e.put("field", field);
        }
        return e;
    }

    private static void error(Context ctx, int status, String code, String message, String field) {
        ctx.status(status);
        json(ctx, Map.of("error", errorBody(status, code, message, field)));
    }
}
