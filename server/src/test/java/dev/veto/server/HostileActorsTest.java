package dev.veto.server;

import static dev.veto.server.Platform.ok;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * The process guarantees against someone trying to break them, each finding of the review
 * reproduced over HTTP against a real server: a hostile admin, a hostile reviewer, a hostile
 * customer. Every refusal is checked to write nothing.
 */
@Timeout(120)
class HostileActorsTest {
    @TempDir
    Path dir;
    Platform p;

    @BeforeEach
    void start() throws Exception {
        p = new Platform(dir);
    }

    @AfterEach
    void stop() {
        p.close();
    }

    // ---- 1. the two-person rule rests on subjects, not on names ----

    @Test
    void anAdminCanNeitherMintApproversNorActAsOne() {
        long r = p.revision();
        String admin = p.t("adam");
        p.refused(p.api.post("/v1/tokens", admin, "{\"role\": \"approver\", \"name\": \"x1\"}"), 403, "cannot make approvers", r);
        p.refused(p.api.post("/v1/tokens", admin, "{\"role\": \"approver\", \"name\": \"anna\"}"), 403, "cannot make approvers", r);
        // nor a token of another role in an approver's name, to act as her
        p.refused(p.api.post("/v1/tokens", admin, "{\"role\": \"reviewer\", \"name\": \"Anna\"}"), 403, "is an approver", r);
        // nor add an approver alone: a roster change needs two approvers other than its subject
        String change = ok(p.api.post("/v1/roster/changes", admin, "{\"change\": \"add\", \"member\": \"x1\", \"reason\": \"mine\"}")).get("id").asString();
        long r2 = p.revision();
        p.refused(p.api.post("/v1/roster/changes/" + change + "/approvals", admin, "{}"), 403, "may not roster.approve", r2);
        ok(p.api.post("/v1/roster/changes/" + change + "/approvals", p.t("anna"), "{}"));
        JsonNode roster = ok(p.api.get("/v1/roster", admin));
        assertThat(roster.get("members").toString()).doesNotContain("x1");
        assertThat(roster.get("changes").get(0).get("status").asString()).isEqualTo("pending");
        ok(p.api.post("/v1/roster/changes/" + change + "/approvals", p.t("ben"), "{}"));
        assertThat(ok(p.api.get("/v1/roster", admin)).get("members").toString()).contains("x1");
        // and an admin can still not make x1's token: an approver makes its own
        p.refused(p.api.post("/v1/tokens", admin, "{\"role\": \"approver\", \"name\": \"x1\"}"), 403, "cannot make approvers");
    }

    @Test
    void namesThatDifferInLetterCaseAreOnePersonAndOneTokenMoreIsTheSamePerson() {
        // rita is also an approver; she proposes as a reviewer and tries to approve under another spelling
        String change = ok(p.api.post("/v1/roster/changes", p.t("adam"), "{\"change\": \"add\", \"member\": \"Rita\", \"reason\": \"senior\"}")).get("id").asString();
        ok(p.api.post("/v1/roster/changes/" + change + "/approvals", p.t("anna"), "{}"));
        ok(p.api.post("/v1/roster/changes/" + change + "/approvals", p.t("ben"), "{}"));
        String ritaApprover = ok(p.api.post("/v1/tokens", p.t("rita"), "{\"role\": \"reviewer\"}")).get("token").asString();
        assertThat(ritaApprover).startsWith("veto_");
        String upper = p.plane.commands().createToken(dev.veto.control.Actor.OPERATOR,
                new dev.veto.control.Inputs.CreateToken("approver", "RITA", null)).token();
        String caseId = p.openCase("mx/u42");
        String proposal = p.propose(caseId, "mx/u42", "");
        long r = p.revision();
        p.refused(p.api.post("/v1/proposals/" + proposal + "/approvals", upper, "{}"), 403, "proposer", r);
        ok(p.api.post("/v1/proposals/" + proposal + "/approvals", p.t("anna"), "{}"));
        // a second token of anna's is anna
        String annaAgain = ok(p.api.post("/v1/tokens", p.t("anna"), "{\"role\": \"approver\"}")).get("token").asString();
        long r2 = p.revision();
        p.refused(p.api.post("/v1/proposals/" + proposal + "/approvals", annaAgain, "{}"), 403, "already approved", r2);
        // and an approver who took part in a case in any role is no judge of its appeal
        JsonNode enforced = ok(p.api.post("/v1/proposals/" + proposal + "/approvals", p.t("ben"), "{}"));
        assertThat(enforced.get("status").asString()).isEqualTo("enforced");
        String appeal = ok(p.api.post("/v1/cases/" + caseId + "/appeals", p.t("mx-legal"), "{\"statement\": \"a court order covers it\"}")).get("id").asString();
        long r3 = p.revision();
        p.refused(p.api.post("/v1/appeals/" + appeal + "/decision", upper, "{\"outcome\": \"reversed\", \"reasoning\": \"x\"}"), 403,
                "took no part", r3);
        p.refused(p.api.post("/v1/appeals/" + appeal + "/decision", annaAgain, "{\"outcome\": \"reversed\", \"reasoning\": \"x\"}"), 403,
                "took no part", r3);
        ok(p.api.post("/v1/appeals/" + appeal + "/decision", p.t("carl"), "{\"outcome\": \"upheld\", \"reasoning\": \"the order does not cover it\"}"));
    }

