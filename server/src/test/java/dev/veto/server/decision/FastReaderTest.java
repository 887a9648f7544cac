package dev.veto.server.decision;

import dev.veto.cedar.json.JsonPath;
import dev.veto.server.http.Json;
import static org.assertj.core.api.Assertions.assertThat;

import dev.veto.cedar.json.CedarJson;
import dev.veto.engine.EngineRequest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The streaming reader of decision bodies against the tree reader, which is the reference: on
 * generated bodies, common and odd, valid and not, whenever the streaming reader accepts a body
 * it must read exactly what the tree reader reads; otherwise it must leave the body to it.
 */
class FastReaderTest {
    private static final int BODIES = 20_000;

    @Test
    void singleBodiesReadAsTheTreeReaderReadsThem() {
        SplittableRandom rnd = new SplittableRandom(7);
        int fastOnes = 0;
        int treeOnes = 0;
        for (int i = 0; i < BODIES; i++) {
            String body = new Gen(rnd).requestBody(true);
            if (rnd.nextInt(20) == 0) {
                body = body.substring(0, rnd.nextInt(body.length() + 1));
            }
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            FastReader.Parsed fast = FastReader.single(bytes);
            Object tree = treeSingle(bytes);
            if (fast == null) {
                treeOnes++;
                continue;
            }
            fastOnes++;
            assertThat(tree).as(body).isInstanceOf(Single.class);
            Single want = (Single) tree;
            assertThat(fast.requests()).as(body).containsExactly(want.request());
            assertThat(revision(fast.atLeastRevision())).as(body).isEqualTo(revision(want.atLeastRevision()));
        }
        // both paths must have been exercised, or the comparison proves nothing
        assertThat(fastOnes).isGreaterThan(BODIES / 10);
        assertThat(treeOnes).isGreaterThan(BODIES / 4);
    }

    @Test
    void batchBodiesReadAsTheTreeReaderReadsThem() {
        SplittableRandom rnd = new SplittableRandom(11);
        int fastOnes = 0;
        for (int i = 0; i < BODIES / 10; i++) {
            Gen g = new Gen(rnd);
            StringBuilder b = new StringBuilder("{");
            if (rnd.nextInt(4) == 0) {
                b.append("\"atLeastRevision\": ").append(g.revision()).append(", ");
            }
            b.append("\"requests\": [");
            int n = rnd.nextInt(6);
            for (int k = 0; k < n; k++) {
                b.append(k == 0 ? "" : ", ").append(g.requestBody(rnd.nextInt(30) == 0));
            }
            b.append("]");
            if (rnd.nextInt(30) == 0) {
                b.append(", \"extra\": 1");
            }
            b.append("}");
            byte[] bytes = b.toString().getBytes(StandardCharsets.UTF_8);
            FastReader.Parsed fast = FastReader.batch(bytes, 4);
            if (fast == null) {
                continue;
            }
            fastOnes++;
            JsonNode tree = Json.tree(bytes);
            JsonNode requests = tree.get("requests");
            assertThat(requests.size()).as(b.toString()).isLessThanOrEqualTo(4).isEqualTo(fast.requests().size());
            for (int k = 0; k < requests.size(); k++) {
                assertThat(requests.get(k).has("atLeastRevision")).isFalse();
                EngineRequest want = TreeReader.request(requests.get(k), new JsonPath("body").key("requests").index(k));
                assertThat(fast.requests().get(k)).as(b.toString()).isEqualTo(want);
            }
            assertThat(revision(fast.atLeastRevision())).isEqualTo(revision(tree.get("atLeastRevision")));
        }
        assertThat(fastOnes).isGreaterThan(BODIES / 10 / 10);
    }

    @Test
    void theCommonShapeTakesTheFastPath() {
        String body = """
                {"principal": {"type": "User", "id": "a7/user3"}, "action": {"id": "storage:put", "type": "Action"},
                 "resource": {"type": "Object", "id": "a7/object9"},
                 "context": {"mfa": true, "sourceIp": {"__extn": {"fn": "ip", "arg": "10.1.2.3"}}, "tags": ["a", "b"],
                             "n": -9223372036854775808, "who": {"__entity": {"type": "User", "id": "bob"}},
                             "limit": {"__extn": {"fn": "decimal", "args": ["1.25"]}}, "__note": "fine"},
                 "entities": [{"uid": {"type": "User", "id": "a7/user3"}, "attrs": {"level": 3, "region": "eu-west"},
                               "parents": [{"type": "Account", "id": "a7"}]},
                              {"uid": {"type": "Object", "id": "a7/object9"}, "attrs": {"owner": {"type": "User", "id": "a7/user3"}},
                               "parents": [{"type": "Account", "id": "a7"}], "tags": {}}],
                 "atLeastRevision": 12}""";
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        FastReader.Parsed fast = FastReader.single(bytes);
        assertThat(fast).isNotNull();
        Single want = (Single) treeSingle(bytes);
        assertThat(fast.requests()).containsExactly(want.request());
        assertThat(revision(fast.atLeastRevision())).isEqualTo(12L);
    }

