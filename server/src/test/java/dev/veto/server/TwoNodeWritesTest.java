package dev.veto.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.veto.control.Actor;
import dev.veto.control.ControlPlane;
import dev.veto.control.Inputs;
import dev.veto.control.TestClock;
import dev.veto.ledger.Log;
import dev.veto.ledger.note.SignerKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Two servers on one PostgreSQL database, written to at once by eight clients. A command that
 * loses the race to the other node is decided again on the state that now includes the other's
 * entries, so independent writes all succeed, and dependent ones get what they would have got in
 * turn (the next case number), never a 409.
 */
@Timeout(180)
class TwoNodeWritesTest {
    static final String ORIGIN = "two-nodes.veto.test/log";
    static final int CLIENTS = 8;
    static final int WRITES_PER_CLIENT = 100;

    private final List<VetoServer> servers = new ArrayList<>();

    @AfterEach
    void stop() {
        for (VetoServer s : servers) {
            s.close();
            s.plane().close();
        }
    }

    private static String freshSchema() throws Exception {
        return TestDatabases.freshPostgres("nodes");
    }

    @Test
    void concurrentWritesToTwoNodesAreDecidedAgainNotRefused() throws Exception {
        String db = freshSchema();
        SignerKey key = SignerKey.generate(ORIGIN);
        TestClock clock = new TestClock(Instant.parse("2027-03-01T09:00:00Z"));
        ControlPlane first = ControlPlane.open(Log.create(db, ORIGIN, key), clock, "Example Cloud");
        String admin = first.commands().createToken(Actor.OPERATOR, new Inputs.CreateToken("admin", "adam", null)).token();
        String rita = first.commands().createToken(Actor.OPERATOR, new Inputs.CreateToken("reviewer", "rita", null)).token();
        servers.add(VetoServer.start(first, "127.0.0.1", 0, AccessLog.failuresTo(System.err)));
        servers.add(VetoServer.start(ControlPlane.open(Log.open(db, key), clock, "Example Cloud"), "127.0.0.1", 0, AccessLog.failuresTo(System.err)));
        Api one = new Api(servers.get(0).port());
        Api two = new Api(servers.get(1).port());
        assertThat(one.put("/v1/entities", admin, "[{\"uid\": {\"type\": \"Org\", \"id\": \"mx\"}, \"attrs\": {}, \"parents\": []}, "
                + "{\"uid\": {\"type\": \"Unit\", \"id\": \"u\"}, \"attrs\": {}, \"parents\": [{\"type\": \"Org\", \"id\": \"mx\"}]}]").status()).isEqualTo(200);
        assertThat(two.put("/v1/principles/p1", admin, "{\"title\": \"P\", \"text\": \"T\", \"clause\": \"C\"}").status()).isEqualTo(200);

        Map<Integer, AtomicInteger> statuses = new TreeMap<>();
        Set<String> caseIds = ConcurrentHashMap.newKeySet();
        ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
        List<Future<?>> clients = new ArrayList<>();
        for (int c = 0; c < CLIENTS; c++) {
            int client = c;
            clients.add(pool.submit(() -> {
                for (int w = 0; w < WRITES_PER_CLIENT; w++) {
                    Api node = (client + w) % 2 == 0 ? one : two;
                    Api.Reply r;
                    if (w % 10 == 9) {
                        // dependent writes: every new case takes the next number
                        r = node.post("/v1/cases", rita, "{\"subject\": {\"type\": \"Unit\", \"id\": \"u\"}, \"principle\": \"p1\", \"summary\": \"s\"}");
                        if (r.status() == 201) {
                            caseIds.add(r.json().get("id").asString());
                        }
                    } else {
                        // independent writes: one entity each
                        r = node.put("/v1/entities", admin, "[{\"uid\": {\"type\": \"Account\", \"id\": \"a-" + client + "-" + w
                                + "\"}, \"attrs\": {}, \"parents\": [{\"type\": \"Unit\", \"id\": \"u\"}]}]");
                    }
                    synchronized (statuses) {
                        statuses.computeIfAbsent(r.status(), k -> new AtomicInteger()).incrementAndGet();
                    }
                }
                return null;
            }));
        }
        for (Future<?> f : clients) {
            f.get();
        }
        pool.shutdown();
        System.out.println("two nodes, " + CLIENTS + " clients, " + CLIENTS * WRITES_PER_CLIENT + " writes: statuses " + statuses);
        assertThat(statuses.keySet()).as("statuses answered: %s", statuses).containsOnly(200, 201);
        assertThat(caseIds).hasSize(CLIENTS * WRITES_PER_CLIENT / 10);

        // both nodes reach the same state, which holds every write
        long revision = Math.max(servers.get(0).plane().revision(), servers.get(1).plane().revision());
        for (VetoServer s : servers) {
            s.plane().catchUp();
            assertThat(s.plane().revision()).isEqualTo(revision);
            assertThat(s.plane().decisions().snapshot().entityCount()).isGreaterThanOrEqualTo(2 + CLIENTS * WRITES_PER_CLIENT * 9 / 10);
        }
        assertThat(one.get("/v1/cases", admin).body()).isEqualTo(two.get("/v1/cases", admin).body());
    }
}
