package dev.veto.pep;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import javax.net.ssl.SSLSocketFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

/**
 * An enforcement point's acknowledgements to the server it follows, in the xDS style: the latest
 * revision applied as soon as it is (coalesced), again every {@link #REACK} so the server sees
 * the point alive, and NACKs with their reason (said again once a server answers). One virtual
 * thread, signalled without a monitor: the feed's thread only raises a number and unparks.
 */
final class Acknowledgements {
    private static final Logger LOG = LoggerFactory.getLogger(Acknowledgements.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();
    /** How often an unchanged revision is acknowledged again, so the server sees the point alive. */
    static final Duration REACK = Duration.ofSeconds(5);
    /** How long after a failed acknowledgement it is tried again. */
    private static final Duration ACK_RETRY = Duration.ofMillis(250);

    /** The latest revision to acknowledge; only grows. */
    private final AtomicLong toAck = new AtomicLong(-1);
    private final AtomicReference<Map<String, Object>> nack = new AtomicReference<>();
    private long acked = -1;
    private final String id;
    private final String token;
    private final SSLSocketFactory tls;
    /** The server the point follows now. */
    private final Supplier<URI> server;
    private final BooleanSupplier closed;
    private final Thread thread;

    Acknowledgements(String id, String token, SSLSocketFactory tls, Supplier<URI> server, BooleanSupplier closed) {
        this.id = id;
        this.token = token;
        this.tls = tls;
        this.server = server;
        this.closed = closed;
        this.thread = Thread.ofVirtual().name("veto-pep-acks-" + id).unstarted(this::run);
    }

    void start() {
        thread.start();
    }

    void stop() {
        thread.interrupt();
        AckChannel c = channel;
        if (c != null) {
            c.close();
        }
    }

    void ack(long revision) {
        toAck.accumulateAndGet(revision, Math::max);
        LockSupport.unpark(thread);
    }

    void nack(long revision, String error) {
        nack.set(Map.of("revision", revision, "error", error));
        LockSupport.unpark(thread);
    }

    private void run() {
        long lastSent = System.nanoTime();
        while (!closed.getAsBoolean() && !Thread.currentThread().isInterrupted()) {
            long revision = toAck.get();
            Map<String, Object> refusal = nack.getAndSet(null);
            long sinceSent = System.nanoTime() - lastSent;
            if (refusal == null && revision <= acked && sinceSent < REACK.toNanos()) {
                LockSupport.parkNanos(this, REACK.toNanos() - sinceSent);
                continue;
            }
            try {
                if (refusal != null) {
                    post(JSON.writeValueAsBytes(refusal));
                } else if (revision >= 0) {
                    post(("{\"revision\":" + revision + "}").getBytes(StandardCharsets.US_ASCII));
                    acked = Math.max(acked, revision);
                }
            } catch (IOException e) {
                LOG.debug("enforcement point {}: acknowledgement failed: {}", id, e.toString());
                if (refusal != null) {
                    nack.compareAndSet(null, refusal); // said again once a server answers
                }
                LockSupport.parkNanos(this, ACK_RETRY.toNanos());
            }
            lastSent = System.nanoTime();
        }
    }

    /** The connection to the server followed now (another once the point follows another). */
    private volatile AckChannel channel;

    private void post(byte[] body) throws IOException {
        URI to = server.get();
        if (channel == null || !channel.server().equals(to)) {
            if (channel != null) {
                channel.close();
            }
            channel = new AckChannel(to, id, token, tls);
        }
        AckChannel.Answer a = channel.post(body);
        if (a.status() != 200) {
            LOG.debug("enforcement point {}: acknowledgement answered {}: {}", id, a.status(), a.body());
        }
    }
}
