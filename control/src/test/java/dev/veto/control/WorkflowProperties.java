package dev.veto.control;

import static org.assertj.core.api.Assertions.assertThat;

import dev.veto.cedar.json.CedarJson;
import dev.veto.control.Event.Ref;
import dev.veto.ledger.Log;
import dev.veto.ledger.note.SignerKey;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Random sequences of workflow commands by random actors (admins, reviewers who proposed,
 * approvers, customers of the case's organization and of another, holders of revoked and expired
 * tokens, an admin trying to appeal or approve), with time passing in between. After every step,
 * whatever was refused, the process guarantees hold:
 * <ul>
 *   <li>no enforcement without two approvals by distinct subjects, neither the proposer;
 *   <li>no closed case with an active enforcement the customer can still appeal;
 *   <li>every appeal filed by the case's own organization;
 *   <li>everything a customer sees belongs to its organization, and no draft is among it.
 * </ul>
 */
class WorkflowProperties {
    /** One step: what to try, and numbers that pick who and with what. */
    record Step(int what, int who, int a, int b) {}

    @Provide
    Arbitrary<List<Step>> steps() {
        // the workflow's own steps more often than the rest, so sequences get as far as enforcements and appeals
        Arbitrary<Integer> what = Arbitraries.frequency(
                net.jqwik.api.Tuple.of(3, 0), net.jqwik.api.Tuple.of(5, 1), net.jqwik.api.Tuple.of(5, 2), net.jqwik.api.Tuple.of(5, 3),
                net.jqwik.api.Tuple.of(10, 4), net.jqwik.api.Tuple.of(10, 5), net.jqwik.api.Tuple.of(6, 6), net.jqwik.api.Tuple.of(6, 7),
                net.jqwik.api.Tuple.of(4, 8), net.jqwik.api.Tuple.of(3, 9), net.jqwik.api.Tuple.of(3, 10), net.jqwik.api.Tuple.of(2, 11),
                net.jqwik.api.Tuple.of(40, PROGRESS));
        Arbitrary<Step> step = Combinators.combine(what, Arbitraries.integers().between(0, 99),
                Arbitraries.integers().between(0, 99), Arbitraries.integers().between(0, 99)).as(Step::new);
        return step.list().ofMinSize(20).ofMaxSize(120);
    }

    static final Actor ADMIN = new Actor("adam", Role.ADMIN, null);
    static final Actor OPERATOR = Actor.OPERATOR;
    static final List<Actor> ACTORS = List.of(
            ADMIN,
            new Actor("rita", Role.REVIEWER, null),
            new Actor("rob", Role.REVIEWER, null),
            new Actor("anna", Role.APPROVER, null),
            new Actor("ben", Role.APPROVER, null),
            new Actor("carl", Role.APPROVER, null),
            new Actor("mx-legal", Role.CUSTOMER, "mx"),
            new Actor("oc-legal", Role.CUSTOMER, "oc"),
            new Actor("mallory", Role.APPROVER, null), // an approver name nobody put on the roster
            new Actor("audrey", Role.AUDITOR, null));
    static final Actor AUDITOR = ACTORS.get(9);
    static final List<String> UNITS = List.of("mx/u42", "mx/u41", "oc/sales");

    @Property(tries = 50)
    void theProcessGuaranteesHoldWhateverIsTried(@ForAll("steps") List<Step> steps) throws Exception {
        Path dir = Files.createTempDirectory("veto-workflow-properties");
        TestClock clock = new TestClock(Instant.parse("2027-03-01T09:00:00Z"));
        try (ControlPlane plane = ControlPlane.open(Log.create(dir.resolve("veto.db").toString(), "props.test/log",
                SignerKey.generate("props.test/log")), clock, "Example Cloud")) {
            Commands c = plane.commands();
            c.putEntities(ADMIN, CedarJson.readTree("""
                    [{"uid": {"type": "Org", "id": "mx"}, "attrs": {}, "parents": []},
                     {"uid": {"type": "Org", "id": "oc"}, "attrs": {}, "parents": []},
                     {"uid": {"type": "Unit", "id": "mx/u42"}, "attrs": {}, "parents": [{"type": "Org", "id": "mx"}]},
                     {"uid": {"type": "Unit", "id": "mx/u41"}, "attrs": {}, "parents": [{"type": "Org", "id": "mx"}]},
                     {"uid": {"type": "Unit", "id": "oc/sales"}, "attrs": {}, "parents": [{"type": "Org", "id": "oc"}]},
                     {"uid": {"type": "Account", "id": "acct"}, "attrs": {}, "parents": [{"type": "Unit", "id": "mx/u42"}]}]""", "t"));
            c.putService(ADMIN, "storage", new Inputs.PutService(List.of(new Event.Operation("Put", "write"), new Event.Operation("Get", "read"))));
            c.putPrinciple(ADMIN, "p1", new Inputs.PutPrinciple("Principle", "Text", "AUP 1", null));
            c.bootstrapRoster(OPERATOR, List.of("anna", "ben", "carl"));
            for (Step s : steps) {
                try {
                    run(plane, clock, s);
                } catch (Rejection refused) {
                    // refusals are fine: the invariants must hold whatever was refused
                }
                check(plane, clock);
            }
            // what the sequence reached, so a run shows it tested more than refusals
            List<String> cases = plane.queries().visibleCases(AUDITOR);
            long enforced = cases.stream().mapToLong(id -> plane.queries().caseView(AUDITOR, id).enforcements().size()).sum();
            long appeals = cases.stream().mapToLong(id -> plane.queries().caseView(AUDITOR, id).appeals().size()).sum();
            net.jqwik.api.statistics.Statistics.label("enforcements").collect(enforced > 0 ? "some" : "none");
            net.jqwik.api.statistics.Statistics.label("appeals").collect(appeals > 0 ? "some" : "none");
        }
    }

