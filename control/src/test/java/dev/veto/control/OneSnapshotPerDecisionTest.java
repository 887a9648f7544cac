package dev.veto.control;

import static org.assertj.core.api.Assertions.assertThat;

import dev.veto.cedar.authz.Authorizer;
import dev.veto.cedar.authz.PolicySet;
import dev.veto.cedar.entity.Entities;
import dev.veto.cedar.entity.Entity;
import dev.veto.cedar.json.CedarJson;
import dev.veto.cedar.value.EntityUid;
import dev.veto.engine.EngineRequest;
import dev.veto.engine.Snapshot;
import dev.veto.ledger.Log;
import dev.veto.ledger.note.SignerKey;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A decision reads one snapshot: the slice guard (which adds an entity's stored parents to what
 * a request says of it), the decision and the revision it reports all belong to one revision.
 *
 * <p>An account is moved between a unit under enforcement and a free one at every revision,
 * while requests whose entities claim the account sits in the free unit are decided. Every answer
 * is checked against the plain authorizer at the revision the answer reports: with the account's
 * stored parent at that revision added to the claimed one, as the guard must. A decision path
 * that guards on one snapshot and decides on the next mixes two revisions, and some answers then
 * disagree (measured: dozens to hundreds of the answers per run when the guard reads the snapshot
 * a second time).
 */
@Timeout(120)
class OneSnapshotPerDecisionTest {
    static final Actor ADMIN = new Actor("adam", Role.ADMIN, null);
    static final EntityUid ALICE = EntityUid.of("User", "alice");
    static final EntityUid ACCT = EntityUid.of("Account", "acct");
    static final EntityUid U42 = EntityUid.of("Unit", "u42");
    static final EntityUid U17 = EntityUid.of("Unit", "u17");
    static final EntityUid PUT = EntityUid.of("Action", "storage:Put");
    static final EntityUid BUCKET = EntityUid.of("Bucket", "b");
    /** How many times the account moves; each move is one revision. */
    static final int MOVES = 1500;

    @TempDir
    Path dir;