    @Test
    void tokensExpireAndCanBeRevoked() {
        String t = ok(p.api.post("/v1/tokens", p.t("adam"), "{\"role\": \"auditor\", \"name\": \"temp\", \"expiresInDays\": 2}")).get("id").asString();
        String secret = p.token("auditor", "temp2", null);
        assertThat(p.api.get("/v1/cases", secret).status()).isEqualTo(200);
        String id = ok(p.api.get("/v1/tokens", secret)).get("tokens").get(0).get("id").asString();
        ok(p.api.call("DELETE", "/v1/tokens/" + id, secret, "{\"reason\": \"lost laptop\"}"));
        p.refused(p.api.get("/v1/cases", secret), 401, "revoked");
        // expiry
        String shortLived = ok(p.api.post("/v1/tokens", p.t("adam"), "{\"role\": \"auditor\", \"name\": \"temp3\", \"expiresInDays\": 1}")).get("token").asString();
        assertThat(p.api.get("/v1/cases", shortLived).status()).isEqualTo(200);
        p.clock.advance(Duration.ofDays(1).plusSeconds(1));
        p.refused(p.api.get("/v1/cases", shortLived), 401, "expired");
        assertThat(t).startsWith("T-");
        // another's token is not one's to revoke
        String other = ok(p.api.get("/v1/tokens", p.t("adam"))).get("tokens").get(0).get("id").asString();
        p.refused(p.api.call("DELETE", "/v1/tokens/" + other, p.t("audrey"), null), 404, "no token");
        p.refused(p.api.post("/v1/tokens", p.t("adam"), "{\"role\": \"auditor\", \"name\": \"t4\", \"expiresInDays\": 400}"), 400, "expiresInDays");
    }

    @Test
    void anApproverLeavingTheRosterLosesTheRoleWithAllTokens() {
        String change = ok(p.api.post("/v1/roster/changes", p.t("anna"), "{\"change\": \"remove\", \"member\": \"carl\", \"reason\": \"left\"}")).get("id").asString();
        long r = p.revision();
        p.refused(p.api.post("/v1/roster/changes/" + change + "/approvals", p.t("carl"), "{}"), 403, "other than the one it adds or removes", r);
        ok(p.api.post("/v1/roster/changes/" + change + "/approvals", p.t("anna"), "{}"));
        ok(p.api.post("/v1/roster/changes/" + change + "/approvals", p.t("ben"), "{}"));
        p.refused(p.api.get("/v1/cases", p.t("carl")), 401, "not on the approver roster");
        // two remain; removing one more would leave no way to approve anything
        p.refused(p.api.post("/v1/roster/changes", p.t("anna"), "{\"change\": \"remove\", \"member\": \"ben\", \"reason\": \"x\"}"), 409, "remedies need two");
    }

    // ---- 2, 3. due process: closing never takes an appeal away; only the customer appeals ----

