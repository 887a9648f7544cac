package dev.veto.pep;

import com.sun.net.httpserver.HttpServer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.function.UnaryOperator;

/**
 * A hostile network between an enforcement point and a server: it relays every request, and
 * passes each server-sent event of the feed through {@code transform} (which may alter or drop
 * it: null drops it). Everything else passes unchanged.
 */
final class FeedProxy implements AutoCloseable {
    private final HttpServer server;
    private final HttpClient http = HttpClient.newHttpClient();

    FeedProxy(URI upstream, UnaryOperator<String> transform) throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", ex -> {
            try {
                HttpRequest.Builder b = HttpRequest.newBuilder(upstream.resolve(ex.getRequestURI().toString()))
                        .method(ex.getRequestMethod(), HttpRequest.BodyPublishers.ofByteArray(ex.getRequestBody().readAllBytes()));
                for (String h : List.of("Authorization", "Accept", "Content-Type", "Last-Event-ID")) {
                    String v = ex.getRequestHeaders().getFirst(h);
                    if (v != null) {
                        b.header(h, v);
                    }
                }
                HttpResponse<InputStream> r = http.send(b.build(), HttpResponse.BodyHandlers.ofInputStream());
                r.headers().firstValue("Content-Type").ifPresent(v -> ex.getResponseHeaders().add("Content-Type", v));
                boolean feed = ex.getRequestURI().getPath().equals("/v1/feed") && r.statusCode() == 200;
                ex.sendResponseHeaders(r.statusCode(), 0);
                try (InputStream in = r.body(); OutputStream out = ex.getResponseBody()) {
                    if (!feed) {
                        in.transferTo(out);
                        return;
                    }
                    BufferedReader lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
                    StringBuilder event = new StringBuilder();
                    String line;
                    while ((line = lines.readLine()) != null) {
                        event.append(line).append('\n');
                        if (line.isEmpty()) {
                            String changed = transform.apply(event.toString());
                            if (changed != null) {
                                out.write(changed.getBytes(StandardCharsets.UTF_8));
                                out.flush();
                            }
                            event.setLength(0);
                        }
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (IOException e) {
                // one side went away
            } finally {
                ex.close();
            }
        });
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
        http.close();
    }
}
