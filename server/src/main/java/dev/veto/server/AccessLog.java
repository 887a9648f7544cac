package dev.veto.server;

import io.javalin.http.Context;
import dev.veto.server.http.Json;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * Structured logs: one JSON object per line. Every request except successful decisions (those
 * are counted in /metrics; a line each would cost more than the decision) and every failure with
 * its stack trace, under an incident id the client is given instead.
 */
public final class AccessLog {
    private final PrintStream out;
    private final boolean requests;

    public AccessLog(PrintStream out) {
        this(out, true);
    }

    private AccessLog(PrintStream out, boolean requests) {
        this.out = out;
        this.requests = requests;
    }

    /** A log that writes nothing, for benchmarks. */
    public static AccessLog discard() {
        return new AccessLog(null, false);
    }

    /** A log of failures only (with their stack traces), for tests. */
    public static AccessLog failuresTo(PrintStream out) {
        return new AccessLog(out, false);
    }

    void request(Context ctx, Float ms) {
        if (out == null || !requests || (ctx.path().startsWith("/v1/authorize") && ctx.statusCode() < 400) || ctx.path().equals("/metrics")) {
            return;
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("time", Instant.now().toString());
        m.put("level", ctx.statusCode() >= 500 ? "error" : "info");
        m.put("msg", "request");
        m.put("method", ctx.method().name());
        m.put("path", ctx.path());
        m.put("status", ctx.statusCode());
        m.put("ms", Math.round(ms * 100) / 100.0);
        Object actor = ctx.attribute("actor");
        if (actor != null) {
            m.put("actor", actor);
        }
        line(m);
    }

    String failure(Context ctx, Exception e) {
        String id = UUID.randomUUID().toString().substring(0, 8);
        if (out != null) {
            StringWriter trace = new StringWriter();
            e.printStackTrace(new PrintWriter(trace));
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("time", Instant.now().toString());
            m.put("level", "error");
            m.put("msg", "request failed");
            m.put("incident", id);
            m.put("method", ctx.method().name());
            m.put("path", ctx.path());
            m.put("error", String.valueOf(e));
            m.put("trace", trace.toString());
            line(m);
        }
        return id;
    }

    /** Logs an event of the server's life (start, stop). */
    public void info(String msg, Map<String, Object> fields) {
        if (out == null) {
            return;
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("time", Instant.now().toString());
        m.put("level", "info");
        m.put("msg", msg);
        m.putAll(fields);
        line(m);
    }

    private synchronized void line(Map<String, Object> m) {
        out.println(new String(Json.write(m), java.nio.charset.StandardCharsets.UTF_8));
    }
}
