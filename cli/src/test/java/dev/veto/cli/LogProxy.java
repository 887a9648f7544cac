package dev.veto.cli;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * An HTTP proxy in front of real Veto servers, as a log that lies would be: it forwards each GET
 * to the current target (with its Authorization header, answering the target's status and body),
 * and a test can switch the target to another server or alter the answers to some paths.
 */
final class LogProxy implements AutoCloseable {
    /** Changes an answer's body; {@code path} holds the query too. */
    @FunctionalInterface
    interface Alteration {
        byte[] apply(String path, byte[] body);
    }

    private final HttpClient http = HttpClient.newHttpClient();
    private final HttpServer server;
    private final ExecutorService threads = Executors.newFixedThreadPool(4);
    private volatile String target;
    private volatile Alteration alteration = (path, body) -> body;

    LogProxy(String target) throws IOException {
        this.target = target;
        // The JDK server writes headers and body apart; without TCP_NODELAY each answer waits ~40 ms for a delayed ACK.
        System.setProperty("sun.net.httpserver.nodelay", "true");
        this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::forward);
        server.setExecutor(threads);
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Forwards to {@code url} from now on. */
    void target(String url) {
        this.target = url;
    }

    /** Alters the answers from now on (one alteration at a time; {@link #honest()} ends it). */
    void alter(Alteration a) {
        this.alteration = a;
    }

    /** Forwards answers unchanged from now on. */
    void honest() {
        this.alteration = (path, body) -> body;
    }

    /** An alteration that flips the last byte of the answers whose path starts with {@code prefix}. */
    static Alteration flipLastByte(String prefix) {
        return (path, body) -> {
            if (!path.startsWith(prefix) || body.length == 0) {
                return body;
            }
            byte[] b = body.clone();
            b[b.length - 1] ^= 0x01;
            return b;
        };
    }

    /** An alteration that appends {@code lines} (signature lines, each ending in a newline) to the latest checkpoint. */
    static Alteration appendToCheckpoint(String lines) {
        return (path, body) -> path.equals("/log/checkpoint")
                ? (new String(body, java.nio.charset.StandardCharsets.UTF_8) + lines).getBytes(java.nio.charset.StandardCharsets.UTF_8)
                : body;
    }

    private void forward(HttpExchange ex) throws IOException {
        try (ex) {
            String path = ex.getRequestURI().getRawPath() + (ex.getRequestURI().getRawQuery() == null ? "" : "?" + ex.getRequestURI().getRawQuery());
            HttpRequest.Builder req = HttpRequest.newBuilder(URI.create(target + path)).GET();
            String auth = ex.getRequestHeaders().getFirst("Authorization");
            if (auth != null) {
                req.header("Authorization", auth);
            }
            HttpResponse<byte[]> r;
            try {
                r = http.send(req.build(), HttpResponse.BodyHandlers.ofByteArray());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                ex.sendResponseHeaders(502, -1);
                return;
            }
            byte[] body = r.statusCode() == 200 ? alteration.apply(path, r.body()) : r.body();
            r.headers().firstValue("Content-Type").ifPresent(t -> ex.getResponseHeaders().add("Content-Type", t));
            ex.sendResponseHeaders(r.statusCode(), body.length == 0 ? -1 : body.length);
            if (body.length > 0) {
                try (OutputStream out = ex.getResponseBody()) {
                    out.write(body);
                }
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