    @Test
    void everyAnswerMatchesThePlainAuthorizerAtTheRevisionItReports() throws Exception {
        TestClock clock = new TestClock(Instant.parse("2027-03-01T09:00:00Z"));
        try (ControlPlane plane = ControlPlane.open(Log.create(dir.resolve("veto.db").toString(), "snap.test/log",
                SignerKey.generate("snap.test/log")), clock, "Example Cloud")) {
            Commands c = plane.commands();
            c.putEntities(ADMIN, CedarJson.readTree("""
                    [{"uid": {"type": "Org", "id": "mx"}, "attrs": {}, "parents": []},
                     {"uid": {"type": "Unit", "id": "u42"}, "attrs": {}, "parents": [{"type": "Org", "id": "mx"}]},
                     {"uid": {"type": "Unit", "id": "u17"}, "attrs": {}, "parents": [{"type": "Org", "id": "mx"}]},
                     {"uid": {"type": "Account", "id": "acct"}, "attrs": {}, "parents": [{"type": "Unit", "id": "u17"}]},
                     {"uid": {"type": "User", "id": "alice"}, "attrs": {}, "parents": [{"type": "Account", "id": "acct"}]},
                     {"uid": {"type": "Bucket", "id": "b"}, "attrs": {}, "parents": [{"type": "Account", "id": "acct"}]}]""", "t"));
            c.putService(ADMIN, "storage", new Inputs.PutService(List.of(new Event.Operation("Put", "write"))));
            // A platform policy closes u42 (an enforcement would keep the moved account restricted by name).
            c.putPolicy(ADMIN, "u42-closed", "forbid (principal in Unit::\"u42\", action, resource);");

            // The account's stored parent at each revision, and the entities and policies that never change.
            Map<Long, EntityUid> parentAt = new ConcurrentHashMap<>();
            parentAt.put(plane.revision(), U17);
            Snapshot fixed = plane.decisions().snapshot();
            List<PolicySet.Entry> policies = new ArrayList<>();
            for (String id : List.of(ControlPlane.BASELINE_ID, "u42-closed")) {
                policies.add(fixed.policy(id));
            }
            List<Entity> unchanged = new ArrayList<>();
            for (EntityUid u : List.of(EntityUid.of("Org", "mx"), U42, U17, ALICE, BUCKET, PUT, EntityUid.of("Action", "service:storage"),
                    EntityUid.of("Action", "access:write"))) {
                Entity e = fixed.get(u);
                if (e != null) {
                    unchanged.add(Entity.of(e.uid(), e.attributes(), e.parents(), e.tags()));
                }
            }

            AtomicBoolean done = new AtomicBoolean();
            Thread writer = Thread.ofPlatform().start(() -> {
                try {
                    for (int k = 0; k < MOVES; k++) {
                        EntityUid to = k % 2 == 0 ? U42 : U17;
                        long r = c.putEntities(ADMIN, CedarJson.readTree("[{\"uid\": {\"type\": \"Account\", \"id\": \"acct\"}, \"attrs\": {}, \"parents\": ["
                                + "{\"type\": \"Unit\", \"id\": \"" + to.id() + "\"}]}]", "move")).revision();
                        parentAt.put(r, to);
                    }
                } finally {
                    done.set(true);
                }
            });

            // The request's entities claim the account sits in the free unit.
            Entity claimedAcct = Entity.of(ACCT, Map.of(), Set.of(U17), Map.of());
            Entity claimedAlice = Entity.of(ALICE, Map.of(), Set.of(ACCT), Map.of());
            EngineRequest request = new EngineRequest(ALICE, PUT, BUCKET, null, List.of(claimedAlice, claimedAcct));
            List<long[]> answers = Collections.synchronizedList(new ArrayList<>()); // {revision, allowed}
            AtomicLong decided = new AtomicLong();
            Thread reader = Thread.ofPlatform().start(() -> {
                while (!done.get()) {
                    Decisions.Decision d = plane.decisions().decide(request);
                    // every answer while there is room, then every seventh: enough to meet every revision
                    if (answers.size() < 200_000 || decided.incrementAndGet() % 7 == 0) {
                        answers.add(new long[] {d.revision(), d.response().isAllowed() ? 1 : 0});
                    }
                }
            });
            writer.join(TimeUnit.SECONDS.toMillis(100));
            reader.join(TimeUnit.SECONDS.toMillis(10));
            assertThat(parentAt).hasSize(MOVES + 1);

            Map<Long, Boolean> oracle = new ConcurrentHashMap<>();
            List<String> wrong = new ArrayList<>();
            int wrongCount = 0;
            Set<Long> revisionsSeen = new LinkedHashSet<>();
            synchronized (answers) {
                for (long[] a : answers) {
                    long revision = a[0];
                    revisionsSeen.add(revision);
                    boolean want = oracle.computeIfAbsent(revision, r -> allowedAt(parentAt.get(r), claimedAcct, claimedAlice, unchanged, policies, request, clock.instant()));
                    if (want != (a[1] == 1) && wrongCount++ < 10) {
                        wrong.add("revision " + revision + " (account under " + parentAt.get(revision).id() + "): answered "
                                + (a[1] == 1 ? "allow" : "deny") + ", the plain authorizer says " + (want ? "allow" : "deny"));
                    }
                }
            }
            assertThat(revisionsSeen).as("decisions were made across many revisions").hasSizeGreaterThan(MOVES / 4);
            assertThat(wrong).as("answers that mix two revisions: %d of %d, the first ones", wrongCount, answers.size()).isEmpty();
        }
    }

    /** The plain authorizer's answer with the account stored under {@code parent}, the request's entities guarded as Veto must. */
    private static boolean allowedAt(EntityUid parent, Entity claimedAcct, Entity claimedAlice, List<Entity> unchanged,
            List<PolicySet.Entry> policies, EngineRequest request, Instant now) {
        List<Entity> all = new ArrayList<>(unchanged);
        all.removeIf(e -> e.uid().equals(ALICE));
        Set<EntityUid> acctParents = new LinkedHashSet<>(claimedAcct.parents());
        acctParents.add(parent);
        all.add(Entity.of(ACCT, Map.of(), acctParents, Map.of()));
        all.add(claimedAlice);
        return Authorizer.isAuthorized(Shadow.request(request, now), policies, Entities.of(all)).isAllowed();
    }
}