    @Test
    void aReviewerCannotCloseACaseWhileItsAppealPeriodRunsAndTheCustomerCanAppeal() {
        String caseId = p.openCase("mx/u42");
        p.enforce(p.propose(caseId, "mx/u42", ""));
        long r = p.revision();
        p.refused(p.api.post("/v1/cases/" + caseId + "/close", p.t("rita"), "{\"reason\": \"done\"}"), 409, "appeal until", r);
        // an admin cannot use up the customer's appeal
        p.refused(p.api.post("/v1/cases/" + caseId + "/appeals", p.t("adam"), "{\"statement\": \"on their behalf\"}"), 403, "may not appeal.file", r);
        // another organization learns nothing
        p.refused(p.api.post("/v1/cases/" + caseId + "/appeals", p.t("oc-legal"), "{\"statement\": \"x\"}"), 404, "no case", r);
        ok(p.api.post("/v1/cases/" + caseId + "/appeals", p.t("mx-legal"), "{\"statement\": \"We use the data under a court order.\"}"));
        p.refused(p.api.post("/v1/cases/" + caseId + "/close", p.t("rita"), "{\"reason\": \"done\"}"), 409, "under appeal");
        // once the appeal is decided, the case closes (upheld: the enforcement stays)
        ok(p.api.post("/v1/appeals/A-0001-1/decision", p.t("carl"), "{\"outcome\": \"upheld\", \"reasoning\": \"No order covers bulk transcription.\"}"));
        assertThat(ok(p.api.get("/v1/cases/" + caseId, p.t("audrey"))).get("status").asString()).isEqualTo("closed");
        assertThat(p.decide("alice", "PutObject", "b42")).isEqualTo("deny");
    }

    @Test
    void aCaseCanBeClosedOnceTheAppealPeriodHasEndedUnappealed() {
        String caseId = p.openCase("mx/u42");
        p.enforce(p.propose(caseId, "mx/u42", ""));
        p.clock.advance(Duration.ofDays(185));
        // the tokens made at the start expired meanwhile (90 days); the operator makes new ones
        String rita = p.plane.commands().createToken(dev.veto.control.Actor.OPERATOR, new dev.veto.control.Inputs.CreateToken("reviewer", "rita", null)).token();
        String customer = p.plane.commands().createToken(dev.veto.control.Actor.OPERATOR,
                new dev.veto.control.Inputs.CreateToken("customer", "mx-legal", "mx")).token();
        ok(p.api.post("/v1/cases/" + caseId + "/close", rita, "{\"reason\": \"nobody appealed\"}"));
        p.refused(p.api.post("/v1/cases/" + caseId + "/appeals", customer, "{\"statement\": \"late\"}"), 409, "closed");
    }

    // ---- 4. the export window has one minimum; approved text is enforced text ----

    @Test
    void theExportWindowHasOneMinimumAndTheApprovedTextIsTheEnforcedText() {
        String caseId = p.openCase("mx/u42");
        long r = p.revision();
        String soon = p.clock.instant().plusSeconds(20).toString();
        p.refused(p.api.post("/v1/cases/" + caseId + "/proposals", p.t("rita"), """
                {"scope": {"type": "Unit", "id": "mx/u42"}, "services": ["storage"], "exportWindowEndsAt": "%s",
                 "contractualGround": "AUP 4.2", "explanation": "x"}""".formatted(soon)), 400, "between 1 and 366 days", r);
        String proposal = p.propose(caseId, "mx/u42", "");
        JsonNode seen = ok(p.api.get("/v1/proposals/" + proposal, p.t("anna")));
        p.clock.advance(Duration.ofDays(3));
        JsonNode enforced = p.enforce(proposal);
        assertThat(enforced.get("enforcement").get("policies")).isEqualTo(seen.get("policies"));
        assertThat(seen.get("exportWindowEndsAt").asString()).isEqualTo("2027-03-31T09:00:00Z");
        // a window that has run down below the minimum is not approved
        String later = p.propose(caseId, "mx/u42", "");
        p.clock.advance(Duration.ofDays(29).plusHours(12));
        ok(p.api.post("/v1/proposals/" + later + "/approvals", p.t("anna"), "{}"));
        long r2 = p.revision();
        p.refused(p.api.post("/v1/proposals/" + later + "/approvals", p.t("carl"), "{}"), 409, "less than 1 day", r2);
    }

    // ---- 5. drafts are invisible to customers ----

