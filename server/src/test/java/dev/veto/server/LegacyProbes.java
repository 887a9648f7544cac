package dev.veto.server;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Requests sent to a server opened on the legacy fixture log, and their answers. The generator
 * ({@link LegacyFixtureGenerator}) recorded them against the build that wrote the log;
 * {@link LegacyLogTest} sends the same requests, in the same order, to today's build and expects
 * the same answers byte for byte (bearer token secrets, which are random, masked).
 */
final class LegacyProbes {
    /** A bearer token secret in an answer: random, so masked before comparing. */
    private static final Pattern SECRET = Pattern.compile("\"token\":\"veto_[A-Za-z0-9_-]+\"");

    private LegacyProbes() {}

    /** One request: method, path, the token variable it is sent with (or null), and its body (or null). */
    record Probe(String method, String path, String as, String body) {}

    /** One request and what the server answered. */
    record Answer(Probe probe, int status, String body) {
        ObjectNode json() {
            ObjectNode o = Api.JSON.createObjectNode();
            o.put("method", probe.method());
            o.put("path", probe.path());
            if (probe.as() != null) {
                o.put("as", probe.as());
            }
            if (probe.body() != null) {
                o.put("body", probe.body());
            }
            o.put("status", status);
            o.put("answer", body);
            return o;
        }

        static Answer of(JsonNode n) {
            Probe p = new Probe(n.get("method").asString(), n.get("path").asString(), n.has("as") ? n.get("as").asString() : null,
                    n.has("body") ? n.get("body").asString() : null);
            return new Answer(p, n.get("status").asInt(), n.get("answer").asString());
        }
    }

    /** Sends {@code probe} to the server on {@code port}; {@code FEED} reads the change feed up to its first revision event. */
    static Answer send(int port, Map<String, String> tokens, Probe probe) {
        String token = probe.as() == null ? null : tokens.get(probe.as());
        if (probe.as() != null && token == null) {
            throw new IllegalArgumentException("no token " + probe.as());
        }
        if (probe.method().equals("FEED")) {
            return new Answer(probe, 200, feed(port, token, probe.path()));
        }
        Api.Reply r = new Api(port).call(probe.method(), probe.path(), token, probe.body());
        return new Answer(probe, r.status(), mask(r.body()));
    }

    static String mask(String body) {
        return SECRET.matcher(body).replaceAll("\"token\":\"veto_…\"");
    }

