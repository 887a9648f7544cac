package dev.veto.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.veto.cedar.authz.Decision;
import dev.veto.cedar.entity.Entity;
import dev.veto.cedar.parser.PolicyParser;
import dev.veto.cedar.value.EntityUid;
import dev.veto.cedar.value.LongValue;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * Decisions run while a stream of updates is applied. Every update changes a policy and an
 * entity attribute together, so a decision that mixed two revisions would deny; each decision
 * must allow, name the revision it was decided on, and see revisions only move forward.
 */
class ConcurrencyTest {
    private static final EntityUid USER = EntityUid.of("User", "u");
    private static final EntityUid ACCOUNT = EntityUid.of("Account", "a");

    private static List<Change> revision(long r) {
        return List.of(
                new Change.PutEntity(Entity.of(ACCOUNT, Map.of("rev", LongValue.of(r)), Set.of(), Map.of())),
                new Change.PutPolicy("rev", PolicyParser.parsePolicy(
                        "@rev(\"" + r + "\") permit(principal in Account::\"a\", action, resource) when { principal in Account::\"a\" && Account::\"a\".rev == " + r + " };", "rev")));
    }

    @Test
    void eachDecisionIsConsistentWithExactlyOneRevision() throws Exception {
        Engine engine = new Engine();
        engine.apply(List.of(new Change.PutEntity(Entity.of(USER, Map.of(), Set.of(ACCOUNT), Map.of()))), 1);
        engine.apply(revision(2), 2);
        AtomicBoolean done = new AtomicBoolean();
        ExecutorService pool = Executors.newFixedThreadPool(2);
        List<Future<long[]>> readers = new ArrayList<>();
        for (int t = 0; t < 2; t++) {
            readers.add(pool.submit(() -> {
                long decisions = 0;
                long last = 0;
                EngineRequest req = new EngineRequest(USER, EntityUid.of("Action", "x"), EntityUid.of("Doc", "d"));
                while (!done.get() || decisions < 1000) {
                    EngineResponse r = engine.authorize(req);
                    assertThat(r.decision()).as("decision at revision %d", r.revision()).isEqualTo(Decision.ALLOW);
                    assertThat(r.reasons()).singleElement()
                            .satisfies(x -> assertThat(x.annotations().get("rev")).isEqualTo(Long.toString(r.revision())));
                    assertThat(r.revision()).isGreaterThanOrEqualTo(last);
                    last = r.revision();
                    decisions++;
                }
                return new long[] {decisions, last};
            }));
        }
        int updates = 3000;
        for (long r = 3; r < 3 + updates; r++) {
            engine.apply(revision(r), r);
        }
        done.set(true);
        long total = 0;
        for (Future<long[]> f : readers) {
            long[] res = f.get();
            total += res[0];
        }
        pool.shutdown();
        assertThat(total).isGreaterThanOrEqualTo(2000);
        assertThat(engine.snapshot().revision()).isEqualTo(2 + updates);
    }

    /**
     * An account moves between two units at every revision while readers keep deciding on
     * snapshots they hold. The account's parent is read through its id slot, which the writer
     * updates before publishing; a reader on an older snapshot must still see that snapshot's
     * parent, never the newer one.
     */
    @Test
    void aHeldSnapshotKeepsItsHierarchyWhileEntitiesMove() throws Exception {
        EntityUid x = EntityUid.of("Unit", "x");
        EntityUid y = EntityUid.of("Unit", "y");
        Engine engine = new Engine();
        engine.apply(List.of(
                new Change.PutPolicy("in-x", PolicyParser.parsePolicy("permit(principal in Unit::\"x\", action, resource);", "in-x")),
                new Change.PutPolicy("in-y", PolicyParser.parsePolicy("permit(principal in Unit::\"y\", action, resource);", "in-y")),
                new Change.PutEntity(Entity.of(USER, Map.of(), Set.of(ACCOUNT), Map.of())),
                new Change.PutEntity(Entity.of(ACCOUNT, Map.of(), Set.of(x), Map.of()))), 2);
        AtomicBoolean done = new AtomicBoolean();
        ExecutorService pool = Executors.newFixedThreadPool(2);
        List<Future<Long>> readers = new ArrayList<>();
        for (int t = 0; t < 2; t++) {
            boolean sliced = t == 0;
            readers.add(pool.submit(() -> {
                long decisions = 0;
                EntityUid user = EntityUid.of("User", "sliced");
                EngineRequest req = sliced
                        ? new EngineRequest(user, EntityUid.of("Action", "x"), EntityUid.of("Doc", "d"), null,
                                List.of(Entity.of(user, Map.of(), Set.of(ACCOUNT), Map.of())))
                        : new EngineRequest(USER, EntityUid.of("Action", "x"), EntityUid.of("Doc", "d"));
                while (!done.get() || decisions < 1000) {
                    Snapshot held = engine.snapshot();
                    String want = held.revision() % 2 == 0 ? "in-x" : "in-y";
                    for (int k = 0; k < 20; k++) {
                        EngineResponse r = held.authorize(req);
                        assertThat(r.reasonIds()).as("revision %d", held.revision()).containsExactly(want);
                        decisions++;
                    }
                }
                return decisions;
            }));
        }
        for (long r = 3; r < 3003; r++) {
            engine.apply(List.of(new Change.PutEntity(Entity.of(ACCOUNT, Map.of(), Set.of(r % 2 == 0 ? x : y), Map.of()))), r);
        }
        done.set(true);
        for (Future<Long> f : readers) {
            assertThat(f.get()).isGreaterThanOrEqualTo(1000);
        }
        pool.shutdown();
    }
}