    /**
     * The reader remembers ids, names, types and string values by their bytes, up to 24 of
     * them as three words, and reads compact field names a word at a time. Texts that differ in
     * one byte, on either side of each word boundary and at the very end of a body (where fewer
     * than eight bytes are left to read), must still read as themselves, in one body and across
     * bodies.
     */
    @Test
    void textsThatDifferInOneByteReadApart() {
        List<String> texts = new ArrayList<>();
        for (int len = 1; len <= 27; len++) {
            String base = "abcdefghijklmnopqrstuvwxyz0".substring(0, len);
            texts.add(base);
            for (int at : new int[] {0, len / 2, len - 1}) {
                texts.add(base.substring(0, at) + "#" + base.substring(at + 1));
            }
        }
        StringBuilder batch = new StringBuilder("{\"requests\":[");
        for (int k = 0; k < texts.size(); k++) {
            String t = texts.get(k);
            String other = texts.get((k * 7 + 3) % texts.size());
            String single = "{\"principal\":{\"type\":\"" + t + "\",\"id\":\"" + t + "\"},\"action\":{\"type\":\"Action\",\"id\":\"" + other
                    + "\"},\"context\":{\"" + t + "\":\"" + other + "\",\"" + other + "\":\"" + t + "\"},"
                    + "\"entities\":[{\"uid\":{\"id\":\"" + other + "\",\"type\":\"" + t + "\"},\"attrs\":{\"v\":\"" + t + "\"},"
                    + "\"parents\":[{\"type\":\"" + other + "\",\"id\":\"" + t + "\"}]}],"
                    + "\"resource\":{\"type\":\"" + other + "\",\"id\":\"" + t + "\"}}";
            byte[] bytes = single.getBytes(StandardCharsets.UTF_8);
            FastReader.Parsed fast = FastReader.single(bytes);
            if (t.equals(other)) {
                // the context repeats a name: the tree reader explains that
                assertThat(fast).as(single).isNull();
                continue;
            }
            assertThat(fast).as(single).isNotNull();
            assertThat(fast.requests()).as(single).containsExactly(((Single) treeSingle(bytes)).request());
            batch.append(k == 0 ? "" : ",").append(single);
        }
        byte[] bytes = batch.append("]}").toString().getBytes(StandardCharsets.UTF_8);
        FastReader.Parsed fast = FastReader.batch(bytes, texts.size());
        assertThat(fast).isNotNull();
        JsonNode requests = Json.tree(bytes).get("requests");
        assertThat(fast.requests()).hasSize(requests.size());
        for (int k = 0; k < requests.size(); k++) {
            assertThat(fast.requests().get(k)).isEqualTo(TreeReader.request(requests.get(k), new JsonPath("body")));
        }
    }

    @Test
    void escapesAndFaultsAreLeftToTheTreeReader() {
        String uid = "{\"type\": \"User\", \"id\": \"u\"}";
        String head = "{\"principal\": " + uid + ", \"action\": " + uid + ", \"resource\": " + uid;
        for (String tail : List.of(
                ", \"context\": {\"ip\": {\"__extn\": {\"fn\": \"ip\", \"arg\": \"10.0.0.1\"}, \"x\": 1}}}",
                ", \"context\": {\"ip\": {\"__extn\": {\"fn\": \"ip\", \"arg\": \"10.0.0.300\"}}}}",
                ", \"context\": {\"who\": {\"x\": 1, \"__entity\": " + uid + "}}}",
                ", \"context\": {\"__entity\": " + uid + "}}",
                ", \"context\": {\"now\": 1}}",
                ", \"context\": {\"x\": 1.5}}",
                ", \"context\": {\"x\": 99999999999999999999}}",
                ", \"context\": {\"x\": null}}",
                ", \"context\": {\"x\": 1, \"x\": 2}}",
                ", \"entities\": [{\"uid\": " + uid + "}, {\"uid\": " + uid + "}]}",
                ", \"surprise\": 1}",
                "} trailing",
                ", \"context\": {\"x\": 1}")) {
            assertThat(FastReader.single((head + tail).getBytes(StandardCharsets.UTF_8))).as(tail).isNull();
        }
        assertThat(FastReader.single(new byte[0])).isNull();
        assertThat(FastReader.batch("{\"requests\": [{}, {}, {}]}".getBytes(StandardCharsets.UTF_8), 2)).isNull();
    }