    /** The feed's lines from {@code path} up to and including the data of its first {@code revision} event. */
    private static String feed(int port, String token, String path) {
        HttpRequest req = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).header("Accept", "text/event-stream")
                .header("Authorization", "Bearer " + token).timeout(Duration.ofSeconds(20)).build();
        try {
            HttpResponse<java.io.InputStream> r = HttpClient.newHttpClient().send(req, HttpResponse.BodyHandlers.ofInputStream());
            StringBuilder out = new StringBuilder();
            try (BufferedReader in = new BufferedReader(new InputStreamReader(r.body(), StandardCharsets.UTF_8))) {
                boolean revision = false;
                for (String line; (line = in.readLine()) != null; ) {
                    if (line.startsWith(":")) {
                        continue; // comments (keep-alive) come and go with timing
                    }
                    out.append(line).append('\n');
                    if (line.equals("event: revision")) {
                        revision = true;
                    } else if (revision && line.startsWith("data:")) {
                        break;
                    }
                }
            }
            return out.toString();
        } catch (Exception e) {
            throw new AssertionError("GET " + path + " as a feed failed: " + e, e);
        }
    }

    /**
     * The probes, as the generator sends them after reopening the fixture: reads of every view by
     * every kind of caller, decisions, and commands that continue the workflow (approvals that
     * enforce, an appeal, a new case), then the reads again.
     */
    static List<Probe> all(long logSize) {
        List<Probe> p = new ArrayList<>();
        reads(p, logSize);
        String pep = "pep";
        for (String[] d : DECISIONS) {
            p.add(new Probe("POST", "/v1/authorize", pep, d[0]));
        }
        StringBuilder batch = new StringBuilder("{\"requests\": [");
        for (int i = 0; i < DECISIONS.length; i++) {
            batch.append(i > 0 ? "," : "").append(DECISIONS[i][0]);
        }
        batch.append("]}");
        p.add(new Probe("POST", "/v1/authorize/batch", pep, batch.toString()));
        p.add(new Probe("POST", "/v1/authorize/batch", pep, "{\"requests\": [{\"principal\": {\"type\": \"User\"}}, " + DECISIONS[0][0] + "], \"atLeastRevision\": 1}"));
        p.add(new Probe("POST", "/v1/authorize", pep, "{\"principal\": {\"type\": \"User\", \"id\": \"alice\"}}"));
        p.add(new Probe("POST", "/v1/authorize", pep, "{\"principal\": {\"type\": \"User\", \"id\": \"alice\"}, \"action\": {\"type\": \"Action\", \"id\": \"storage:PutObject\"}, "
                + "\"resource\": {\"type\": \"Bucket\", \"id\": \"b42\"}, \"context\": {\"now\": 1}}"));
        p.add(new Probe("POST", "/v1/authorize", "auditor", DECISIONS[0][0]));
        p.add(new Probe("POST", "/v1/peps/edge-1/ack", pep, "{\"revision\": " + logSize + "}"));
        p.add(new Probe("GET", "/v1/enforcements/ENF-0002-1/propagation", "admin", null));

        // the workflow goes on: a pending proposal is approved twice and enforced
        p.add(new Probe("POST", "/v1/proposals/P-0004-1/approvals", "rita", "{}"));
        p.add(new Probe("POST", "/v1/proposals/P-0004-1/approvals", "anna", "{\"comment\": \"the metering holds\"}"));
        p.add(new Probe("POST", "/v1/proposals/P-0004-1/approvals", "anna", "{}"));
        p.add(new Probe("POST", "/v1/proposals/P-0004-1/approvals", "ben", null));
        p.add(new Probe("POST", "/v1/authorize", pep, DECISIONS[3][0]));
        p.add(new Probe("POST", "/v1/cases/C-0005/appeals", "oc", "{\"statement\": \"not ours\"}"));
        p.add(new Probe("POST", "/v1/cases/C-0005/appeals", "mx", "{\"statement\": \"The archive is a legal obligation.\"}"));
        p.add(new Probe("POST", "/v1/cases/C-0005/appeals", "mx", "{\"statement\": \"again\"}"));
        p.add(new Probe("POST", "/v1/appeals/A-0005-1/decision", "anna", "{\"outcome\": \"upheld\", \"reasoning\": \"x\"}"));
        p.add(new Probe("POST", "/v1/appeals/A-0005-1/decision", "carl", "{\"outcome\": \"maybe\", \"reasoning\": \"x\"}"));
        p.add(new Probe("POST", "/v1/appeals/A-0005-1/decision", "carl", "{\"outcome\": \"upheld\", \"reasoning\": \"The archive can be kept elsewhere.\"}"));
        p.add(new Probe("POST", "/v1/cases", "rita", "{\"subject\": {\"type\": \"Unit\", \"id\": \"oc/sales\"}, \"principle\": \"no-fraud\", \"summary\": \"Chargeback pattern.\"}"));
        p.add(new Probe("POST", "/v1/cases/C-0006/evidence", "rita", "{\"kind\": \"billing\", \"source\": \"billing export\", \"description\": \"Chargebacks\", "
                + "\"sha256\": \"" + "c".repeat(64) + "\", \"collectedAt\": \"2027-03-20T10:00:00Z\", \"customerContentAccessed\": false}"));
        p.add(new Probe("POST", "/v1/cases/C-0006/findings", "rita", "{\"principle\": \"no-fraud\", \"statement\": \"Chargebacks at 40%.\", \"evidence\": [\"EV-1\"]}"));
        p.add(new Probe("POST", "/v1/cases/C-0006/proposals", "rita", "{\"scope\": {\"type\": \"Unit\", \"id\": \"oc/sales\"}, \"services\": [\"ai\"], "
                + "\"exportWindowDays\": 14, \"contractualGround\": \"AUP 7\", \"explanation\": \"Fraud.\", \"shadow\": true}"));
        p.add(new Probe("POST", "/v1/authorize", pep, DECISIONS[5][0]));
        p.add(new Probe("GET", "/v1/proposals/P-0006-1", "admin", null));
        p.add(new Probe("POST", "/v1/cases/C-0006/close", "rita", "{\"reason\": \"Customer refunded.\"}"));
        p.add(new Probe("POST", "/v1/cases/C-0006/close", "rita", "{\"reason\": \"again\"}"));
        p.add(new Probe("PUT", "/v1/entities", "admin", "[{\"uid\": {\"type\": \"Account\", \"id\": \"a42\"}, \"attrs\": {}, \"parents\": [{\"type\": \"Unit\", \"id\": \"mx/u41\"}]}]"));
        p.add(new Probe("PUT", "/v1/policies/no-exports", "admin", "forbid (principal, action == Action::\"storage:ExportBucket\", resource) when { context has region && context.region == \"xx\" };"));
        p.add(new Probe("PUT", "/v1/policies/enf-x", "admin", "permit (principal, action, resource);"));
        p.add(new Probe("PUT", "/v1/policies/broken", "admin", "permit (principal, action, resource"));
        p.add(new Probe("DELETE", "/v1/policies/no-exports", "admin", null));
        p.add(new Probe("DELETE", "/v1/entities/Bucket/b41", "admin", null));
        p.add(new Probe("PUT", "/v1/services/translation", "admin", "{\"operations\": [{\"name\": \"Translate\", \"access\": \"write\"}]}"));
        p.add(new Probe("PUT", "/v1/principles/no-spam", "admin", "{\"title\": \"No spam\", \"text\": \"No bulk unsolicited messages.\", \"clause\": \"AUP 9\"}"));
        for (String[] d : DECISIONS) {
            p.add(new Probe("POST", "/v1/authorize", pep, d[0]));
        }
        reads(p, -1);
        // last: its entry holds the new token's random hash, so the tree's root differs from here on
        p.add(new Probe("POST", "/v1/tokens", "admin", "{\"role\": \"auditor\", \"name\": \"aud2\"}"));
        return p;
    }

    private static void reads(List<Probe> p, long logSize) {
        p.add(new Probe("GET", "/health", null, null));
        p.add(new Probe("GET", "/v1/cases/C-0001", null, null));
        p.add(new Probe("GET", "/v1/cases/C-0001", "nobody", null));
        for (String who : List.of("admin", "auditor", "rita", "mx", "oc", "pep")) {
            p.add(new Probe("GET", "/v1/cases", who, null));
            for (int c = 1; c <= 6; c++) {
                p.add(new Probe("GET", "/v1/cases/C-000" + c, who, null));
            }
            for (String prop : List.of("P-0001-1", "P-0001-2", "P-0002-1", "P-0003-1", "P-0004-1", "P-0005-1", "P-0006-1", "P-9")) {
                p.add(new Probe("GET", "/v1/proposals/" + prop, who, null));
            }
            for (String e : List.of("ENF-0001-2", "ENF-0002-1", "ENF-0004-1", "ENF-0005-1", "ENF-9")) {
                p.add(new Probe("GET", "/v1/enforcements/" + e, who, null));
            }
            for (String n : List.of("N-0001-2", "N-0001-2-R", "N-0002-1", "N-0002-1-R", "N-0004-1", "N-0005-1", "N-9")) {
                p.add(new Probe("GET", "/v1/notices/" + n, who, null));
                p.add(new Probe("GET", "/v1/notices/" + n + "/statement-of-reasons", who, null));
            }
            p.add(new Probe("GET", "/v1/transparency/report", who, null));
            p.add(new Probe("GET", "/v1/services", who, null));
            p.add(new Probe("GET", "/v1/principles", who, null));
            p.add(new Probe("GET", "/v1/policies", who, null));
        }
        p.add(new Probe("GET", "/v1/access-policy", "auditor", null));
        p.add(new Probe("GET", "/v1/transparency/report?size=5", "auditor", null));
        p.add(new Probe("GET", "/v1/transparency/report?size=3", "auditor", null));
        p.add(new Probe("GET", "/log/checkpoint", null, null));
        p.add(new Probe("GET", "/v1/log/key", null, null));
        p.add(new Probe("GET", "/log/tile/0/000.p/5", null, null));
        p.add(new Probe("GET", "/log/tile/0/000", null, null));
        p.add(new Probe("GET", "/v1/log/entries/x", null, null));
        p.add(new Probe("GET", "/v1/log/proof/consistency?from=3&to=40", null, null));
        p.add(new Probe("GET", "/v1/log/proof/inclusion?index=7&size=40", null, null));
        p.add(new Probe("GET", "/v1/log/proof/inclusion?index=70&size=40", null, null));
        p.add(new Probe("GET", "/v1/nowhere", null, null));
        if (logSize > 0) {
            for (long i = 0; i <= logSize; i++) {
                p.add(new Probe("GET", "/v1/log/entries/" + i, null, null));
            }
            p.add(new Probe("FEED", "/v1/feed?after=0", "pep", null));
            p.add(new Probe("FEED", "/v1/feed?after=" + (logSize - 3), "pep", null));
        } else {
            p.add(new Probe("FEED", "/v1/feed?after=40", "pep", null));
        }
    }

    private static String uid(String type, String id) {
        return "{\"type\": \"" + type + "\", \"id\": \"" + id + "\"}";
    }

    private static String request(String principal, String action, String resource, String rest) {
        return "{\"principal\": " + uid("User", principal) + ", \"action\": " + uid("Action", action) + ", \"resource\": " + uid("Bucket", resource) + rest + "}";
    }

    /** Decision requests: across units under enforcement and not, reads in and after windows, slices, errors. */
    static final String[][] DECISIONS = {
        {request("alice", "storage:PutObject", "b42", "")},
        {request("alice", "storage:GetObject", "b42", "")},
        {request("bob", "storage:PutObject", "b41", "")},
        {request("dora", "ai:InvokeModel", "b17", "")},
        {request("erin", "storage:ExportBucket", "boc", "")},
        {request("erin", "ai:InvokeModel", "boc", ", \"context\": {\"region\": \"eu\"}")},
        {request("alice", "storage:PutObject", "b42", ", \"entities\": [{\"uid\": " + uid("User", "alice") + ", \"attrs\": {}, \"parents\": []},"
                + " {\"uid\": " + uid("Account", "a42") + ", \"attrs\": {}, \"parents\": []}]")},
        {request("zed", "storage:PutObject", "bz", ", \"entities\": [{\"uid\": " + uid("User", "zed") + ", \"attrs\": {\"level\": 3}, \"parents\": ["
                + uid("Account", "a42") + "]}]")},
        {request("alice", "storage:DeleteBucket", "b42", "")},
        {request("alice", "compute:RunInstance", "b42", ", \"context\": {\"ip\": {\"__extn\": {\"fn\": \"ip\", \"arg\": \"10.0.0.1\"}}}")},
        {request("alice", "nope:Nothing", "b42", "")},
    };
}
