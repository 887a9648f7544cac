package dev.veto.cli.pep;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Plain HTTP/1.1 requests to one server or sidecar process, as its users make them. */
public final class Http {
    public static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();

    private final String base;

    /** {@code base}: {@code http://host:port}, without a trailing slash. */
    public Http(String base) {
        this.base = base;
    }

    public String base() {
        return base;
    }

    /** An answer: its status and body. */
    public record Reply(int status, String body) {
        public JsonNode json() {
            return JSON.readTree(body);
        }

        @Override
        public String toString() {
            return status + " " + body;
        }
    }

    public Reply get(String path, String token) throws IOException, InterruptedException {
        return call("GET", path, token, null);
    }

    public Reply post(String path, String token, String body) throws IOException, InterruptedException {
        return call("POST", path, token, body);
    }

    public Reply put(String path, String token, String body) throws IOException, InterruptedException {
        return call("PUT", path, token, body);
    }

    /** One request; an {@link IOException} when nothing answers (a killed process, say). */
    public Reply call(String method, String path, String token, String body) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(10))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        if (body != null) {
            b.header("Content-Type", body.startsWith("{") || body.startsWith("[") ? "application/json" : "text/plain");
        }
        HttpResponse<String> r = CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofString());
        return new Reply(r.statusCode(), r.body());
    }
}
