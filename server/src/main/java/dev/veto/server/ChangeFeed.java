package dev.veto.server;

import dev.veto.control.ControlPlane;
import dev.veto.control.Event;
import dev.veto.control.EventCodec;
import dev.veto.ledger.Log;
import dev.veto.ledger.entry.Envelope;
import dev.veto.ledger.merkle.Hashes;
import dev.veto.ledger.store.LogStore;
import dev.veto.server.http.Json;
import io.javalin.http.sse.SseClient;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * {@code GET /v1/feed?after=N}: server-sent events from revision {@code N} on, then live. Each
 * event's id is the revision it brings its reader to, so a reconnecting client resumes with
 * {@code Last-Event-ID}. After each burst a {@code revision} event says how far the log goes (so
 * an enforcement point knows it is current even when no entry concerned it) and a
 * {@code checkpoint} event carries the log's signed checkpoint of that size (with the witnesses'
 * cosignatures stored so far); every second with nothing new, a {@code revision} heartbeat, and
 * the checkpoint again when witnesses have cosigned a newer one.
 *
 * <p>Two forms. The default sends the entries that change decisions, one event each, named by
 * type, with the event as JSON. {@code verify=true} is what a verifying replica follows: every
 * entry, as an {@code entry} event holding the log entry's bytes (the public envelope) and, for
 * entries that change decisions, their private {@code state} part with its salt, so the replica
 * checks each commitment, keeps the Merkle frontier and compares its root with each signed
 * checkpoint before it applies anything. (A format 1 entry that changes no decision is sent as
 * its leaf hash only: its bytes hold private text.)
 */
final class ChangeFeed {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(ChangeFeed.class);
    /** How often a quiet feed says the revision it is at. */
    static final long HEARTBEAT_MILLIS = 1000;
    /** How many entries, with their private parts, are read in one go. */
    private static final int CHUNK = 1024;

    private ChangeFeed() {}

    static void serve(SseClient client, ControlPlane plane, long after, boolean verify) {
        client.keepAlive();
        BlockingQueue<Long> revisions = new LinkedBlockingQueue<>();
        // Subscribe before reading the backlog, so nothing published in between is missed.
        AutoCloseable subscription = plane.events().onRevision(revisions::add);
        client.onClose(() -> close(subscription));
        Log log = plane.events().log();
        try {
            long next = send(client, plane, after, plane.revision(), verify);
            long cosigned = sendCheckpoint(client, log, next);
            while (!client.terminated()) {
                Long r = revisions.poll(HEARTBEAT_MILLIS, TimeUnit.MILLISECONDS);
                if (r == null) {
                    heartbeat(client, next);
                    long c = log.latestCosignedSize();
                    if (c > cosigned && c <= next) {
                        cosigned = sendCheckpoint(client, log, c);
                    }
                    continue;
                }
                revisions.clear();
                next = send(client, plane, next, plane.revision(), verify);
                cosigned = Math.max(cosigned, sendCheckpoint(client, log, next));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            // the server is stopping (its log closed) or the client went away mid-write: the
            // stream ends, and the client resumes from its last event id
            LOG.debug("change feed ended: {}", e.toString());
        } finally {
            close(subscription);
        }
    }

    /** Sends the entries in {@code [from, to)} (in the chosen form), then the revision reached. */
    private static long send(SseClient client, ControlPlane plane, long from, long to, boolean verify) {
        if (verify) {
            sendEntries(client, plane.events().log(), from, to);
        } else {
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
        }
        long reached = Math.max(from, to);
        heartbeat(client, reached);
        return reached;
    }

    private static void sendEntries(SseClient client, Log log, long from, long to) {
        Base64.Encoder b64 = Base64.getEncoder();
        long legacyBelow = log.envelopesFrom();
        for (long start = from; start < to && !client.terminated(); start += CHUNK) {
            long end = Math.min(to, start + CHUNK);
            List<byte[]> entries = log.entries(start, end);
            Map<Long, LogStore.StoredPart> states = new HashMap<>();
            for (LogStore.StoredPart p : log.privateParts(start, end)) {
                if (p.name().equals(EventCodec.STATE)) {
                    states.put(p.index(), p);
                }
            }
            for (long i = start; i < end && !client.terminated(); i++) {
                byte[] entry = entries.get((int) (i - start));
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("index", i);
                if (i < legacyBelow || !Envelope.isEnvelope(entry)) {
                    if (EventCodec.decode(entry, List.of()).changesDecisions()) {
                        m.put("entry", b64.encodeToString(entry));
                    } else {
                        m.put("leaf", b64.encodeToString(Hashes.leaf(entry)));
                    }
                } else {
                    m.put("entry", b64.encodeToString(entry));
                    LogStore.StoredPart state = states.get(i);
                    if (state != null && EventCodec.changesDecisions(EventCodec.envelope(entry).type())) {
                        m.put("state", Map.of("salt", b64.encodeToString(state.salt()), "data", b64.encodeToString(state.data())));
                    }
                }
                client.sendEvent("entry", text(m), Long.toString(i + 1));
            }
        }
    }

    private static void heartbeat(SseClient client, long revision) {
        client.sendEvent("revision", text(Map.of("revision", revision)), Long.toString(revision));
    }

    /** Sends the checkpoint of {@code size} with its cosignatures; returns the size sent, or 0 when there is none of that size. */
    private static long sendCheckpoint(SseClient client, Log log, long size) {
        Optional<String> note = size == 0 ? Optional.empty() : log.cosignedNote(size);
        if (note.isEmpty()) {
            return 0;
        }
        client.sendEvent("checkpoint", text(Map.of("size", size, "note", note.get())), Long.toString(size));
        return log.latestCosignedSize() >= size ? size : 0;
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
