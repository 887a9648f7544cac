package dev.veto.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.veto.cedar.json.CedarJson;
import dev.veto.cedar.value.EntityUid;
import dev.veto.control.Event.Ref;
import dev.veto.engine.EngineRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The control plane's commands on a real SQLite log: the rules the HTTP tests do not walk. */
class ControlPlaneTest extends OnARealLog {
    static final Actor RITA = new Actor("rita", Role.REVIEWER, null);
    static final Actor ANNA = new Actor("anna", Role.APPROVER, null);
    static final Actor BEN = new Actor("ben", Role.APPROVER, null);
    static final Actor AUDREY = new Actor("audrey", Role.AUDITOR, null);

    @BeforeEach
    void setUp() {
        storeHierarchy();
        plane.commands().putService(ADMIN, "storage", new Inputs.PutService(List.of(new Event.Operation("Get", "read"), new Event.Operation("Put", "write"))));
        plane.commands().putPrinciple(ADMIN, "p1", new Inputs.PutPrinciple("Principle", "Text", "AUP 1", null));
        plane.commands().bootstrapRoster(Actor.OPERATOR, List.of("anna", "ben"));
        plane.commands().openCase(RITA, new Inputs.OpenCase(new Ref("Unit", "u42"), "p1", "summary"));
        plane.commands().addEvidence(RITA, "C-0001", new Inputs.AddEvidence("billing", "src", "desc", "a".repeat(64), clock.instant(), false));
        plane.commands().recordFinding(RITA, "C-0001", new Inputs.RecordFinding("p1", "statement", List.of("EV-1")));
    }

    private String decide(String action) {
        return plane.decisions().decide(new EngineRequest(EntityUid.of("User", "alice"), EntityUid.of("Action", "storage:" + action), EntityUid.of("Bucket", "b")))
                .response().isAllowed() ? "allow" : "deny";
    }

    private static Inputs.Propose proposal(Instant effectiveAt, Integer days, Instant endsAt, boolean shadow) {
        return new Inputs.Propose(new Ref("Unit", "u42"), List.of("storage"), effectiveAt, days, endsAt, null, "AUP", "why", null, shadow);
    }

    private void approveTwice(String proposal) {
        plane.commands().approve(ANNA, proposal, new Inputs.Approve(null));
        plane.commands().approve(BEN, proposal, new Inputs.Approve(null));
    }

    @Test
    void anEnforcementWaitsForItsEffectiveDateAndClosesReadsWhenTheWindowEnds() {
        Instant start = clock.instant().plus(Duration.ofDays(3));
        plane.commands().propose(RITA, "C-0001", proposal(start, null, start.plus(Duration.ofDays(10)), false));
        approveTwice("P-0001-1");
        assertThat(decide("Put")).as("before effectiveAt").isEqualTo("allow");
        clock.advance(Duration.ofDays(3));
        assertThat(decide("Put")).as("from effectiveAt").isEqualTo("deny");
        assertThat(decide("Get")).as("read in the window").isEqualTo("allow");
        clock.advance(Duration.ofDays(10));
        assertThat(decide("Get")).as("read after the window").isEqualTo("deny");
    }

    @Test
    void shadowModeRecordsWouldDenyButNeverDenies() {
        plane.commands().propose(RITA, "C-0001", proposal(null, 1, null, true));
        Decisions.Decision d = plane.decisions().decide(new EngineRequest(EntityUid.of("User", "alice"), EntityUid.of("Action", "storage:Put"), EntityUid.of("Bucket", "b")));
        assertThat(d.response().isAllowed()).isTrue();
        assertThat(d.shadowDenials()).extracting(r -> r.annotations().get("case")).contains("C-0001");
        assertThat(plane.decisions().shadowCounts()).containsEntry("P-0001-1", 1L);
        approveTwice("P-0001-1");
        Decisions.Decision after = plane.decisions().decide(new EngineRequest(EntityUid.of("User", "alice"), EntityUid.of("Action", "storage:Put"), EntityUid.of("Bucket", "b")));
        assertThat(after.response().isAllowed()).as("enforced once approved").isFalse();
        assertThat(after.shadowDenials()).isEmpty();
    }

    @Test
    void theImpactPreviewCountsUnitsAccountsAndRecordedDecisionsThatFlip() {
        decide("Get");
        decide("Put");
        Proposed p = plane.commands().propose(RITA, "C-0001", proposal(null, 30, null, false));
        assertThat(p.impact().units()).containsExactly("Unit::\"u42\"", "Unit::\"u42/a\"");
        assertThat(p.impact().accounts()).containsExactly("Account::\"acct\"");
        assertThat(p.impact().recordedDecisions()).isEqualTo(2);
        assertThat(p.impact().flipDuringExportWindow()).as("only the write").isEqualTo(1);
        assertThat(p.impact().flipAfterExportWindow()).as("the read too").isEqualTo(2);
    }

