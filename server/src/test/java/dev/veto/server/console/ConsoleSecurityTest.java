package dev.veto.server.console;

import static dev.veto.server.Platform.ok;
import static org.assertj.core.api.Assertions.assertThat;

import dev.veto.server.Platform;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The console against people trying to break it, over plain HTTP: forms sent without the
 * session's CSRF token (or with another one), a customer looking at another organization, a
 * reviewer reaching for the approvers' and appeal deciders' forms, sign-in links used twice.
 * Every refusal is a 4xx page and writes nothing.
 */
class ConsoleSecurityTest {
    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");

    @TempDir
    Path dir;
    Platform p;
    final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
    String proposal;
    String notice;

    /** A signed-in browser: its session cookie and the CSRF token its pages carry. */
    record Session(String cookie, String csrf) {}

    @BeforeEach
    void setUp() throws Exception {
        p = new Platform(dir);
        String c = p.openCase("mx/u42");
        proposal = p.propose(c, "mx/u42", "");
        notice = p.enforce(proposal).get("enforcement").get("notice").asString();
        // a second case, open, for the reviewer's forms
        p.openCase("mx/u41");
    }

    @AfterEach
    void tearDown() {
        p.close();
    }

    /** The customer appeals the notice (through the API); returns the appeal's id. */
    String fileAppeal() {
        return ok(p.api.post("/v1/cases/C-0001/appeals", p.t("mx-legal"),
                "{\"statement\": \"we ask for review\", \"notice\": \"" + notice + "\"}")).get("id").asString();
    }

    Session signIn(String name) throws Exception {
        HttpResponse<String> r = send("POST", p.server.signInLink(p.t(name)), null, "");
        assertThat(r.statusCode()).isEqualTo(302);
        String cookie = r.headers().allValues("Set-Cookie").stream().filter(h -> h.startsWith("veto_session=")).findFirst().orElseThrow();
        assertThat(cookie).contains("HttpOnly").containsIgnoringCase("SameSite=Lax");
        Session s = new Session(cookie.substring(0, cookie.indexOf(';')), null);
        HttpResponse<String> page = send("GET", "/transparency", s, null);
        Matcher m = CSRF.matcher(page.body());
        assertThat(m.find()).as("a signed-in page carries the CSRF token").isTrue();
        return new Session(s.cookie(), m.group(1));
    }