    private record Single(EngineRequest request, JsonNode atLeastRevision) {}

    /** What the tree reader makes of a single body: a {@link Single}, or the exception it throws. */
    private static Object treeSingle(byte[] body) {
        try {
            JsonNode n = Json.tree(body);
            if (!n.isObject()) {
                return "not an object";
            }
            return new Single(TreeReader.request(n, new JsonPath("body")), n.get("atLeastRevision"));
        } catch (RuntimeException e) {
            return e;
        }
    }

    private static Long revision(JsonNode n) {
        return n == null || n.isNull() ? null : n.asLong();
    }

    /** Random decision bodies: mostly well formed, with every kind of oddity now and then. */
    private static final class Gen {
        private final SplittableRandom rnd;
        /** Whether this body's strings may hold escapes and characters beyond ASCII (which the fast reader leaves). */
        private final boolean wild;

        Gen(SplittableRandom rnd) {
            this.rnd = rnd;
            this.wild = rnd.nextInt(4) == 0;
        }

        String requestBody(boolean mayHaveRevision) {
            List<String> fields = new ArrayList<>();
            fields.add("\"principal\": " + uid());
            fields.add("\"action\": " + uid());
            fields.add("\"resource\": " + uid());
            if (rnd.nextInt(3) > 0) {
                fields.add("\"context\": " + (rnd.nextInt(15) == 0 ? value(1) : rnd.nextInt(15) == 0 ? "null" : record(2)));
            }
            if (rnd.nextInt(3) > 0) {
                fields.add("\"entities\": " + (rnd.nextInt(20) == 0 ? "null" : entities()));
            }
            if (mayHaveRevision && rnd.nextInt(4) == 0) {
                fields.add("\"atLeastRevision\": " + revision());
            }
            if (rnd.nextInt(40) == 0) {
                fields.add("\"unknown\": 1");
            }
            if (rnd.nextInt(40) == 0) {
                fields.add(fields.get(rnd.nextInt(fields.size())));
            }
            if (rnd.nextInt(40) == 0) {
                fields.remove(rnd.nextInt(fields.size()));
            }
            java.util.Collections.shuffle(fields, new java.util.Random(rnd.nextLong()));
            String sep = new String[] {", ", ",", " ,\n\t", "\r\n, "}[rnd.nextInt(4)];
            return (rnd.nextBoolean() ? "{" : " {\n") + String.join(sep, fields) + (rnd.nextBoolean() ? "}" : "\n} ");
        }

        String revision() {
            return switch (rnd.nextInt(8)) {
                case 0 -> "null";
                case 1 -> "\"3\"";
                case 2 -> "-1";
                case 3 -> "2.5";
                default -> Long.toString(rnd.nextLong(0, 1000));
            };
        }

        String uid() {
            String type = str(new String[] {"User", "Account", "Unit", "Action", "Object", "ns::Type"}[rnd.nextInt(6)]);
            String id = str(text());
            return switch (rnd.nextInt(30)) {
                case 0 -> "{\"__entity\": {\"type\": " + type + ", \"id\": " + id + "}}";
                case 1 -> "{\"type\": " + type + "}";
                case 2 -> "{\"type\": " + type + ", \"id\": 7}";
                case 3 -> "{\"type\": " + type + ", \"id\": " + id + ", \"extra\": 1}";
                case 4 -> "null";
                case 5 -> "\"User::\\\"alice\\\"\"";
                case 6, 7, 8, 9, 10, 11 -> "{\"type\":" + type + ",\"id\":" + id + "}";
                default -> rnd.nextBoolean()
                        ? "{\"type\": " + type + ", \"id\": " + id + "}"
                        : "{\"id\": " + id + ", \"type\": " + type + "}";
            };
        }

