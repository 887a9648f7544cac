package dev.veto.pep;

import dev.veto.cedar.value.EntityUid;
import dev.veto.control.Decisions;
import dev.veto.engine.EngineRequest;
import dev.veto.ledger.note.CosignerVerifierKey;
import dev.veto.ledger.note.NoteException;
import dev.veto.ledger.note.VerifierKey;
import dev.veto.ledger.note.WitnessQuorum;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.GZIPInputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An enforcement point's embedded Veto: a local replica of the decision state, fed by Veto's
 * change feed, deciding in-process in well under a microsecond, with no network on the hot path.
 *
 * <pre>{@code
 * VetoPep pep = VetoPep.builder()
 *         .servers("https://veto-1.internal:8443", "https://veto-2.internal:8443")
 *         .token(System.getenv("VETO_PEP_TOKEN"))
 *         .id("storage-frontend-eu1-07")
 *         .logKey(System.getenv("VETO_LOG_KEY"))
 *         .start();                       // joins from a state snapshot, then follows the feed
 * PepDecision d = pep.decide(VetoPep.request("User", "analyst-7", "storage:PutObject", "Bucket", "u42-intercepts"));
 * if (!d.allowed()) {
 *     reply(403, "restricted by Veto case " + d.enforcement().caseId() + ", notice " + d.enforcement().noticeId());
 * }
 * }</pre>
 *
 * <p>What it guarantees: it joins from a state snapshot at a revision, then applies the feed's
 * entries in order, and only after a signed checkpoint of the log (with the witness quorum, when
 * one is set) proves them: each entry's private state part must match its envelope's commitment,
 * and the Merkle frontier extended with the entries must give the checkpoint's root. What fails
 * either is refused, reported to the server as a NACK, counted in {@link #health()}, and the
 * replica keeps deciding on its last verified state while it starts again from another server.
 * It acknowledges every revision it applies (and again every few seconds, so the server sees it
 * alive), reconnects with {@code Last-Event-ID} and back-off, fails over between servers, and
 * when it has not heard from any server for longer than {@code staleAfter} it applies its
 * {@link FailMode} and says so in every decision.
 *
 * <p>Thread-safe: decide from any number of threads.
 */
public final class VetoPep implements Authorizer, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(VetoPep.class);
    /** A feed silent for this long (three missed heartbeats) is dropped and followed again, maybe elsewhere. */
    static final Duration SILENCE = Duration.ofSeconds(3);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(2);

    private final List<URI> servers;
    private final String token;
    private final String id;
    private final FailMode failMode;
    private final long staleAfterNanos;
    private final Duration revisionWait;
    private final HttpClient http;
    private final boolean ownsHttp;
    private final Replica replica;
    private final Decisions decisions;

    private final Object revisionMonitor = new Object();
    private volatile boolean closed;
    private volatile int current;
    private volatile long lastHeardNanos;
    private volatile Instant lastHeard;
    private volatile long serverRevision = -1;
    private final AtomicLong refusals = new AtomicLong();
    private final AtomicLong bootstraps = new AtomicLong();
    private volatile String lastRefusal;
    private volatile InputStream stream;
    /** TLS for the feed's and the acknowledgements' own sockets: the HTTP client's context. */
    private final javax.net.ssl.SSLSocketFactory tls;
    private final Acknowledgements acks;
    private final Thread follower;

    private VetoPep(Builder b) {
        this.servers = List.copyOf(b.servers);
        this.token = b.token;
        this.id = b.id;
        this.failMode = b.failMode;
        this.staleAfterNanos = b.staleAfter.toNanos();
        this.revisionWait = b.revisionWait;
        this.ownsHttp = b.http == null;
        this.http = b.http != null ? b.http : HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        this.tls = http.sslContext().getSocketFactory();
        this.replica = new Replica(b.clock, b.logKeys, b.quorum);
        this.decisions = replica.decisions();
        this.lastHeardNanos = System.nanoTime();
        this.acks = new Acknowledgements(id, token, tls, () -> servers.get(current), () -> closed);
        this.follower = Thread.ofVirtual().name("veto-pep-" + id).unstarted(this::follow);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A request without context or entities: {@code Type::"id"} principal and resource, {@code Action::"action"}. */
    public static EngineRequest request(String principalType, String principalId, String action, String resourceType, String resourceId) {
        return new EngineRequest(EntityUid.of(principalType, principalId), EntityUid.of("Action", action), EntityUid.of(resourceType, resourceId));
    }

    // ---- decisions ----

    /**
     * Decides {@code request} on the verified state, or by the fail mode when it is stale.
     *
     * @throws PepException.InvalidRequest when the request names what Veto does not know
     * @throws PepException.NotReady before the first verified state
     */
    @Override
    public PepDecision decide(EngineRequest request) {
        long revision = replica.revision();
        if (revision < 0) {
            throw new PepException.NotReady("enforcement point \"" + id + "\" has no verified state yet" + notReadyBecause());
        }
        PepDecision.Basis basis = PepDecision.Basis.CURRENT;
        if (System.nanoTime() - lastHeardNanos > staleAfterNanos) {
            switch (failMode) {
                case CLOSED -> {
                    return new PepDecision(false, List.of(), revision, PepDecision.Basis.FAIL_CLOSED);
                }
                case OPEN -> {
                    return new PepDecision(true, List.of(), revision, PepDecision.Basis.FAIL_OPEN);
                }
                case LAST_KNOWN -> basis = PepDecision.Basis.LAST_KNOWN;
            }
        }
        try {
            // `revision` was read before the snapshot, which is published first: the state decided
            // on is at least as new as it (a verified range that changed nothing keeps the snapshot)
            return PepDecision.of(decisions.decide(request).response(), basis, revision);
        } catch (Decisions.Refused e) {
            throw new PepException.InvalidRequest(e.field(), e.getMessage());
        }
    }

    /**
     * Decides {@code request} on a state at least at {@code atLeastRevision} (a revision a write
     * returned), waiting up to the builder's {@code revisionWait} for it: never on older state.
     *
     * @throws PepException.RevisionUnavailable when the replica did not reach it in time
     */
    public PepDecision decide(EngineRequest request, long atLeastRevision) throws InterruptedException {
        awaitRevision(atLeastRevision, revisionWait);
        return decide(request);
    }

    /** Decides each request; a request that cannot be decided gets its {@link PepException} in its place. */
    public List<Object> decideAll(List<EngineRequest> requests) {
        List<Object> out = new ArrayList<>(requests.size());
        for (EngineRequest r : requests) {
            try {
                out.add(decide(r));
            } catch (PepException e) {
                out.add(e);
            }
        }
        return out;
    }

    /**
     * Waits until the replica decides at {@code revision} or later.
     *
     * @throws PepException.RevisionUnavailable when it did not within {@code timeout}
     */
    public void awaitRevision(long revision, Duration timeout) throws InterruptedException {
        if (replica.revision() >= revision) {
            return;
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (revisionMonitor) {
            while (replica.revision() < revision) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new PepException.RevisionUnavailable(revision, replica.revision());
                }
                TimeUnit.NANOSECONDS.timedWait(revisionMonitor, left);
            }
        }
    }

    /** The revision decisions are made at (-1 before the first verified state). */
    public long revision() {
        return replica.revision();
    }

    /** This point's state: revision, lag, last heard, staleness, fail mode, refusals. */
    public Health health() {
        long revision = replica.revision();
        long server = Math.max(serverRevision, revision);
        boolean stale = System.nanoTime() - lastHeardNanos > staleAfterNanos;
        return new Health(id, revision >= 0, servers.get(current).toString(), revision, server, revision < 0 ? server : server - revision,
                replica.verifiedCheckpoint(), lastHeard, stale, failMode, refusals.get(), lastRefusal, bootstraps.get());
    }

    public String id() {
        return id;
    }

    public FailMode failMode() {
        return failMode;
    }

    private String notReadyBecause() {
        String r = lastRefusal;
        return r == null ? " (still joining)" : " (last refusal: " + r + ")";
    }

    // ---- following the feed ----

    private void started(Duration timeout) throws InterruptedException {
        follower.start();
        acks.start();
        try {
            awaitRevision(0, timeout);
        } catch (PepException.RevisionUnavailable e) {
            close();
            throw new PepException.NotReady("enforcement point \"" + id + "\" reached no verified state within " + timeout + notReadyBecause());
        }
    }

    private void follow() {
        Duration backoff = Duration.ofMillis(50);
        while (!closed) {
            URI server = servers.get(current);
            try {
                if (!replica.hasBase()) {
                    bootstrap(server);
                }
                replica.dropPending();
                feed(server, () -> {});
                backoff = Duration.ofMillis(50);
            } catch (Replica.Refused e) {
                refused(server, e.getMessage());
                next();
            } catch (IOException | RuntimeException e) {
                if (closed) {
                    return;
                }
                LOG.debug("enforcement point {}: {} failed: {}", id, server, e.toString());
                next();
            } catch (InterruptedException e) {
                return;
            }
            if (closed) {
                return;
            }
            try {
                Thread.sleep(backoff);
            } catch (InterruptedException e) {
                return;
            }
            backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
        }
    }

    private void next() {
        current = (current + 1) % servers.size();
    }

    private void refused(URI server, String why) {
        refusals.incrementAndGet();
        lastRefusal = why + " (from " + server + ")";
        LOG.warn("enforcement point {} refused what {} sent: {}; it keeps deciding at revision {} and starts again from a snapshot",
                id, server, why, replica.revision());
        replica.reset();
        acks.nack(Math.max(0, replica.revision()), why);
    }

    private HttpRequest.Builder get(URI server, String path) {
        return HttpRequest.newBuilder(server.resolve(path)).header("Authorization", "Bearer " + token).timeout(Duration.ofSeconds(30));
    }

    /** Installs the state snapshot the server serves; a checkpoint in the feed then verifies it. */
    private void bootstrap(URI server) throws IOException, InterruptedException, Replica.Refused {
        HttpResponse<InputStream> r = http.send(get(server, "/v1/snapshot").GET().build(), HttpResponse.BodyHandlers.ofInputStream());
        try (InputStream body = r.body()) {
            if (r.statusCode() != 200) {
                throw new IOException("GET /v1/snapshot answered " + r.statusCode() + ": " + new String(body.readNBytes(2000), StandardCharsets.UTF_8));
            }
            StateSnapshot.read(new GZIPInputStream(body, 1 << 16), replica);
        }
        bootstraps.incrementAndGet();
    }

    /** Follows the verifying feed from the replica's next entry until it ends, goes silent, or is refused. */
    private void feed(URI server, Runnable onOpen) throws IOException, InterruptedException, Replica.Refused {
        long after = replica.next();
        // Over a socket of its own, read as it arrives: a general client's machinery would cost
        // thousands of points in one process more than the feed itself.
        AckChannel.Stream r = AckChannel.get(server, "/v1/feed?verify=true&after=" + after, Map.of("Authorization", "Bearer " + token,
                "Accept", "text/event-stream", "Last-Event-ID", Long.toString(after)), tls);
        InputStream body = r.body();
        stream = body;
        Thread watchdog = Thread.ofVirtual().start(() -> watch(r));
        try (r; BufferedReader lines = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8), 1 << 16)) {
            if (r.status() != 200) {
                throw new IOException("GET /v1/feed answered " + r.status() + ": " + lines.readLine());
            }
            heard();
            onOpen.run();
            String event = null;
            StringBuilder data = new StringBuilder();
            String line;
            while (!closed && (line = lines.readLine()) != null) {
                if (line.isEmpty()) {
                    if (event != null) {
                        on(event, data.toString());
                    }
                    event = null;
                    data.setLength(0);
                } else if (line.startsWith("event:")) {
                    event = line.substring(6).strip();
                } else if (line.startsWith("data:")) {
                    if (!data.isEmpty()) {
                        data.append('\n');
                    }
                    data.append(line, line.startsWith("data: ") ? 6 : 5, line.length());
                }
            }
        } finally {
            watchdog.interrupt();
            stream = null;
        }
    }

    /** Drops a feed that has been silent for {@link #SILENCE}: the connection may be cut without either side knowing. */
    private void watch(AutoCloseable feed) {
        try {
            while (!closed) {
                Thread.sleep(1000);
                if (System.nanoTime() - lastHeardNanos > SILENCE.toNanos()) {
                    feed.close();
                    return;
                }
            }
        } catch (Exception e) {
            // the feed ended first
        }
    }

    private void heard() {
        lastHeardNanos = System.nanoTime();
        lastHeard = Instant.now();
    }

    private void on(String event, String data) throws Replica.Refused {
        heard();
        switch (event) {
            case "entry" -> {
                FeedEntry e = FeedEntry.of(data);
                replica.entry(e.index(), e.entry(), e.leaf(), e.salt(), e.state());
            }
            case "checkpoint" -> {
                long reached = replica.checkpoint(FeedEntry.note(data));
                if (reached >= 0) {
                    synchronized (revisionMonitor) {
                        revisionMonitor.notifyAll();
                    }
                    acks.ack(reached);
                }
            }
            case "revision" -> serverRevision = Math.max(serverRevision, FeedEntry.revision(data));
            default -> {
                // the plain feed's events and any added later: not this form's
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        InputStream s = stream;
        if (s != null) {
            try {
                s.close();
            } catch (IOException e) {
                // closing
            }
        }
        follower.interrupt();
        acks.stop();
        if (ownsHttp) {
            http.close();
        }
    }

    // ---- construction ----

    /** Builds a {@link VetoPep}: servers, token, id and the log's key are required. */
    public static final class Builder {
        private final List<URI> servers = new ArrayList<>();
        private String token;
        private String id;
        private final List<VerifierKey> logKeys = new ArrayList<>();
        private final List<CosignerVerifierKey> witnesses = new ArrayList<>();
        private int quorumK;
        private WitnessQuorum quorum;
        private FailMode failMode = FailMode.CLOSED;
        private Duration staleAfter = Duration.ofSeconds(5);
        private Duration revisionWait = Duration.ofSeconds(2);
        private Duration startTimeout = Duration.ofSeconds(60);
        private Clock clock = Clock.systemUTC();
        private HttpClient http;

        private Builder() {}

        /** The Veto servers to follow, in order of preference (nodes on one database); at least one. */
        public Builder servers(String... urls) {
            for (String u : urls) {
                servers.add(url(u));
            }
            return this;
        }

        public Builder servers(List<String> urls) {
            return servers(urls.toArray(String[]::new));
        }

        /** A token of role {@code pep} (or {@code auditor}). */
        public Builder token(String token) {
            this.token = token;
            return this;
        }

        /** This point's id in acknowledgements and the propagation report: 1 to 64 letters, digits and {@code . _ -}. */
        public Builder id(String id) {
            this.id = id;
            return this;
        }

        /** The log's verifier key ({@code veto log key}, {@code GET /v1/log/key}), obtained out of band: what every checkpoint must verify with. */
        public Builder logKey(String vkey) {
            try {
                logKeys.add(VerifierKey.parse(vkey.strip()));
            } catch (NoteException | RuntimeException e) {
                throw new IllegalArgumentException("logKey: not a signed-note verifier key (name+hash+base64): " + e.getMessage(), e);
            }
            return this;
        }

        /** A witness whose cosignature counts toward {@link #quorum(int)} (a C2SP cosignature/v1 verifier key). */
        public Builder witness(String vkey) {
            try {
                witnesses.add(CosignerVerifierKey.parse(vkey.strip()));
            } catch (NoteException | RuntimeException e) {
                throw new IllegalArgumentException("witness: not a cosigner verifier key: " + e.getMessage(), e);
            }
            return this;
        }

        /** How many of the witnesses must have cosigned a checkpoint before entries it covers are applied (default: all given). */
        public Builder quorum(int k) {
            this.quorumK = k;
            return this;
        }

        public Builder failMode(FailMode mode) {
            this.failMode = Objects.requireNonNull(mode, "failMode");
            return this;
        }

        /** How long without hearing from any server before the fail mode applies (default 5 s; heartbeats come every second). */
        public Builder staleAfter(Duration d) {
            this.staleAfter = positive(d, "staleAfter");
            return this;
        }

        /** How long {@link VetoPep#decide(EngineRequest, long)} waits for a demanded revision (default 2 s). */
        public Builder revisionWait(Duration d) {
            this.revisionWait = positive(d, "revisionWait");
            return this;
        }

        /** How long {@link #start()} waits for the first verified state (default 60 s). */
        public Builder startTimeout(Duration d) {
            this.startTimeout = positive(d, "startTimeout");
            return this;
        }

        /** The clock of {@code context.now} in policies (default the system's). */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** An HTTP client to share between many points in one process (default: one of its own). */
        public Builder httpClient(HttpClient http) {
            this.http = http;
            return this;
        }

        /**
         * Starts the point and waits until it decides on a verified state.
         *
         * @throws IllegalArgumentException when a setting is missing or wrong
         * @throws PepException.NotReady when no verified state was reached within the start timeout
         */
        public VetoPep start() throws InterruptedException {
            VetoPep pep = build();
            pep.started(startTimeout);
            return pep;
        }

        /** Starts the point without waiting: decisions throw {@link PepException.NotReady} until it has a verified state. */
        public VetoPep startAsync() {
            VetoPep pep = build();
            pep.follower.start();
            pep.acks.start();
            return pep;
        }

        private VetoPep build() {
            if (servers.isEmpty()) {
                throw new IllegalArgumentException("servers: name at least one Veto server URL, e.g. https://veto.internal:8443");
            }
            if (token == null || token.isBlank()) {
                throw new IllegalArgumentException("token: a token of role pep is required (veto token create --role pep)");
            }
            if (id == null || !id.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,63}")) {
                throw new IllegalArgumentException("id: 1 to 64 letters, digits and . _ - (the point's name in the propagation report), got " + id);
            }
            if (logKeys.isEmpty()) {
                throw new IllegalArgumentException("logKey: the log's verifier key is required: every state is checked against its signed checkpoints");
            }
            if (quorumK < 0 || quorumK > witnesses.size()) {
                throw new IllegalArgumentException("quorum: " + quorumK + " is not between 0 and the " + witnesses.size()
                        + " witness keys given (0 means all of them)");
            }
            int k = quorumK == 0 ? witnesses.size() : quorumK;
            try {
                quorum = new WitnessQuorum(witnesses, k);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("quorum: " + e.getMessage(), e);
            }
            return new VetoPep(this);
        }

        private static URI url(String u) {
            try {
                URI uri = URI.create(u.strip());
                if (uri.getScheme() == null || !(uri.getScheme().equals("http") || uri.getScheme().equals("https")) || uri.getHost() == null) {
                    throw new IllegalArgumentException("not an http(s) URL");
                }
                return uri;
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("servers: \"" + u + "\" is not a server URL like https://veto.internal:8443", e);
            }
        }

        private static Duration positive(Duration d, String name) {
            if (d == null || d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException(name + ": must be a positive duration, got " + d);
            }
            return d;
        }
    }
}