    @Test
    void customersSeeNoDraftsAnywhere() {
        String caseId = p.openCase("mx/u42");
        String shadow = p.propose(caseId, "mx/u42", ", \"shadow\": true");
        String draft = p.propose(caseId, "mx/u42", "");
        String customer = p.t("mx-legal");
        p.refused(p.api.get("/v1/proposals/" + shadow, customer), 404, "no proposal");
        p.refused(p.api.get("/v1/proposals/" + draft, customer), 404, "no proposal");
        JsonNode view = ok(p.api.get("/v1/cases/" + caseId, customer));
        assertThat(view.get("proposals")).isEmpty();
        assertThat(view.get("timeline").toString()).doesNotContain("proposal.made");
        p.enforce(draft);
        JsonNode after = ok(p.api.get("/v1/cases/" + caseId, customer));
        assertThat(after.get("proposals")).hasSize(1);
        assertThat(after.get("proposals").get(0).get("id").asString()).isEqualTo(draft);
        assertThat(ok(p.api.get("/v1/proposals/" + draft, customer)).get("status").asString()).isEqualTo("enforced");
        p.refused(p.api.get("/v1/proposals/" + shadow, customer), 404, "no proposal");
    }

    // ---- 6. enforcements cannot be dodged or forged ----

    @Test
    void movingAnAccountOutOfTheEnforcedUnitKeepsItRestrictedUntilAReviewerReleasesIt() {
        String caseId = p.openCase("mx/u42");
        p.enforce(p.propose(caseId, "mx/u42", ""));
        assertThat(p.decide("alice", "PutObject", "b42")).isEqualTo("deny");
        JsonNode moved = ok(p.api.put("/v1/entities", p.t("adam"), """
                [{"uid": {"type": "Account", "id": "a42"}, "attrs": {}, "parents": [{"type": "Unit", "id": "mx/u41"}]}]"""));
        assertThat(moved.get("events").toString()).contains("evasion.detected");
        JsonNode d = ok(p.api.post("/v1/authorize", p.t("gateway"), """
                {"principal": {"type": "User", "id": "alice"}, "action": {"type": "Action", "id": "storage:PutObject"},
                 "resource": {"type": "Bucket", "id": "b42"}}"""));
        assertThat(d.get("decision").asString()).as("the move did not lift the restriction").isEqualTo("deny");
        assertThat(d.get("reasons").get(0).get("annotations").get("case").asString()).isEqualTo(caseId);
        assertThat(d.get("reasons").get(0).get("annotations").get("kept").asString()).isEqualTo("Account::\"a42\"");
        assertThat(p.decide("bob", "PutObject", "b41")).as("the sibling unit's own account").isEqualTo("allow");
        JsonNode view = ok(p.api.get("/v1/cases/" + caseId, p.t("audrey")));
        assertThat(view.get("evasions").get(0).get("entity").get("id").asString()).isEqualTo("a42");
        assertThat(view.get("evasions").get(0).get("from").get("id").asString()).isEqualTo("mx/u42");
        assertThat(p.api.get("/metrics", null).body()).contains("veto_evasions 1.0");
        // releasing is a reviewer's call, with a reason
        long r = p.revision();
        p.refused(p.api.post("/v1/cases/" + caseId + "/releases", p.t("adam"), "{\"entity\": {\"type\": \"Account\", \"id\": \"a42\"}, \"reason\": \"x\"}"),
                403, "may not case.release", r);
        ok(p.api.post("/v1/cases/" + caseId + "/releases", p.t("rita"), """
                {"entity": {"type": "Account", "id": "a42"}, "reason": "the account was sold to Unit 41 with a new purpose"}"""));
        assertThat(p.decide("alice", "PutObject", "b42")).isEqualTo("allow");
        assertThat(ok(p.api.get("/v1/cases/" + caseId, p.t("audrey"))).get("evasions").get(0).get("releasedBy").asString()).isEqualTo("rita");
    }

    @Test
    void platformPoliciesCannotSpeakInACasesName() {
        long r = p.revision();
        String admin = p.t("adam");
        p.refused(p.api.put("/v1/policies/fake", admin, "@case(\"C-0001\") @notice(\"N-0001-1\")\nforbid (principal in Unit::\"mx/u41\", action, resource);"),
                400, "belongs to the workflow", r);
        p.refused(p.api.put("/v1/policies/fake", admin, "@CASE(\"C-0001\")\nforbid (principal, action, resource);"), 400, "belongs to the workflow", r);
        p.refused(p.api.put("/v1/policies/fake", admin, "@Principle(\"no-mass-surveillance\")\nforbid (principal, action, resource);"), 400,
                "belongs to the workflow", r);
        p.refused(p.api.put("/v1/policies/ENF-C-0001-1.principal", admin, "forbid (principal, action, resource);"), 409, "belong to enforcements", r);
        p.refused(p.api.put("/v1/policies/fake", admin, "@id(\"Enf-C-0001-1.principal\")\nforbid (principal, action, resource);"), 400,
                "enforcement's name", r);
    }

