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

    /** How many entries' encoded {@code entry} events are kept: every follower reads the same few. */
    private static final int CACHED = 8192;

    private final ControlPlane plane;
    private final Log log;
    /** The verifying form's event data of entry {@code i}, at slot {@code i % CACHED} (with its index beside it). */
    private final byte[][] encoded = new byte[CACHED][];
    private final long[] encodedIndex = new long[CACHED];
    /** The checkpoint notes read lately, by size (with the cosigned size when read): followers send the same few. */
    private final java.util.concurrent.ConcurrentHashMap<Long, Note> notes = new java.util.concurrent.ConcurrentHashMap<>();
    private static final long NOTES_KEPT = 256;
    private volatile long cosignedAt = -1;
    private volatile long cosignedReadAt;
    private volatile boolean cosignedRead;

    private record Note(long size, long cosigned, String text, byte[] event) {
        Note(long size, long cosigned, String text) {
            this(size, cosigned, text, ChangeFeed.event("checkpoint", ChangeFeed.text(Map.of("size", size, "note", text)), size));
        }
    }

    private final Object noteLock = new Object();

    ChangeFeed(ControlPlane plane) {
        this.plane = plane;
        this.log = plane.events().log();
        java.util.Arrays.fill(encodedIndex, -1);
    }

    void serve(SseClient client, long after, boolean verify) {
        client.keepAlive();
        BlockingQueue<Long> revisions = new LinkedBlockingQueue<>();
        // Subscribe before reading the backlog, so nothing published in between is missed.
        AutoCloseable subscription = plane.events().onRevision(revisions::add);
        client.onClose(() -> close(subscription));
        try {
            long next = send(client, after, plane.revision(), verify);
            long cosigned = sendCheckpoint(client, next);
            while (!client.terminated()) {
                Long r = revisions.poll(HEARTBEAT_MILLIS, TimeUnit.MILLISECONDS);
                if (r == null) {
                    heartbeat(client, next);
                    long c = latestCosignedSize();
                    if (c > cosigned && c <= next) {
                        cosigned = sendCheckpoint(client, c);
                    }
                    continue;
                }
                revisions.clear();
                next = send(client, next, plane.revision(), verify);
                cosigned = Math.max(cosigned, sendCheckpoint(client, next));
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
    private long send(SseClient client, long from, long to, boolean verify) {
        if (verify) {
            long reached = Math.max(from, to);
            if (to > from) {
                sendEntries(client, from, to);
            } else {
                write(client, event("revision", "{\"revision\":" + reached + "}", reached));
            }
            return reached;
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

    /** Writes the entries of {@code [from, to)}, a chunk at a time, each chunk in one write. */
    private void sendEntries(SseClient client, long from, long to) {
        for (long start = from; start < to && !client.terminated(); start += CHUNK) {
            long end = Math.min(to, start + CHUNK);
            java.io.ByteArrayOutputStream block = new java.io.ByteArrayOutputStream();
            for (byte[] e : encoded(start, end)) {
                block.writeBytes(e);
            }
            if (end == to) {
                // the revision reached goes in the same write: a follower reads the burst at once
                block.writeBytes(event("revision", "{\"revision\":" + to + "}", to));
            }
            write(client, block.toByteArray());
        }
    }

    /** One server-sent event, encoded: {@code id}, {@code event} and one {@code data} line (compact JSON has no line breaks). */
    private static byte[] event(String name, String data, long id) {
        return ("id: " + id + "\nevent: " + name + "\ndata: " + data + "\n\n").getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Writes {@code bytes} to the stream and sends them: straight to the response, as one write,
     * where Javalin's emitter would read each event back line by line and flush each.
     */
    private static void write(SseClient client, byte[] bytes) {
        try {
            var res = client.ctx().res();
            res.getOutputStream().write(bytes);
            res.flushBuffer();
        } catch (java.io.IOException | RuntimeException e) {
            client.close();
        }
    }

    /** The {@code entry} events' data of entries {@code [from, to)}, from the cache or read together. */
    private List<byte[]> encoded(long from, long to) {
        List<byte[]> cached = cached(from, to);
        if (cached != null) {
            return cached;
        }
        // One follower reads what is missing; the others, woken by the same revision, wait and find it cached.
        synchronized (this) {
            cached = cached(from, to);
            return cached != null ? cached : read(from, to);
        }
    }

    private List<byte[]> cached(long from, long to) {
        List<byte[]> out = new java.util.ArrayList<>((int) (to - from));
        boolean all = true;
        for (long i = from; i < to && all; i++) {
            int slot = (int) (i % CACHED);
            synchronized (encoded) {
                if (encodedIndex[slot] == i) {
                    out.add(encoded[slot]);
                } else {
                    all = false;
                }
            }
        }
        return all ? out : null;
    }

    private List<byte[]> read(long from, long to) {
        List<byte[]> out = new java.util.ArrayList<>((int) (to - from));
        Base64.Encoder b64 = Base64.getEncoder();
        long legacyBelow = envelopesFrom();
        List<byte[]> entries = log.entries(from, to);
        Map<Long, LogStore.StoredPart> states = new HashMap<>();
        for (LogStore.StoredPart p : log.privateParts(from, to)) {
            if (p.name().equals(EventCodec.STATE)) {
                states.put(p.index(), p);
            }
        }
        for (long i = from; i < to; i++) {
            byte[] entry = entries.get((int) (i - from));
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
            byte[] data = event("entry", text(m), i + 1);
            out.add(data);
            int slot = (int) (i % CACHED);
            synchronized (encoded) {
                encoded[slot] = data;
                encodedIndex[slot] = i;
            }
        }
        return out;
    }

    private static void heartbeat(SseClient client, long revision) {
        write(client, event("revision", "{\"revision\":" + revision + "}", revision));
    }

    /** Sends the checkpoint of {@code size} with its cosignatures; returns the size sent, or 0 when there is none of that size. */
    private long sendCheckpoint(SseClient client, long size) {
        if (size == 0) {
            return 0;
        }
        long cosigned = latestCosignedSize();
        Note n = notes.get(size);
        if (n == null || n.cosigned() < Math.min(cosigned, size)) {
            // every follower wakes for the same few sizes: one reads each note, the others take it
            synchronized (noteLock) {
                n = notes.get(size);
                if (n == null || n.cosigned() < Math.min(cosigned, size)) {
                    Optional<String> text = log.cosignedNote(size);
                    if (text.isEmpty()) {
                        return 0;
                    }
                    n = new Note(size, cosigned, text.get());
                    notes.put(size, n);
                    notes.keySet().removeIf(k -> k < size - NOTES_KEPT);
                }
            }
        }
        write(client, n.event());
        return cosigned >= size ? size : 0;
    }

    /** Where format 2 entries begin; once the log has one, that never changes. */
    private long envelopesFrom() {
        long e = envelopesFrom;
        if (e < 0) {
            e = log.envelopesFrom();
            if (e < log.size()) {
                envelopesFrom = e;
            }
        }
        return e;
    }

    private volatile long envelopesFrom = -1;

    /** The largest cosigned checkpoint size, read at most every 200 ms however many follow. */
    private long latestCosignedSize() {
        long now = System.nanoTime();
        if (!cosignedRead || now - cosignedReadAt > 200_000_000L) {
            cosignedAt = log.latestCosignedSize();
            cosignedReadAt = now;
            cosignedRead = true;
        }
        return cosignedAt;
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
