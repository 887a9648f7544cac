package dev.veto.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.veto.cedar.authz.Decision;
import dev.veto.cedar.entity.Entity;
import dev.veto.cedar.parser.PolicyParser;
import dev.veto.cedar.value.EntityUid;
import dev.veto.cedar.value.RecordValue;
import dev.veto.cedar.value.StringValue;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class EngineTest {
    static final EntityUid MX = EntityUid.of("Org", "mx");
    static final EntityUid U42 = EntityUid.of("Unit", "mx/u42");
    static final EntityUid U7 = EntityUid.of("Unit", "mx/u7");
    static final EntityUid A42 = EntityUid.of("Account", "a42");
    static final EntityUid A7 = EntityUid.of("Account", "a7");
    static final EntityUid PUT = EntityUid.of("Action", "storage:PutObject");
    static final EntityUid GET = EntityUid.of("Action", "storage:GetObject");

    static Entity entity(EntityUid uid, EntityUid... parents) {
        return Entity.of(uid, Map.of(), Set.of(parents), Map.of());
    }

    static Change.PutPolicy policy(String id, String text) {
        return new Change.PutPolicy(id, PolicyParser.parsePolicy(text, id));
    }

    static final String ENFORCEMENT = """
            @case("C-0042") @principle("no-mass-surveillance") @notice("N-0042-1")
            forbid (principal in Unit::"mx/u42", action in [Action::"service:storage"], resource)
            unless { action in Action::"access:read" && context.now < datetime("2027-01-28T00:00:00Z") };
            """;

    private Engine platform(Clock clock) {
        Engine engine = new Engine(clock);
        engine.apply(List.of(
                new Change.PutEntity(entity(MX)),
                new Change.PutEntity(entity(U42, MX)),
                new Change.PutEntity(entity(U7, MX)),
                new Change.PutEntity(entity(A42, U42)),
                new Change.PutEntity(entity(A7, U7)),
                new Change.PutEntity(entity(PUT, EntityUid.of("Action", "service:storage"), EntityUid.of("Action", "access:write"))),
                new Change.PutEntity(entity(GET, EntityUid.of("Action", "service:storage"), EntityUid.of("Action", "access:read"))),
                policy("baseline", "permit(principal, action, resource);")));
        return engine;
    }

    private static EngineRequest request(String user, EntityUid account, EntityUid action) {
        EntityUid u = EntityUid.of("User", user);
        return new EngineRequest(u, action, EntityUid.of("Bucket", "b-" + user), RecordValue.EMPTY,
                List.of(entity(u, account), entity(EntityUid.of("Bucket", "b-" + user), account)));
    }

    @Test
    void anEnforcementDeniesTheUnitNamingItsCaseAndLeavesTheSiblingAlone() {
        Engine engine = platform(Clock.fixed(Instant.parse("2026-12-01T00:00:00Z"), ZoneOffset.UTC));
        assertThat(engine.authorize(request("ana", A42, PUT)).decision()).isEqualTo(Decision.ALLOW);
        Snapshot s = engine.apply(List.of(policy("enf-1", ENFORCEMENT)));
        EngineResponse deny = engine.authorize(request("ana", A42, PUT));
        assertThat(deny.decision()).isEqualTo(Decision.DENY);
        assertThat(deny.revision()).isEqualTo(s.revision());
        assertThat(deny.reasons()).singleElement().satisfies(r -> {
            assertThat(r.policyId()).isEqualTo("enf-1");
            assertThat(r.annotations()).containsEntry("case", "C-0042").containsEntry("notice", "N-0042-1");
        });
        assertThat(engine.authorize(request("bo", A7, PUT)).decision()).isEqualTo(Decision.ALLOW);
        assertThat(engine.authorize(request("ana", A42, GET)).decision()).isEqualTo(Decision.ALLOW);
    }

    @Test
    void contextNowComesFromTheEngineClockNotTheCaller() {
        MutableClock clock = new MutableClock(Instant.parse("2026-12-01T00:00:00Z"));
        Engine engine = platform(clock);
        engine.apply(List.of(policy("enf-1", ENFORCEMENT)));
        EntityUid u = EntityUid.of("User", "ana");
        EngineRequest lying = new EngineRequest(u, GET, EntityUid.of("Bucket", "b"),
                new RecordValue(Map.of("now", new StringValue("1999"))), List.of(entity(u, A42)));
        assertThat(engine.authorize(lying).decision()).isEqualTo(Decision.ALLOW);
        clock.set(Instant.parse("2027-02-01T00:00:00Z"));
        assertThat(engine.authorize(lying).decision()).isEqualTo(Decision.DENY);
    }

    @Test
    void movingAUnitMovesEverythingBelowIt() {
        Engine engine = platform(Clock.systemUTC());
        engine.apply(List.of(policy("enf-1", "forbid(principal in Unit::\"mx/u42\", action, resource);")));
        assertThat(engine.authorize(request("bo", A7, PUT)).decision()).isEqualTo(Decision.ALLOW);
        // Unit 7 becomes a sub-unit of Unit 42: its accounts and their principals fall under the enforcement
        engine.apply(List.of(new Change.PutEntity(entity(U7, U42))));
        assertThat(engine.authorize(request("bo", A7, PUT)).decision()).isEqualTo(Decision.DENY);
        assertThat(engine.snapshot().isAncestor(A7, MX)).isTrue();
        engine.apply(List.of(new Change.PutEntity(entity(U7, MX))));
        assertThat(engine.authorize(request("bo", A7, PUT)).decision()).isEqualTo(Decision.ALLOW);
    }

    @Test
    void aCycleIsRefusedAndNothingOfTheBatchIsApplied() {
        Engine engine = platform(Clock.systemUTC());
        Snapshot before = engine.snapshot();
        assertThatThrownBy(() -> engine.apply(List.of(
                        policy("x", "forbid(principal, action, resource);"),
                        new Change.PutEntity(entity(MX, A42)))))
                .isInstanceOf(EngineException.class).hasMessageContaining("cyclic");
        assertThat(engine.snapshot()).isSameAs(before);
        assertThat(engine.authorize(request("ana", A42, PUT)).decision()).isEqualTo(Decision.ALLOW);
    }

    @Test
    void removingAnEntityCutsTheAncestorsItCarried() {
        Engine engine = platform(Clock.systemUTC());
        assertThat(engine.snapshot().isAncestor(A42, MX)).isTrue();
        engine.apply(List.of(new Change.RemoveEntity(U42)));
        assertThat(engine.snapshot().isAncestor(A42, U42)).isTrue();
        assertThat(engine.snapshot().isAncestor(A42, MX)).isFalse();
        engine.apply(List.of(new Change.PutEntity(entity(U42, MX))));
        assertThat(engine.snapshot().isAncestor(A42, MX)).isTrue();
    }

    @Test
    void childrenAddedBeforeTheirParentsGetTheirAncestorsWhenTheParentArrives() {
        Engine engine = new Engine();
        engine.apply(List.of(new Change.PutEntity(entity(A42, U42))));
        assertThat(engine.snapshot().isAncestor(A42, MX)).isFalse();
        engine.apply(List.of(new Change.PutEntity(entity(U42, MX))));
        assertThat(engine.snapshot().isAncestor(A42, MX)).isTrue();
    }

    @Test
    void storedEntitiesHoldTheEnginesOwnUidsAndSiblingsShareTheirParents() {
        Engine engine = platform(Clock.systemUTC());
        // each entity names its parent with a uid object of its own, as one parsed from JSON does
        EntityUid a43 = EntityUid.of("Account", "a43");
        EntityUid a44 = EntityUid.of("Account", "a44");
        engine.apply(List.of(new Change.PutEntity(entity(a43, EntityUid.of("Unit", new String("mx/u42")))),
                new Change.PutEntity(entity(a44, EntityUid.of("Unit", new String("mx/u42"))))));
        Snapshot s = engine.snapshot();
        Entity unit = s.stored(U42);
        Entity account = s.stored(a43);
        Entity sibling = s.stored(a44);
        assertThat(account.parents()).singleElement().isSameAs(unit.uid());
        assertThat(sibling.parents()).isSameAs(account.parents());
        assertThat(sibling).isEqualTo(entity(a44, U42));
        // the public view still carries the transitive ancestors, as an EntitySource promises
        assertThat(s.get(A42).ancestors()).containsExactlyInAnyOrder(U42, MX);
        assertThat(s.get(A42).isIn(MX)).isTrue();
        assertThat(s.get(A42)).isEqualTo(entity(A42, U42).withAncestors(Set.of(U42, MX)));
    }

    @Test
    void oldSnapshotsStayAsTheyWere() {
        Engine engine = platform(Clock.systemUTC());
        Snapshot before = engine.snapshot();
        engine.apply(List.of(policy("stop", "forbid(principal, action, resource);"), new Change.RemoveEntity(A42)));
        assertThat(before.authorize(request("ana", A42, PUT)).decision()).isEqualTo(Decision.ALLOW);
        assertThat(before.get(A42)).isNotNull();
        assertThat(before.policyCount()).isEqualTo(1);
        assertThat(engine.snapshot().get(A42)).isNull();
        assertThat(engine.authorize(request("ana", A42, PUT)).decision()).isEqualTo(Decision.DENY);
    }

    @Test
    void replacingAndRemovingPolicies() {
        Engine engine = platform(Clock.systemUTC());
        engine.apply(List.of(policy("p", "forbid(principal, action == Action::\"storage:PutObject\", resource);")));
        assertThat(engine.authorize(request("ana", A42, PUT)).decision()).isEqualTo(Decision.DENY);
        engine.apply(List.of(policy("p", "forbid(principal, action == Action::\"storage:GetObject\", resource);")));
        assertThat(engine.authorize(request("ana", A42, PUT)).decision()).isEqualTo(Decision.ALLOW);
        assertThat(engine.authorize(request("ana", A42, GET)).decision()).isEqualTo(Decision.DENY);
        engine.apply(List.of(new Change.RemovePolicy("p")));
        assertThat(engine.authorize(request("ana", A42, GET)).decision()).isEqualTo(Decision.ALLOW);
        assertThat(engine.snapshot().policyCount()).isEqualTo(1);
    }

    @Test
    void revisionsOnlyMoveForward() {
        Engine engine = new Engine();
        engine.apply(List.of(), 10);
        assertThat(engine.snapshot().revision()).isEqualTo(10);
        assertThatThrownBy(() -> engine.apply(List.of(), 10)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aSliceEntityChangesTheHierarchyOfStoredEntitiesBelowIt() {
        Engine engine = new Engine();
        EntityUid doc = EntityUid.of("Doc", "d");
        EntityUid folder = EntityUid.of("Folder", "f");
        EntityUid team = EntityUid.of("Team", "t");
        engine.apply(List.of(new Change.PutEntity(entity(doc, folder)),
                policy("p", "permit(principal, action, resource in Team::\"t\");")));
        EntityUid u = EntityUid.of("User", "u");
        EngineRequest withoutSlice = new EngineRequest(u, PUT, doc);
        assertThat(engine.authorize(withoutSlice).decision()).isEqualTo(Decision.DENY);
        // the folder, named by the stored document but not stored itself, comes with the request
        EngineRequest withSlice = new EngineRequest(u, PUT, doc, RecordValue.EMPTY, List.of(entity(folder, team)));
        assertThat(engine.authorize(withSlice).decision()).isEqualTo(Decision.ALLOW);
    }

    @Test
    void aSliceThatReplacesAStoredEntityCutsWhatItNoLongerHas() {
        Engine engine = new Engine();
        EntityUid alice = EntityUid.of("User", "alice");
        EntityUid teamX = EntityUid.of("Team", "x");
        EntityUid admins = EntityUid.of("Group", "admins");
        engine.apply(List.of(new Change.PutEntity(entity(alice, teamX)), new Change.PutEntity(entity(teamX, admins)),
                policy("admins", "permit(principal in Group::\"admins\", action, resource);")));
        assertThat(engine.authorize(new EngineRequest(alice, PUT, A42)).decision()).isEqualTo(Decision.ALLOW);
        EngineRequest teamLeftAdmins = new EngineRequest(alice, PUT, A42, RecordValue.EMPTY, List.of(entity(teamX)));
        assertThat(engine.authorize(teamLeftAdmins).decision()).isEqualTo(Decision.DENY);
    }

    @Test
    void aSliceThatGivesAnEntityTwiceOrMakesACycleIsRefused() {
        Engine engine = platform(Clock.systemUTC());
        EntityUid u = EntityUid.of("User", "u");
        assertThatThrownBy(() -> engine.authorize(new EngineRequest(u, PUT, A42, RecordValue.EMPTY,
                        List.of(entity(u, A42), entity(u, A7)))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("twice");
        assertThatThrownBy(() -> engine.authorize(new EngineRequest(u, PUT, A42, RecordValue.EMPTY,
                        List.of(entity(MX, A42)))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cycle");
    }

    /** A clock a test can move. */
    static final class MutableClock extends Clock {
        private volatile Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        void set(Instant i) {
            now = i;
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