    @Test
    void replayingTheLogRebuildsTheSameState() {
        plane.commands().propose(RITA, "C-0001", proposal(null, 30, null, false));
        approveTwice("P-0001-1");
        Object before = plane.queries().caseView(AUDREY, "C-0001");
        long revision = plane.revision();
        plane.close();
        plane = reopened();
        assertThat(plane.revision()).isEqualTo(revision);
        assertThat(plane.queries().caseView(AUDREY, "C-0001")).isEqualTo(before);
        assertThat(decide("Put")).isEqualTo("deny");
        assertThat(plane.decisions().snapshot().revision()).isEqualTo(revision);
    }

    @Test
    void refusalsNameTheFieldAndWriteNothing() {
        long r = plane.revision();
        assertRejected(() -> plane.commands().propose(RITA, "C-0001", new Inputs.Propose(new Ref("Unit", "u42"), List.of("storage", "nope"), null, 30, null, null, "g", "e", null, false)),
                Rejection.Kind.INVALID, "services[1]", "no service \"nope\"");
        assertRejected(() -> plane.commands().propose(RITA, "C-0001", proposal(null, 30, clock.instant(), false)), Rejection.Kind.INVALID, "exportWindowDays", "exactly one");
        assertRejected(() -> plane.commands().propose(RITA, "C-0001", proposal(null, 0, null, false)), Rejection.Kind.INVALID, "exportWindowDays", "between 1 and 366");
        assertRejected(() -> plane.commands().propose(RITA, "C-0001", proposal(Instant.parse("+100000-01-01T00:00:00Z"), 1, null, false)), Rejection.Kind.INVALID, "effectiveAt", "ten years");
        assertRejected(() -> plane.commands().putService(ADMIN, "access", new Inputs.PutService(List.of(new Event.Operation("read", "read")))),
                Rejection.Kind.INVALID, "service", "reserved");
        assertRejected(() -> plane.commands().putPrinciple(ADMIN, "p2", new Inputs.PutPrinciple("t", "x", "c", "javascript:alert(1)")), Rejection.Kind.INVALID, "url", "http(s)");
        assertRejected(() -> plane.commands().propose(RITA, "C-0001", new Inputs.Propose(new Ref("Org", "mx"), List.of("storage"), null, 30, null, null, "g", "e", null, false)),
                Rejection.Kind.INVALID, "scope", "no further than its case");
        assertRejected(() -> plane.commands().propose(RITA, "C-0001", new Inputs.Propose(new Ref("Unit", "u42"), List.of("storage"), null, 30, null, null, "g", "e", List.of("XX"), false)),
                Rejection.Kind.INVALID, "territorialScope[0]", "ISO 3166-1");
        assertRejected(() -> plane.commands().addEvidence(RITA, "C-0001", new Inputs.AddEvidence("billing", "s", "d", "xyz", clock.instant(), false)),
                Rejection.Kind.INVALID, "sha256", "64 lower-case hex");
        assertRejected(() -> plane.commands().addEvidence(RITA, "C-0001", new Inputs.AddEvidence("billing", "s", "d", "a".repeat(64), clock.instant(), null)),
                Rejection.Kind.INVALID, "customerContentAccessed", "required");
        assertRejected(() -> plane.commands().recordFinding(RITA, "C-0001", new Inputs.RecordFinding("p1", "s", List.of("EV-9"))),
                Rejection.Kind.INVALID, "evidence[0]", "no evidence \"EV-9\"");
        assertRejected(() -> plane.commands().putEntities(ADMIN, CedarJson.readTree("""
                [{"uid": {"type": "Unit", "id": "u42"}, "attrs": {}, "parents": [{"type": "Account", "id": "acct"}]}]""", "t")),
                Rejection.Kind.INVALID, null, "cycle");
        assertRejected(() -> plane.commands().putPolicy(ADMIN, "p", "permit(principal, action, resource"), Rejection.Kind.INVALID, null, "policy p:1:");
        assertRejected(() -> plane.commands().putPolicy(ADMIN, "t", "permit(principal == ?principal, action, resource);"), Rejection.Kind.INVALID, null, "template");
        assertRejected(() -> plane.commands().putPolicy(ADMIN, "enf-x", "forbid(principal, action, resource);"), Rejection.Kind.CONFLICT, null, "belong to enforcements");
        assertRejected(() -> plane.commands().openCase(ANNA, new Inputs.OpenCase(new Ref("Unit", "u42"), "p1", "s")), Rejection.Kind.FORBIDDEN, null, "may not case.open");
        assertRejected(() -> plane.commands().createToken(ADMIN, new Inputs.CreateToken("customer", "c", "nobody")), Rejection.Kind.INVALID, "org", "no organization");
        assertThat(plane.revision()).isEqualTo(r);
    }