    /** The step that carries a case forward the way its people would (see {@link #progress}). */
    static final int PROGRESS = 12;

    /** Who would do each kind of step in the normal course: reviewers, approvers, customers, the admin. */
    private static final int[][] USUAL = {{1, 2}, {1, 2}, {1, 2}, {1, 2}, {3, 4, 5}, {3, 4, 5}, {6, 7}, {3, 4, 5}, {1, 2}, {0}, {0}, {0}};

    private static void run(ControlPlane plane, TestClock clock, Step s) {
        if (s.what() == PROGRESS) {
            progress(plane, clock, s);
            return;
        }
        Commands c = plane.commands();
        // three times in four the usual kind of actor for the step (not always the right one);
        // otherwise anyone at all, the hostile included
        int[] usual = USUAL[s.what()];
        Actor who = s.who() < 75 ? ACTORS.get(usual[s.who() % usual.length]) : ACTORS.get(s.who() % ACTORS.size());
        List<String> cases = plane.queries().visibleCases(AUDITOR);
        // mostly the newest case, so a sequence carries one case forward
        String caseId = cases.isEmpty() ? "C-0001" : cases.get(s.a() < 70 ? cases.size() - 1 : s.a() % cases.size());
        switch (s.what()) {
            case 0 -> c.openCase(who, new Inputs.OpenCase(new Ref("Unit", UNITS.get(s.a() % UNITS.size())), "p1", "summary"));
            case 1 -> c.addEvidence(who, caseId, new Inputs.AddEvidence("billing", "src", "desc", "a".repeat(64), clock.instant(), false));
            case 2 -> c.recordFinding(who, caseId, new Inputs.RecordFinding("p1", "statement", List.of("EV-1")));
            case 3 -> {
                Views.CaseView v = plane.queries().caseView(AUDITOR, caseId);
                boolean days = s.b() % 2 == 0;
                c.propose(who, caseId, new Inputs.Propose(v.subject(), List.of("storage"), s.b() % 5 == 0 ? clock.instant().plus(Duration.ofDays(2)) : null,
                        days ? 1 + s.b() % 40 : null, days ? null : clock.instant().plus(Duration.ofHours(s.b() * 12L)), null, "AUP", "why", null,
                        s.b() % 3 == 0));
            }
            case 4, 5 -> {
                List<Views.ProposalView> ps = plane.queries().caseView(AUDITOR, caseId).proposals();
                if (!ps.isEmpty()) {
                    c.approve(who, ps.get(s.b() % ps.size()).id(), new Inputs.Approve(null));
                }
            }
            case 6 -> c.fileAppeal(who, caseId, new Inputs.FileAppeal("statement", null));
            case 7 -> {
                List<Views.AppealView> as = plane.queries().caseView(AUDITOR, caseId).appeals();
                if (!as.isEmpty()) {
                    c.decideAppeal(who, as.get(s.b() % as.size()).id(), new Inputs.DecideAppeal(s.b() % 2 == 0 ? "upheld" : "reversed", "reasoning"));
                }
            }
            case 8 -> c.closeCase(who, caseId, new Inputs.CloseCase("reason"));
            case 9 -> clock.advance(Duration.ofDays(1 + s.a() % 60));
            case 10 -> c.putEntities(who, CedarJson.readTree("[{\"uid\": {\"type\": \"Account\", \"id\": \"acct\"}, \"attrs\": {}, \"parents\": "
                    + "[{\"type\": \"Unit\", \"id\": \"" + UNITS.get(s.a() % 2) + "\"}]}]", "move"));
            default -> c.createToken(who, new Inputs.CreateToken(s.a() % 2 == 0 ? "approver" : "reviewer", "anna", null));
        }
    }

