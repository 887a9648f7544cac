package dev.veto.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.veto.control.Actor;
import dev.veto.control.ControlPlane;
import dev.veto.control.TestClock;
import dev.veto.control.Event;
import dev.veto.control.Inputs;
import dev.veto.cedar.json.CedarJson;
import dev.veto.ledger.Log;
import dev.veto.ledger.note.SignerKey;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The change feed an enforcement point follows, its acknowledgements, and an enforcement's propagation. */
@org.junit.jupiter.api.Timeout(120)
class ChangeFeedTest {
    @TempDir
    Path dir;
    ControlPlane plane;
    VetoServer server;
    Api api;
    String pep;
    String admin;

    @BeforeEach
    void start() throws Exception {
        SignerKey key = SignerKey.generate("feed.test/log");
        plane = ControlPlane.open(Log.create(dir.resolve("veto.db").toString(), "feed.test/log", key), new TestClock(Instant.parse("2027-03-01T09:00:00Z")), "Example Cloud");
        admin = plane.commands().createToken(Actor.OPERATOR, new Inputs.CreateToken("admin", "adam", null)).token();
        pep = plane.commands().createToken(Actor.OPERATOR, new Inputs.CreateToken("pep", "gateway", null)).token();
        server = VetoServer.start(plane, "127.0.0.1", 0, AccessLog.discard());
        api = new Api(server.port());
    }

    @AfterEach
    void stop() {
        server.close();
        plane.close();
    }

    @Test
    void theFeedReplaysDecisionChangesThenStreamsNewOnesAndAcksShowPropagation() throws Exception {
        BlockingQueue<String> lines = new ArrayBlockingQueue<>(1000);
        HttpClient http = HttpClient.newHttpClient();
        var response = http.sendAsync(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/v1/feed?after=0"))
                .header("Authorization", "Bearer " + pep).header("Accept", "text/event-stream").build(), HttpResponse.BodyHandlers.ofLines());
        var body = response.get(10, TimeUnit.SECONDS);
        assertThat(body.statusCode()).isEqualTo(200);
        Thread reader = Thread.ofVirtual().start(() -> body.body().forEach(lines::offer));
        try {
            // the backlog: the baseline policy (entry 0), not the token entries; then the revision reached
            assertThat(next(lines, "event:")).isEqualTo("event: policy.put");
            assertThat(next(lines, "data:")).contains("\"index\":0", "\"baseline\"");
            assertThat(next(lines, "event:")).isEqualTo("event: revision");
            assertThat(next(lines, "data:")).contains("\"revision\":3");
            // and the log's signed checkpoint of that size, for replicas to verify what they applied
            assertThat(next(lines, "event:")).isEqualTo("event: checkpoint");
            assertThat(next(lines, "data:")).contains("\"size\":3", "feed.test/log\\n3\\n");

            // live: a new platform policy arrives as it is committed (one that validates on this
            // platform, which has no catalog yet: it names no action)
            plane.commands().putPolicy(new Actor("adam", dev.veto.control.Role.ADMIN, null), "no-deletes",
                    "forbid (principal, action, resource) when { context.now > datetime(\"2100-01-01T00:00:00Z\") };");
            assertThat(next(lines, "event:")).isEqualTo("event: policy.put");
            assertThat(next(lines, "data:")).contains("\"index\":3", "no-deletes");
            assertThat(next(lines, "event:")).isEqualTo("event: revision");
        } finally {
            reader.interrupt();
        }

        // acknowledgements
        assertThat(api.post("/v1/peps/edge-1/ack", pep, "{\"revision\": 4}").status()).isEqualTo(200);
        assertThat(api.post("/v1/peps/edge-2/ack", pep, "{\"revision\": 99}").status()).as("the future cannot be acknowledged").isEqualTo(400);
        assertThat(api.post("/v1/peps/edge-1/ack", admin, "{\"revision\": 4}").status()).isEqualTo(200);
        // a NACK: the last good revision, and why the next could not be applied
        assertThat(api.post("/v1/peps/edge-1/ack", pep, "{\"revision\": 4, \"error\": \"entry 4: its state part does not match\"}").status()).isEqualTo(200);
        assertThat(plane.propagation().nackOf("edge-1").error()).isEqualTo("entry 4: its state part does not match");
        assertThat(api.post("/v1/peps/edge-1/ack", pep, "{\"revision\": 4, \"error\": \" \"}").body()).contains("\"field\":\"error\"");
        assertThat(api.post("/v1/peps/edge-1/ack", pep, "{\"revision\": 4, \"error\": 7}").body()).contains("\"field\":\"error\"");
        assertThat(feed("?after=0&verify=maybe", pep).statusCode()).isEqualTo(400);
        assertThat(feed("?after=x", pep).statusCode()).isEqualTo(400);
        assertThat(feed("?after=99", pep).statusCode()).isEqualTo(400);
        assertThat(feed("", null).statusCode()).isEqualTo(401);
        assertThat(api.get("/v1/feed", pep).status()).as("without Accept: text/event-stream").isEqualTo(406);

        // propagation of an enforcement is covered end to end in WorkflowContract
    }

    private HttpResponse<String> feed(String query, String token) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/v1/feed" + query)).header("Accept", "text/event-stream");
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return HttpClient.newHttpClient().send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String next(BlockingQueue<String> lines, String prefix) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            String l = lines.poll(100, TimeUnit.MILLISECONDS);
            if (l != null && l.startsWith(prefix)) {
                return l;
            }
        }
        throw new AssertionError("no line starting with " + prefix);
    }
}