    HttpResponse<String> send(String method, String path, Session s, String form) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + p.server.port() + path))
                .method(method, form == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(form));
        if (form != null) {
            b.header("Content-Type", "application/x-www-form-urlencoded");
        }
        if (s != null) {
            b.header("Cookie", s.cookie());
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    static String form(Map<String, String> fields) {
        return fields.entrySet().stream().map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8)).collect(Collectors.joining("&"));
    }

    /** A form of the console: who sends it, where, and its fields (without the CSRF token). */
    record Form(String who, java.util.function.Supplier<String> path, Map<String, String> fields) {
        Form(String who, String path, Map<String, String> fields) {
            this(who, () -> path, fields);
        }
    }

    List<Form> everyForm() {
        return List.of(
                new Form("rita", "/console/cases", Map.of("subjectType", "Unit", "subjectId", "mx/u41", "principle", "no-mass-surveillance",
                        "summary", "another look")),
                new Form("rita", "/console/cases/C-0002/evidence", Map.of("kind", "metering", "source", "meter", "description", "volume",
                        "sha256", "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08", "collectedAt", "2027-02-01T10:00")),
                new Form("rita", "/console/cases/C-0002/findings", Map.of("principle", "no-mass-surveillance", "statement", "holds",
                        "evidence", "EV-1")),
                new Form("rita", "/console/cases/C-0002/proposals", Map.of("scopeType", "Unit", "scopeId", "mx/u41", "services", "storage",
                        "exportWindowDays", "30", "contractualGround", "AUP 4.2", "explanation", "metering")),
                new Form("anna", "/console/proposals/" + p.propose("C-0002", "mx/u41", "") + "/approvals", Map.of("comment", "holds")),
                new Form("mx-legal", "/console/notices/" + notice + "/appeal", Map.of("statement", "we ask for review")),
                // the appeal the form before filed
                new Form("carl", () -> "/console/appeals/" + ok(p.api.get("/v1/cases/C-0001", p.t("rita"))).get("appeals").get(0).get("id")
                        .asString() + "/decision", Map.of("outcome", "upheld", "reasoning", "holds")),
                new Form("adam", "/console/policies", Map.of("id", "p1", "text", "permit (principal, action, resource);")),
                new Form("anna", () -> "/console/roster/changes/" + ok(p.api.post("/v1/roster/changes", p.t("adam"),
                        "{\"change\": \"add\", \"member\": \"dora\", \"reason\": \"a fourth approver\"}")).get("id").asString() + "/approvals",
                        Map.of("comment", "known to us")),
                new Form("rita", "/console/cases/C-0002/assignee", Map.of()),
                new Form("rita", "/console/queue/next", Map.of()),
                new Form("rita", "/console/cases/C-0002/close", Map.of("reason", "done")),
                new Form("rita", "/console/sign-out", Map.of()));
    }

    @Test
    void everyFormRefusesAMissingOrWrongCsrfTokenAndWritesNothing() throws Exception {
        Map<String, Session> sessions = new LinkedHashMap<>();
        Session other = signIn("audrey");
        for (Form f : everyForm()) {
            Session s = sessions.computeIfAbsent(f.who(), n -> {
                try {
                    return signIn(n);
                } catch (Exception e) {
                    throw new AssertionError(e);
                }
            });
            String path = f.path().get();
            long before = p.revision();
            Map<String, String> missing = new LinkedHashMap<>(f.fields());
            Map<String, String> wrong = new LinkedHashMap<>(f.fields());
            wrong.put("_csrf", s.csrf().substring(1) + "x");
            Map<String, String> anothers = new LinkedHashMap<>(f.fields());
            anothers.put("_csrf", other.csrf());
            for (Map<String, String> bad : List.of(missing, wrong, anothers)) {
                HttpResponse<String> r = send("POST", path, s, form(bad));
                assertThat(r.statusCode()).as(path + " " + bad.get("_csrf")).isEqualTo(403);
                assertThat(r.body()).contains("CSRF token is missing or wrong").doesNotContain("Exception");
                assertThat(p.revision()).as(path + ": a refused form writes nothing").isEqualTo(before);
            }
            HttpResponse<String> noSession = send("POST", path, null, form(f.fields()));
            assertThat(noSession.statusCode()).isEqualTo(401);
            // the same form with the session's token is taken: the refusals above were for the token alone
            Map<String, String> right = new LinkedHashMap<>(f.fields());
            right.put("_csrf", s.csrf());
            HttpResponse<String> r = send("POST", path, s, form(right));
            assertThat(r.statusCode()).as(path + " with the token: " + r.body()).isEqualTo(303);
        }
        // signing out ended the session: its pages send the browser to sign in again
        assertThat(send("GET", "/console/cases", sessions.get("rita"), null).headers().firstValue("Location")).hasValue("/console/sign-in");
    }

    @Test
    void anotherOrganizationsCustomerSeesNothingOfTheFirst() throws Exception {
        Session oc = signIn("oc-legal");
        HttpResponse<String> portal = send("GET", "/console/portal", oc, null);
        assertThat(portal.statusCode()).isEqualTo(200);
        assertThat(portal.body()).contains("There are no notices").doesNotContain("C-0001").doesNotContain("mx/u42").doesNotContain(notice)
                .doesNotContain("Ministry").doesNotContain(">mx<");
        String enforcement = ok(p.api.get("/v1/proposals/" + proposal, p.t("rita"))).get("enforcement").asString();
        for (String path : List.of("/console/notices/" + notice, "/console/cases/C-0001", "/console/proposals/" + proposal,
                "/console/enforcements/" + enforcement, "/console/enforcements/" + enforcement + "/propagation")) {
            HttpResponse<String> r = send("GET", path, oc, null);
            assertThat(r.statusCode()).as(path).isEqualTo(404);
            assertThat(r.body()).as(path).doesNotContain("mx/u42").doesNotContain("storage");
        }
        String appeal = fileAppeal();
        HttpResponse<String> appeals = send("GET", "/console/appeals", oc, null);
        assertThat(appeals.body()).contains("There are no appeals").doesNotContain(appeal);
        assertThat(send("GET", "/console/platform", oc, null).statusCode()).isEqualTo(403);
        assertThat(send("GET", "/console/cases", oc, null).headers().firstValue("Location")).hasValue("/console/portal");
        long before = p.revision();
        HttpResponse<String> r = send("POST", "/console/notices/" + notice + "/appeal", oc,
                form(Map.of("statement", "not ours", "_csrf", oc.csrf())));
        assertThat(r.statusCode()).isEqualTo(404);
        assertThat(p.revision()).isEqualTo(before);
        // the first organization sees its own
        Session mx = signIn("mx-legal");
        assertThat(send("GET", "/console/portal", mx, null).body()).contains(notice);
    }

    @Test
    void aReviewerCannotReachTheApprovalOrAppealDecisionForms() throws Exception {
        String pending = p.propose("C-0002", "mx/u41", "");
        String appeal = fileAppeal();
        Session rita = signIn("rita");
        HttpResponse<String> page = send("GET", "/console/proposals/" + pending, rita, null);
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).doesNotContain("/approvals\"").contains("you may not approve");
        HttpResponse<String> appeals = send("GET", "/console/appeals", rita, null);
        assertThat(appeals.body()).contains(appeal).doesNotContain("/decision\"").contains("you may not decide it");
        long before = p.revision();
        HttpResponse<String> approve = send("POST", "/console/proposals/" + pending + "/approvals", rita,
                form(Map.of("comment", "me too", "_csrf", rita.csrf())));
        assertThat(approve.statusCode()).isEqualTo(403);
        HttpResponse<String> decide = send("POST", "/console/appeals/" + appeal + "/decision", rita,
                form(Map.of("outcome", "reversed", "reasoning", "x", "_csrf", rita.csrf())));
        assertThat(decide.statusCode()).isEqualTo(403);
        assertThat(p.revision()).isEqualTo(before);
        // an approver who took part in the case gets no decision form either
        Session anna = signIn("anna");
        assertThat(send("GET", "/console/appeals", anna, null).body()).doesNotContain("/decision\"")
                .contains("decided by someone who took no part in the case");
    }

    @Test
    void aSignInLinkWorksOnceAndOnlyAsIssued() throws Exception {
        String link = p.server.signInLink(p.t("rita"));
        assertThat(send("GET", link, null, null).body()).contains("This link signs you in as");
        assertThat(send("GET", link, null, null).statusCode()).as("looking at a link does not use it").isEqualTo(200);
        assertThat(send("POST", link, null, "").statusCode()).isEqualTo(302);
        assertThat(send("POST", link, null, "").statusCode()).isEqualTo(404);
        assertThat(send("GET", link, null, null).statusCode()).isEqualTo(404);
        String other = p.server.signInLink(p.t("anna"));
        assertThat(send("POST", other.substring(0, other.length() - 1) + (other.endsWith("A") ? "B" : "A"), null, "").statusCode())
                .isEqualTo(404);
        assertThat(send("GET", "/console/cases", new Session("veto_session=forged", null), null).headers().firstValue("Location"))
                .hasValue("/console/sign-in");
    }
}
