package dev.veto.server;

import dev.veto.ledger.Log;
import dev.veto.ledger.SignedCheckpoint;
import dev.veto.ledger.note.CosignerVerifierKey;
import dev.veto.ledger.note.NoteException;
import dev.veto.ledger.witness.Submission;
import dev.veto.ledger.witness.WitnessClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Has the log's witnesses cosign its checkpoints (C2SP tlog-witness), so that the provider cannot
 * show different histories to different parties: each time the log grows, the newest checkpoint
 * goes to every witness at once, the cosignatures that come back are stored with it, and it is
 * published, as {@code /log/checkpoint} serves it, with the cosignatures it got. Checkpoints
 * signed meanwhile are skipped: the next round carries the newest, so the rate of rounds follows
 * the witnesses' speed, not the log's.
 */
public final class Cosigning implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Cosigning.class);
    private static final Duration TIMEOUT = Duration.ofSeconds(5);
    /**
     * The least time between the starts of two rounds. Each round costs every witness a signature
     * check, a consistency proof and a durable write, and this server the proofs: paced, a busy
     * log's rounds each carry many entries, and a checkpoint is still cosigned well within a second.
     */
    static final Duration PACE = Duration.ofMillis(100);

    /**
     * A witness: its cosigner verifier key (C2SP vkey, key type 0x04) and the URL prefix of its
     * {@code add-checkpoint} endpoint.
     */
    public record Witness(CosignerVerifierKey key, URI url) {
        /** Parses {@code NAME+KEYHASH+KEY=URL}, as {@code veto serve --witness} takes it. */
        public static Witness parse(String spec) {
            int eq = spec.indexOf('=');
            if (eq < 0) {
                throw new IllegalArgumentException("a witness is NAME+KEYHASH+KEY=URL (its cosigner key, '=', the URL of its add-checkpoint "
                        + "endpoint's prefix); got \"" + spec + "\"");
            }
            CosignerVerifierKey key;
            try {
                key = CosignerVerifierKey.parse(spec.substring(0, eq));
            } catch (NoteException e) {
                throw new IllegalArgumentException("witness key \"" + spec.substring(0, eq) + "\": " + e.getMessage());
            }
            URI url;
            try {
                url = URI.create(spec.substring(eq + 1));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("witness URL \"" + spec.substring(eq + 1) + "\" is not a URL");
            }
            if (url.getScheme() == null || !(url.getScheme().equals("http") || url.getScheme().equals("https")) || url.getHost() == null) {
                throw new IllegalArgumentException("witness URL \"" + url + "\" must be http:// or https:// with a host");
            }
            return new Witness(key, url);
        }
    }

    /** What one witness last did: the size it cosigned, and the last failure (null when the last round worked). */
    public record Status(String witness, long cosignedSize, String lastError) {}

    /** A checkpoint as published: its size and its note with the cosignature lines it got. */
    public record Published(long size, String note) {}

    private final Log log;
    private final List<WitnessClient> clients = new ArrayList<>();
    private final Map<String, Status> status = new LinkedHashMap<>();
    private final long[] known;
    private final ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor();
    private final Semaphore wake = new Semaphore(0);
    private final Object publishedMonitor = new Object();
    private volatile Published published;
    private volatile boolean closed;
    private final Thread thread;

    /** Starts cosigning {@code log}'s checkpoints with {@code witnesses}. */
    public Cosigning(Log log, List<Witness> witnesses) {
        this.log = log;
        HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
        for (Witness w : witnesses) {
            clients.add(new WitnessClient(w.url(), w.key(), http, TIMEOUT));
            status.put(w.key().name(), new Status(w.key().name(), -1, null));
        }
        this.known = new long[witnesses.size()];
        long stored = log.latestCosignedSize();
        if (stored >= 0) {
            published = new Published(stored, log.cosignedNote(stored).orElseThrow());
        }
        this.thread = Thread.ofPlatform().name("cosigning").daemon().start(this::loop);
        wake.release();
    }

    /** Called when the log may have grown; returns at once. */
    public void logGrew() {
        wake.release();
    }

    /** The newest checkpoint witnesses have seen, with their cosignatures; null before the first round. */
    public Published published() {
        return published;
    }

    /**
     * Waits up to {@code timeout} for a published checkpoint of at least {@code size}; null if
     * none came (the witnesses are slow or down).
     */
    public Published awaitPublished(long size, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (publishedMonitor) {
            while (published == null || published.size() < size) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return null;
                }
                wake.release();
                TimeUnit.NANOSECONDS.timedWait(publishedMonitor, left);
            }
            return published;
        }
    }

    /** Each witness and what it last did, for {@code /health}. */
    public List<Status> status() {
        synchronized (status) {
            return List.copyOf(status.values());
        }
    }

    private void loop() {
        while (!closed) {
            try {
                wake.acquire();
                wake.drainPermits();
                if (closed) {
                    return;
                }
                SignedCheckpoint latest = log.checkpoint();
                Published p = published;
                if (p != null && p.size() >= latest.size()) {
                    continue;
                }
                long started = System.nanoTime();
                round(latest);
                long rest = PACE.toNanos() - (System.nanoTime() - started);
                if (rest > 0) {
                    TimeUnit.NANOSECONDS.sleep(rest);
                }
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                LOG.warn("cosigning round failed: {}", e.toString());
                sleep();
            }
        }
    }

    private void round(SignedCheckpoint cp) {
        List<CompletableFuture<String>> asks = new ArrayList<>();
        for (int i = 0; i < clients.size(); i++) {
            int w = i;
            asks.add(CompletableFuture.supplyAsync(() -> ask(w, cp), pool));
        }
        List<String> lines = new ArrayList<>();
        for (CompletableFuture<String> a : asks) {
            String line = a.join();
            if (line != null) {
                lines.add(line);
            }
        }
        if (!lines.isEmpty()) {
            log.addCosignatures(cp.size(), lines);
        }
        StringBuilder note = new StringBuilder(cp.note());
        lines.forEach(l -> note.append(l).append('\n'));
        synchronized (publishedMonitor) {
            published = new Published(cp.size(), note.toString());
            publishedMonitor.notifyAll();
        }
        if (lines.size() < clients.size()) {
            sleep(); // some witness failed: do not hammer it
        }
    }

    /** Asks witness {@code w} to cosign; its cosignature line, or null (and its status says why). */
    private String ask(int w, SignedCheckpoint cp) {
        WitnessClient c = clients.get(w);
        Submission s = c.submit(cp.note(), Math.min(known[w], cp.size()), log::consistencyProof);
        String name = c.witness().name();
        String line = null;
        String error = null;
        switch (s) {
            case Submission.Cosigned ok -> {
                known[w] = cp.size();
                line = ok.line().endsWith("\n") ? ok.line().substring(0, ok.line().length() - 1) : ok.line();
            }
            case Submission.Conflict x -> {
                known[w] = x.witnessSize();
                error = "the witness has cosigned size " + x.witnessSize() + ", which this log has not reached";
            }
            case Submission.Refused r -> error = "refused (" + r.refusal() + "): " + r.message();
            case Submission.Failed f -> error = f.message();
        }
        if (error != null) {
            LOG.warn("witness {} did not cosign size {}: {}", name, cp.size(), error);
        }
        synchronized (status) {
            Status before = status.get(name);
            status.put(name, new Status(name, line != null ? cp.size() : before.cosignedSize(), error));
        }
        return line;
    }

    private void sleep() {
        try {
            Thread.sleep(200);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        closed = true;
        wake.release();
        thread.interrupt();
        pool.shutdownNow();
    }
}