    /**
     * The next step of the newest case, by whoever would take it: open, evidence, finding,
     * proposal, two approvals, the customer's appeal, its decision by an uninvolved approver.
     */
    private static void progress(ControlPlane plane, TestClock clock, Step s) {
        Commands c = plane.commands();
        Actor reviewer = ACTORS.get(1 + s.who() % 2);
        List<String> cases = plane.queries().visibleCases(AUDITOR);
        Views.CaseView v = cases.isEmpty() ? null : plane.queries().caseView(AUDITOR, cases.get(cases.size() - 1));
        if (v == null || v.status() == CaseStatus.CLOSED) {
            c.openCase(reviewer, new Inputs.OpenCase(new Ref("Unit", UNITS.get(s.a() % UNITS.size())), "p1", "summary"));
        } else if (v.evidence().isEmpty()) {
            c.addEvidence(reviewer, v.id(), new Inputs.AddEvidence("billing", "src", "desc", "a".repeat(64), clock.instant(), false));
        } else if (v.findings().isEmpty()) {
            c.recordFinding(reviewer, v.id(), new Inputs.RecordFinding("p1", "statement", List.of("EV-1")));
        } else if (v.status() == CaseStatus.APPEALED) {
            Views.AppealView pending = v.appeals().stream().filter(a -> a.outcome() == null).findFirst().orElseThrow();
            Actor judge = ACTORS.get(3 + s.b() % 3);
            c.decideAppeal(judge, pending.id(), new Inputs.DecideAppeal(s.b() % 2 == 0 ? "upheld" : "reversed", "reasoning"));
        } else if (v.status() == CaseStatus.ENFORCED && s.b() % 2 == 0) {
            c.fileAppeal(v.org().equals("mx") ? ACTORS.get(6) : ACTORS.get(7), v.id(), new Inputs.FileAppeal("statement", null));
        } else {
            Views.ProposalView pending = v.proposals().stream().filter(p -> p.status() == ProposalStatus.PENDING).findFirst().orElse(null);
            if (pending == null) {
                c.propose(reviewer, v.id(), new Inputs.Propose(v.subject(), List.of("storage"), null, 1 + s.b() % 30, null, null, "AUP", "why", null,
                        s.b() % 4 == 0));
            } else {
                c.approve(ACTORS.get(3 + (s.b() + pending.approvals().size()) % 3), pending.id(), new Inputs.Approve(null));
            }
        }
    }

    /** The guarantees, read back through the same queries the API answers with. */
    private static void check(ControlPlane plane, TestClock clock) {
        Map<String, String> orgOfCase = new HashMap<>();
        for (String id : plane.queries().visibleCases(AUDITOR)) {
            Views.CaseView v = plane.queries().caseView(AUDITOR, id);
            orgOfCase.put(id, v.org());
            for (Views.EnforcementView e : v.enforcements()) {
                Views.ProposalView p = plane.queries().proposal(AUDITOR, e.proposal());
                Set<String> approvers = new HashSet<>();
                for (Views.ApprovalView a : p.approvals()) {
                    assertThat(approvers.add(a.by())).as("each approval of %s by a different subject", p.id()).isTrue();
                    assertThat(a.by()).as("the proposer of %s did not approve it", p.id()).isNotEqualTo(p.proposedBy());
                    assertThat(a.by()).as("approvers are on the roster").isIn("anna", "ben", "carl");
                }
                assertThat(approvers).as("enforcement %s had two approvals", e.id()).hasSizeGreaterThanOrEqualTo(2);
                if (v.status() == CaseStatus.CLOSED && e.status() == EnforcementStatus.ACTIVE) {
                    Views.NoticeView n = plane.queries().notice(AUDITOR, e.notice());
                    boolean appealed = v.appeals().stream().anyMatch(a -> a.notice().equals(e.notice()) && a.outcome() != null);
                    assertThat(appealed || clock.instant().isAfter(n.appealDeadline()))
                            .as("closed case %s leaves no appealable enforcement (%s)", id, e.id()).isTrue();
                }
            }
            for (Views.AppealView a : v.appeals()) {
                assertThat(a.filedBy()).as("appeal %s by the case's organization", a.id()).isEqualTo(v.org().equals("mx") ? "mx-legal" : "oc-legal");
            }
        }
        for (Actor customer : List.of(ACTORS.get(6), ACTORS.get(7))) {
            for (String id : plane.queries().visibleCases(customer)) {
                assertThat(orgOfCase.get(id)).as("%s sees only its own cases", customer.org()).isEqualTo(customer.org());
                Views.CaseView v = plane.queries().caseView(customer, id);
                for (Views.ProposalView p : v.proposals()) {
                    assertThat(p.status()).as("no draft shown to a customer").isEqualTo(ProposalStatus.ENFORCED);
                }
                Set<String> drafts = new HashSet<>();
                for (Views.ProposalView staff : plane.queries().caseView(AUDITOR, id).proposals()) {
                    if (staff.status() != ProposalStatus.ENFORCED) {
                        drafts.add(staff.id());
                        try {
                            plane.queries().proposal(customer, staff.id());
                            throw new AssertionError("customer read draft " + staff.id());
                        } catch (Rejection expected) {
                            assertThat(expected.kind()).isEqualTo(Rejection.Kind.NOT_FOUND);
                        }
                    }
                }
                for (TimelineEntry t : v.timeline()) {
                    assertThat(drafts).as("the customer's timeline shows no step of a draft").doesNotContain(t.proposal());
                }
            }
        }
    }
}