        String entities() {
            int n = rnd.nextInt(4);
            List<String> out = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                List<String> f = new ArrayList<>();
                f.add("\"uid\": " + uid());
                if (rnd.nextBoolean()) {
                    f.add("\"attrs\": " + (rnd.nextInt(10) == 0 ? "null" : record(2)));
                }
                if (rnd.nextBoolean()) {
                    List<String> ps = new ArrayList<>();
                    for (int k = rnd.nextInt(3); k > 0; k--) {
                        ps.add(uid());
                    }
                    f.add("\"parents\": [" + String.join(", ", ps) + "]");
                }
                if (rnd.nextInt(4) == 0) {
                    f.add("\"tags\": " + record(1));
                }
                if (rnd.nextInt(40) == 0) {
                    f.add("\"ancestors\": []");
                }
                java.util.Collections.shuffle(f, new java.util.Random(rnd.nextLong()));
                out.add("{" + String.join(", ", f) + "}");
            }
            if (n > 0 && rnd.nextInt(30) == 0) {
                out.add(out.get(0));
            }
            return "[" + String.join(", ", out) + "]";
        }

        String record(int depth) {
            int n = rnd.nextInt(4);
            List<String> f = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                String key = rnd.nextInt(30) == 0 ? "__x" : rnd.nextInt(40) == 0 ? "now" : text();
                f.add(str(key) + ": " + value(depth));
            }
            if (n > 0 && rnd.nextInt(30) == 0) {
                f.add(f.get(0));
            }
            if (rnd.nextInt(30) == 0) {
                f = new ArrayList<>(List.of("\"__extn\": {\"fn\": \"ip\", \"arg\": \"10.0.0." + rnd.nextInt(300) + "\"}"));
            }
            return "{" + String.join(", ", f) + "}";
        }

        String value(int depth) {
            int k = rnd.nextInt(depth > 0 ? 12 : 8);
            return switch (k) {
                case 0 -> rnd.nextBoolean() ? "true" : "false";
                case 1 -> Long.toString(rnd.nextLong());
                case 2 -> {
                    String[] odd = {"9223372036854775807", "-9223372036854775808", "9223372036854775808", "-9223372036854775809",
                        "0", "-0", "1e3", "1E3", "1.0", "00", "01", "-", "12345678901234567890", "922337203685477580"};
                    yield odd[rnd.nextInt(odd.length)];
                }
                case 3, 4 -> str(text());
                case 5 -> rnd.nextInt(10) == 0 ? "null" : str(text());
                case 6 -> switch (rnd.nextInt(6)) {
                    case 0 -> "{\"__entity\": " + uid() + "}";
                    case 1 -> "{\"__extn\": {\"fn\": \"ip\", \"arg\": \"10.0." + rnd.nextInt(3) + "." + rnd.nextInt(300) + "\"}}";
                    case 2 -> "{\"__extn\": {\"args\": [\"" + rnd.nextInt(5) + "." + rnd.nextInt(10000) + "\"], \"fn\": \"decimal\"}}";
                    case 3 -> "{\"__extn\": {\"fn\": \"ipaddr\", \"arg\": \"::1\", \"more\": 1}}";
                    case 4 -> "{\"__extn\": {\"fn\": \"nosuch\", \"arg\": \"x\"}}";
                    default -> "{\"__extn\": {\"fn\": \"ip\", \"arg\": \"10.0.0.1\"}, \"__entity\": " + uid() + "}";
                };
                case 7 -> Integer.toString(rnd.nextInt(100));
                case 8, 9 -> {
                    List<String> es = new ArrayList<>();
                    for (int i = rnd.nextInt(4); i > 0; i--) {
                        es.add(value(depth - 1));
                    }
                    if (!es.isEmpty() && rnd.nextInt(5) == 0) {
                        es.add(es.get(0));
                    }
                    yield "[" + String.join(", ", es) + "]";
                }
                default -> record(depth - 1);
            };
        }

        String text() {
            String[] pieces = {"a", "alice", "a7/user3", "x y", "~!#$%^&*()", "", "\u007f", "ü", "部署", "\"", "\\", "\n", "\u0001", "😀"};
            StringBuilder b = new StringBuilder();
            for (int i = rnd.nextInt(4); i >= 0; i--) {
                b.append(pieces[rnd.nextInt(wild ? pieces.length : 7)]);
            }
            return b.toString();
        }

        static String str(String s) {
            StringBuilder b = new StringBuilder("\"");
            for (char c : s.toCharArray()) {
                switch (c) {
                    case '"' -> b.append("\\\"");
                    case '\\' -> b.append("\\\\");
                    case '\n' -> b.append("\\n");
                    default -> {
                        if (c < 0x20) {
                            b.append(String.format("\\u%04x", (int) c));
                        } else {
                            b.append(c);
                        }
                    }
                }
            }
            return b.append('"').toString();
        }
    }
}