    @Test
    void anotherWriterOnTheSameLogIsSeenBeforeTheNextCommandAndCannotBeOverwritten() {
        try (ControlPlane other = reopened()) {
            other.commands().putPrinciple(ADMIN, "p2", new Inputs.PutPrinciple("Second", "Text", "AUP 2", null));
            // The next command here catches up first: it sees p2 and appends after it.
            Committed c = plane.commands().openCase(RITA, new Inputs.OpenCase(new Ref("Unit", "u42"), "p2", "summary"));
            assertThat(((Event.CaseOpened) c.events().get(0).event()).id()).isEqualTo("C-0002");
            other.catchUp();
            assertThat(other.revision()).isEqualTo(plane.revision());
            assertThat(other.queries().caseView(AUDREY, "C-0002")).isEqualTo(plane.queries().caseView(AUDREY, "C-0002"));
        }
    }

    @Test
    void aSliceCannotDetachAStoredEntityNorBringActions() {
        plane.commands().propose(RITA, "C-0001", proposal(null, 30, null, false));
        approveTwice("P-0001-1");
        var detached = dev.veto.cedar.entity.Entity.of(EntityUid.of("Account", "acct"), java.util.Map.of(), java.util.Set.of(), java.util.Map.of());
        var alice = dev.veto.cedar.entity.Entity.of(EntityUid.of("User", "alice"), java.util.Map.of(), java.util.Set.of(), java.util.Map.of());
        EngineRequest r = new EngineRequest(EntityUid.of("User", "alice"), EntityUid.of("Action", "storage:Put"), EntityUid.of("Bucket", "b"),
                null, List.of(detached, alice));
        assertThat(plane.decisions().decide(r).response().isAllowed()).isFalse();
        var action = dev.veto.cedar.entity.Entity.of(EntityUid.of("Action", "storage:Put"), java.util.Map.of(), java.util.Set.of(), java.util.Map.of());
        assertThatThrownBy(() -> plane.decisions().decide(new EngineRequest(EntityUid.of("User", "alice"), EntityUid.of("Action", "storage:Put"),
                EntityUid.of("Bucket", "b"), null, List.of(action)))).hasMessageContaining("actions come from the service catalog");
    }

    @Test
    void aNoticeStaysAsIssuedWhenThePrincipleChangesLater() {
        plane.commands().propose(RITA, "C-0001", proposal(null, 30, null, false));
        approveTwice("P-0001-1");
        String before = plane.queries().notice(AUDREY, "N-0001-1").text();
        plane.commands().putPrinciple(ADMIN, "p1", new Inputs.PutPrinciple("Renamed principle", "Other text", "AUP 9", null));
        assertThat(plane.queries().notice(AUDREY, "N-0001-1").text()).isEqualTo(before);
        plane.close();
        plane = reopened();
        assertThat(plane.queries().notice(AUDREY, "N-0001-1").text()).as("after replay").isEqualTo(before);
    }

    @Test
    void largeEntityBatchesSpanSeveralLogEntries() {
        StringBuilder b = new StringBuilder("[");
        for (int i = 0; i < 3000; i++) {
            b.append(i == 0 ? "" : ",").append("{\"uid\": {\"type\": \"Account\", \"id\": \"acct-").append(i)
                    .append("\"}, \"attrs\": {\"note\": \"").append("x".repeat(40)).append("\"}, \"parents\": [{\"type\": \"Unit\", \"id\": \"u42\"}]}");
        }
        Committed c = plane.commands().putEntities(ADMIN, CedarJson.readTree(b.append(']').toString(), "t"));
        assertThat(c.events()).hasSizeGreaterThan(1);
        assertThat(plane.decisions().snapshot().isAncestor(EntityUid.of("Account", "acct-2999"), EntityUid.of("Org", "mx"))).isTrue();
    }

    @Test
    void closingACaseWithdrawsItsPendingProposals() {
        plane.commands().propose(RITA, "C-0001", proposal(null, 30, null, true));
        plane.commands().closeCase(RITA, "C-0001", new Inputs.CloseCase("no action needed"));
        assertThat(plane.decisions().shadowCounts()).isEmpty();
        assertRejected(() -> plane.commands().approve(ANNA, "P-0001-1", new Inputs.Approve(null)), Rejection.Kind.CONFLICT, null, "withdrawn");
        assertRejected(() -> plane.commands().addEvidence(RITA, "C-0001", new Inputs.AddEvidence("b", "s", "d", "a".repeat(64), clock.instant(), false)),
                Rejection.Kind.CONFLICT, null, "closed");
    }

    private static void assertRejected(Runnable r, Rejection.Kind kind, String field, String message) {
        assertThatThrownBy(r::run).isInstanceOfSatisfying(Rejection.class, e -> {
            assertThat(e.kind()).as(e.getMessage()).isEqualTo(kind);
            assertThat(e.field()).isEqualTo(field);
            assertThat(e.getMessage()).contains(message);
        });
    }
}