    @Test
    void requestsForWhatTheCatalogDoesNotKnowAreRefusedNotAllowed() {
        String caseId = p.openCase("mx/u42");
        p.enforce(p.propose(caseId, "mx/u42", ""));
        long r = p.revision();
        String pep = p.t("gateway");
        for (String action : new String[] {"storage:putobject", "storage:Nope", "Storage:PutObject"}) {
            p.refused(p.api.post("/v1/authorize", pep, """
                    {"principal": {"type": "User", "id": "alice"}, "action": {"type": "Action", "id": "%s"},
                     "resource": {"type": "Bucket", "id": "b42"}}""".formatted(action)), 400, "not in the service catalog", r);
        }
        Api.Reply lower = p.api.post("/v1/authorize", pep, """
                {"principal": {"type": "user", "id": "alice"}, "action": {"type": "Action", "id": "storage:PutObject"},
                 "resource": {"type": "Bucket", "id": "b42"}}""");
        p.refused(lower, 400, "but Veto stores \"User\"", r);
        assertThat(lower.json().get("error").get("field").asString()).isEqualTo("principal");
        // described inline as well, the misspelled type is still refused, not decided about an entity no enforcement names
        p.refused(p.api.post("/v1/authorize", pep, """
                {"principal": {"type": "user", "id": "alice"}, "action": {"type": "Action", "id": "storage:PutObject"},
                 "resource": {"type": "Bucket", "id": "b42"},
                 "entities": [{"uid": {"type": "user", "id": "alice"}, "attrs": {}, "parents": []}]}"""), 400, "but Veto stores \"User\"", r);
        // a type never stored, which nothing places in the hierarchy: refused
        p.refused(p.api.post("/v1/authorize", pep, """
                {"principal": {"type": "Robot", "id": "r1"}, "action": {"type": "Action", "id": "storage:PutObject"},
                 "resource": {"type": "Bucket", "id": "b42"},
                 "entities": [{"uid": {"type": "Robot", "id": "r1"}, "attrs": {}, "parents": []}]}"""), 400, "do not place it under a stored entity", r);
        // the same type sent inline under a stored account is placed, and the enforcement on the account's unit holds
        JsonNode inline = ok(p.api.post("/v1/authorize", pep, """
                {"principal": {"type": "Robot", "id": "r1"}, "action": {"type": "Action", "id": "storage:PutObject"},
                 "resource": {"type": "Bucket", "id": "b42"},
                 "entities": [{"uid": {"type": "Robot", "id": "r1"}, "attrs": {}, "parents": [{"type": "Account", "id": "a42"}]}]}"""));
        assertThat(inline.get("decision").asString()).isEqualTo("deny");
        assertThat(p.revision()).isEqualTo(r);
        JsonNode batch = ok(p.api.post("/v1/authorize/batch", pep, """
                {"requests": [{"principal": {"type": "User", "id": "alice"}, "action": {"type": "Action", "id": "storage:PutObject"}, "resource": {"type": "Bucket", "id": "b42"}},
                              {"principal": {"type": "User", "id": "alice"}, "action": {"type": "Action", "id": "storage:putobject"}, "resource": {"type": "Bucket", "id": "b42"}},
                              {"principal": {"type": "User", "id": "alice"}, "action": {"type": "Action", "id": "storage:PutObject"}, "resource": {"type": "bucket", "id": "b42"}}]}"""));
        assertThat(batch.get("responses").get(0).get("decision").asString()).isEqualTo("deny");
        assertThat(batch.get("responses").get(1).get("error").get("field").asString()).isEqualTo("requests[1].action");
        assertThat(batch.get("responses").get(2).get("error").get("field").asString()).isEqualTo("requests[2].resource");
    }

    // ---- 7. faults are answered as faults ----

