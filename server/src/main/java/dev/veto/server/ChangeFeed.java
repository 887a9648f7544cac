package dev.veto.server;

import dev.veto.control.ControlPlane;
import dev.veto.control.Event;
import dev.veto.control.EventCodec;
import dev.veto.server.http.Json;
import io.javalin.http.sse.SseClient;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * {@code GET /v1/feed?after=N}: server-sent events of the log entries that change decisions
 * (entities, catalog, platform policies, enforcements), from revision {@code N} on, then live.
 * Each event's id is the revision it brings its reader to, so a reconnecting client resumes with
 * {@code Last-Event-ID}. After each burst a {@code revision} event says how far the log goes, so
 * an enforcement point knows it is current even when no entry concerned it.
 */
final class ChangeFeed {
    static final long KEEP_ALIVE_SECONDS = 15;

    private ChangeFeed() {}

    static void serve(SseClient client, ControlPlane plane, long after) {
        client.keepAlive();
        BlockingQueue<Long> revisions = new LinkedBlockingQueue<>();
        // Subscribe before reading the backlog, so nothing published in between is missed.
        AutoCloseable subscription = plane.events().onRevision(revisions::add);
        client.onClose(() -> close(subscription));
        try {
            long next = send(client, plane, after, plane.revision());
            while (!client.terminated()) {
                Long r = revisions.poll(KEEP_ALIVE_SECONDS, TimeUnit.SECONDS);
                if (r == null) {
                    client.sendComment("keep-alive");
                    continue;
                }
                revisions.clear();
                next = send(client, plane, next, plane.revision());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            close(subscription);
        }
    }

    /** Sends the decision-changing entries in {@code [from, to)}, then the revision reached. */
    private static long send(SseClient client, ControlPlane plane, long from, long to) {
        for (long i = from; i < to && !client.terminated(); i++) {
            Event e = plane.events().entry(i);
            if (e.changesDecisions()) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("index", i);
                m.put("revision", i + 1);
                m.put("type", e.type());
                m.put("event", EventCodec.toTree(e));
                client.sendEvent(e.type(), text(m), Long.toString(i + 1));
            }
        }
        long reached = Math.max(from, to);
        client.sendEvent("revision", text(Map.of("revision", reached)), Long.toString(reached));
        return reached;
    }

    private static String text(Object o) {
        return new String(Json.write(o), StandardCharsets.UTF_8);
    }

    private static void close(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception e) {
            // removing a listener does not fail
        }
    }
}
