package dev.veto.server.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.veto.ledger.note.SignerKey;
import dev.veto.server.AccessLog;
import dev.veto.server.Platform;
import dev.veto.server.VetoServer;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;

/**
 * The mission through the console alone, as the demo walks it with curl: a reviewer opens a case,
 * adds evidence and a finding and proposes; two approvers approve; the deny reaches an enforcement
 * point and the enforcement page shows it live; the customer reads its notice and appeals; an
 * uninvolved approver reverses; the public page verifies an entry of the log in the browser. Each
 * page is screenshot and checked with axe on the way. Run once per storage (SQLite, PostgreSQL).
 */
abstract class ConsoleWalkthrough {

    /** A fresh database: a SQLite path or a PostgreSQL URL. */
    protected abstract String freshDb() throws Exception;

    /** Names screenshots of this storage's run. */
    protected abstract String storage();

    @Test
    void theMissionThroughTheConsole() throws Exception {
        try (Platform p = new Platform(freshDb(), new VetoServer.Options("127.0.0.1", 0, AccessLog.failuresTo(System.err), null, null),
                SignerKey.generate(Platform.ORIGIN)); Browser b = new Browser(p.server.port())) {
            String s = storage() + "-";

            // the reviewer: the queue, a new case, evidence, a finding, a proposal
            b.signIn(p, "rita");
            assertThat(b.driver.getCurrentUrl()).endsWith("/console/cases");
            b.type("#subjectId", "mx/u42");
            b.type("#summary", "Unit 42 transcribes intercepted calls of civilians in bulk.");
            b.submit("form[method=post][action='/console/cases'] button");
            assertThat(b.driver.getCurrentUrl()).endsWith("/console/cases/C-0001");
            assertThat(b.text()).contains("Unit::\"mx/u42\"").contains("Org::\"mx\"").contains("No evidence yet").contains("nobody yet");
            b.submit("form[action$='/assignee'] button");
            assertThat(b.find("dl.facts").getText()).contains("Assignee\nrita");
            b.find("#evidence ~ details summary, section[aria-labelledby=evidence] details summary").click();
            b.type("#ev-kind", "metering");
            b.type("#ev-source", "speech-to-text metering, accounts of Unit 42");
            b.type("#ev-description", "Transcription volume by hour over 30 days: 2.1 million hours");
            b.type("#ev-sha", "3f79bb7b435b05321651daefd374cdc681dc06faa65e374e38337b88ca046dea");
            ((JavascriptExecutor) b.driver).executeScript("document.getElementById('ev-at').value = '2027-02-27T10:00'");
            b.submit("form[action$='/evidence'] button");
            assertThat(b.text()).contains("EV-1").contains("3f79bb7b435b05321651daefd374cdc681dc06faa65e374e38337b88ca046dea")
                    .contains("No customer content");
            b.find("section[aria-labelledby=findings] details summary").click();
            b.type("#f-statement", "Unit 42 uses speech-to-text and storage to analyse calls of civilians in bulk.");
            b.submit("form[action$='/findings'] button");
            assertThat(b.text()).contains("F-1 · no-mass-surveillance").contains("Based on EV-1");
            b.find("section[aria-labelledby=proposals] details summary").click();
            b.find("input[name=services][value=storage]").click();
            b.type("#p-contract", "Customer Agreement, clause 9");
            b.type("#p-explanation", "Restricting storage for exactly Unit 42 ends the use; the export window keeps its data available.");
            b.check(s + "case-before-proposal");
            b.submit("form[action$='/proposals'] button");
            assertThat(b.driver.getCurrentUrl()).as(b.text()).endsWith("/console/proposals/P-0001-1");
            assertThat(b.text()).contains("Impact if approved").contains("forbid").contains("0 of 2; you may not approve: the proposer");
            assertThat(b.all("form[action$='/approvals']")).as("the proposer gets no approval form").isEmpty();
            b.check(s + "proposal-as-proposer");

            // two approvers who did not propose it
            b.signIn(p, "anna");
            b.go("/console/proposals/P-0001-1");
            assertThat(b.text()).contains("0 of 2; you may approve").contains("Impact if approved")
                    .contains("The notice the customer receives");
            b.find("section[aria-labelledby=notice-preview] summary").click();
            assertThat(b.find("pre.letter-text").getText()).contains("Customer Agreement, clause 9").contains("appeal");
            b.check(s + "approve");
            b.type("#comment", "The metering evidence holds; the scope is exactly the unit.");
            b.submit("form[action$='/approvals'] button");
            assertThat(b.text()).contains("Approvals: 1 of 2").contains("anna: The metering evidence holds")
                    .contains("1 of 2; you may not approve: each approval must come from a different person");
            b.signIn(p, "ben");
            b.go("/console/proposals/P-0001-1");
            b.type("#comment", "Agreed.");
            b.submit("form[action$='/approvals'] button");
            assertThat(b.text()).contains("enforced").contains("Approvals: 2 of 2");
            b.submit("a[href^='/console/enforcements/']");
            String enforcement = b.driver.getCurrentUrl().substring(b.driver.getCurrentUrl().lastIndexOf('/') + 1);
            assertThat(b.text()).contains("active").contains("0 of 0");

            // the deny reaches an enforcement point; the page shows its acknowledgement as it comes
            assertThat(p.decide("alice", "PutObject", "b42")).isEqualTo("deny");
            long revision = p.revision();
            Platform.ok(p.api.post("/v1/peps/gateway-1/ack", p.t("gateway"), "{\"revision\": " + revision + "}"));
            b.waitFor(d -> d.findElement(By.id("propagation-summary")).getText().contains("1 of 1"), "the propagation to update itself");
            assertThat(b.text()).contains("gateway-1").contains("applied");
            b.check(s + "enforcement");

            // the customer: the notice as a letter, the export window, the appeal
            b.signIn(p, "mx-legal");
            assertThat(b.driver.getCurrentUrl()).endsWith("/console/portal");
            b.check(s + "portal");
            b.submit("a[href^='/console/notices/']");
            assertThat(b.text()).contains("Export window").contains("left. Nothing is deleted").contains("Statement of reasons (JSON)")
                    .contains("Customer Agreement, clause 9");
            b.waitFor(d -> d.findElement(By.cssSelector(".countdown")).getText().matches("29 d 23 h 59 min \\d+ s|30 d 0 h 0 min 0 s"),
                    "the countdown to run on the server's clock (30 days left)");
            b.check(s + "notice");
            b.type("#statement", "Unit 42 runs a lawful-interception programme under a court order; we ask for review.");
            b.submit("form[action$='/appeal'] button");
            assertThat(b.text()).contains("Status: waiting for a decision");

            // a reviewer cannot reach the decision; an uninvolved approver reverses
            b.signIn(p, "rita");
            b.go("/console/appeals");
            assertThat(b.all("form[action$='/decision']")).isEmpty();
            b.signIn(p, "carl");
            b.go("/console/appeals");
            b.check(s + "appeals");
            b.find("input[name=outcome][value=reversed]").click();
            b.type("textarea[name=reasoning]", "The court order covers the programme; the restriction is lifted.");
            b.submit("form[action$='/decision'] button");
            assertThat(b.text()).contains("reversed by carl");
            assertThat(p.decide("alice", "PutObject", "b42")).isEqualTo("allow");
            b.go("/console/enforcements/" + enforcement);
            assertThat(b.text()).contains("lifted");

            // the admin's platform pages; the public record
            b.signIn(p, "adam");
            b.go("/console/platform");
            b.type("#policy-id", "typo");
            b.type("#policy-text", "forbid (principal, action, resource) when { principal.x == };");
            b.submit("form[action='/console/policies'] button");
            assertThat(b.find(".alert").getText()).contains("Refused").containsPattern("line 1, column \\d+|1:\\d+");
            assertThat(b.find("#policy-text").getAttribute("value")).contains("principal.x ==");
            b.check(s + "platform");
            b.go("/console/cases");
            assertThat(b.text()).contains("C-0001").contains("closed 1").contains("rita 0 min");
            b.check(s + "queue");
            b.driver.manage().deleteAllCookies();
            b.go("/transparency");
            b.waitFor(d -> d.findElement(By.id("verify-result")).getText().startsWith("Verified"), "the in-browser check to verify");
            assertThat(b.text()).contains("it equals the signed checkpoint's root");
            assertThat(b.find("#by-month").getAttribute("aria-label")).isEqualTo("Restrictions per month: 2027-03 1");
            assertThat(b.find("#by-principle").getAttribute("aria-label")).isEqualTo("Restrictions per principle: no-mass-surveillance 1");
            b.check(s + "transparency");
        }
    }
}