    @Test
    void malformedInputIsA4xxInTheJsonShapeNamingTheField() {
        long r = p.revision();
        String pep = p.t("gateway");
        Api.Reply huge = p.api.post("/v1/authorize", pep, """
                {"principal": {"type": "User", "id": "alice"}, "action": {"type": "Action", "id": "storage:PutObject"},
                 "resource": {"type": "Bucket", "id": "b42"}, "atLeastRevision": 99999999999999999999}""");
        p.refused(huge, 400, "atLeastRevision", r);
        p.refused(p.api.post("/v1/peps/edge-1/ack", pep, "{\"revision\": 99999999999999999999}"), 400, "revision", r);
        p.refused(p.api.post("/v1/peps/edge-1/ack", pep, "{\"revision\": 1.5}"), 400, "revision", r);
        // deep slices: the principal's parent chain 999 and 20,000 long (1,000 and 20,001 entities)
        for (int depth : new int[] {999, 20_000}) {
            StringBuilder b = new StringBuilder("{\"principal\": {\"type\": \"User\", \"id\": \"alice\"}, \"action\": {\"type\": \"Action\", \"id\": \"storage:PutObject\"},"
                    + " \"resource\": {\"type\": \"Bucket\", \"id\": \"b42\"}, \"entities\": ["
                    + "{\"uid\": {\"type\": \"User\", \"id\": \"alice\"}, \"attrs\": {}, \"parents\": [{\"type\": \"Unit\", \"id\": \"d0\"}]},");
            for (int i = 0; i < depth; i++) {
                b.append(i == 0 ? "" : ",").append("{\"uid\": {\"type\": \"Unit\", \"id\": \"d").append(i).append("\"}, \"attrs\": {}, \"parents\": [")
                        .append(i + 1 < depth ? "{\"type\": \"Unit\", \"id\": \"d" + (i + 1) + "\"}" : "").append("]}");
            }
            Api.Reply deep = p.api.post("/v1/authorize", pep, b.append("]}").toString());
            p.refused(deep, 400, depth > 999 ? "at most 1000 entities" : "parents deep", r);
        }
        // the wrong types: a number for a string, an array for an object; no Java names in what is said
        String rita = p.t("rita");
        p.refused(p.api.post("/v1/cases", rita, "{\"subject\": {\"type\": \"Unit\", \"id\": \"mx/u42\"}, \"principle\": 7, \"summary\": \"s\"}"), 400,
                "`principle` must be a string", r);
        p.refused(p.api.post("/v1/cases", rita, "[]"), 400, "must be a JSON object", r);
        p.refused(p.api.post("/v1/cases/C-9/evidence", rita, "{\"collectedAt\": \"yesterday\"}"), 400, "date and time", r);
        // routes and sizes
        Api.Reply nowhere = p.api.get("/v1/nowhere", null);
        p.refused(nowhere, 404, "no such endpoint", r);
        Api.Reply big = p.api.put("/v1/entities", p.t("adam"), "[" + "{}".repeat(1) + " ".repeat(17 * 1024 * 1024) + "]");
        p.refused(big, 413, "larger than 16 MB", r);
    }

    @Test
    void authenticationComesBeforeTheBodyAndFailuresAreRateLimited() {
        long r = p.revision();
        // no token: 401 before the (cut-off) body is read
        p.refused(p.api.post("/v1/proposals/P-0001-1/approvals", null, "{\"comment\": \"unterminated"), 401, "missing bearer token", r);
        int tooMany = 0;
        String retryAfter = null;
        for (int i = 0; i < 60; i++) {
            Api.Reply reply = p.api.get("/v1/cases", "veto_guess" + i);
            if (reply.status() == 429) {
                tooMany++;
                p.refused(reply, 429, "too many failed authentications", r);
            } else {
                assertThat(reply.status()).isEqualTo(401);
            }
        }
        assertThat(tooMany).as("guesses past the budget are refused unseen").isGreaterThan(30);
        java.net.http.HttpResponse<String> last = p.api.raw("GET", "/v1/cases", "veto_guess-last", null);
        assertThat(last.statusCode()).isEqualTo(429);
        retryAfter = last.headers().firstValue("Retry-After").orElseThrow();
        assertThat(Integer.parseInt(retryAfter)).isPositive();
    }
}
