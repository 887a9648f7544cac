package dev.veto.server.console;

import dev.veto.control.Actor;
import dev.veto.control.Commands;
import dev.veto.control.Committed;
import dev.veto.control.ControlPlane;
import dev.veto.control.Event;
import dev.veto.control.Inputs;
import dev.veto.control.Permission;
import dev.veto.control.Proposed;
import dev.veto.control.Queries;
import dev.veto.control.Rejection;
import dev.veto.control.Role;
import dev.veto.control.Views;
import dev.veto.server.http.HttpErrors;
import dev.veto.server.identity.Identities;
import gg.jte.ContentType;
import gg.jte.TemplateEngine;
import gg.jte.output.StringOutput;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The console: server-rendered pages for reviewers, approvers, customers, admins and the public.
 * Every page reads through the same {@link Queries} and writes through the same {@link Commands}
 * as the JSON API, as the signed-in person, so it never shows or does more than that person may.
 * Forms post with the session's CSRF token in a hidden field; a refused form writes nothing and
 * shows its page again with the refusal. Pages read without JavaScript; htmx refreshes the live
 * parts (propagation) and Chart.js draws the charts.
 */
public final class Console {
    static final int PAGE_SIZE = 50;

    private final ControlPlane plane;
    private final Queries queries;
    private final Commands commands;
    private final Identities identities;
    private final TemplateEngine templates = TemplateEngine.createPrecompiled(null, ContentType.Html, null,
            "dev.veto.server.console.templates");

    public Console(ControlPlane plane, Identities identities) {
        this.plane = plane;
        this.queries = plane.queries();
        this.commands = plane.commands();
        this.identities = identities;
    }

    /** A page for a signed-in person. */
    @FunctionalInterface
    interface PageHandler {
        void handle(Context ctx, Identities.Browser who) throws Exception;
    }

    /** A form's work: what it writes, and where the browser goes next. */
    @FunctionalInterface
    interface FormHandler {
        String handle(Context ctx, Actor actor) throws Exception;
    }

    public void register(RoutesConfig r) {
        r.get("/", ctx -> ctx.redirect("/console"));
        r.get("/console", ctx -> {
            Identities.Browser b = browserOrNull(ctx);
            ctx.redirect(b == null ? "/console/sign-in" : b.actor().isCustomer() ? "/console/portal" : "/console/cases");
        });
        r.get("/console/sign-in", ctx -> render(ctx, "signin.jte", Map.of("page", Page.of("Sign in", null, null, ctx, plane.clock().instant()),
                "provider", identities.providerSignIn())));
        r.get("/login/once/{secret}", ctx -> {
            Actor holder = identities.linkHolder(ctx.pathParam("secret"));
            if (holder == null) {
                error(ctx, 404, "This sign-in link was used already, has expired, or never existed. Ask for a new one.");
                return;
            }
            render(ctx, "link.jte", Map.of("page", Page.of("Sign in", null, null, ctx, plane.clock().instant()), "holder", holder, "action", ctx.path()));
        });
        r.post("/login/once/{secret}", ctx -> {
            if (!identities.signInWithLink(ctx, ctx.pathParam("secret"))) {
                error(ctx, 404, "This sign-in link was used already, has expired, or never existed. Ask for a new one.");
                return;
            }
            ctx.redirect("/console");
        });
        r.post("/console/sign-out", form((ctx, a) -> {
            identities.signOut(ctx);
            return "/console/sign-in";
        }, null));

        r.get("/console/cases", page(this::queue));
        r.post("/console/cases", form((ctx, a) -> {
            Committed c = commands.openCase(a, new Inputs.OpenCase(new Event.Ref(required(ctx, "subjectType"), required(ctx, "subjectId")),
                    required(ctx, "principle"), required(ctx, "summary")));
            return "/console/cases/" + c.first(Event.CaseOpened.class).id();
        }, this::queue));
        r.post("/console/queue/next", form((ctx, a) -> "/console/cases/" + commands.take(a, null).caseId(), this::queue));
        r.get("/console/cases/{id}", page(this::casePage));
        r.post("/console/cases/{id}/assignee", form((ctx, a) -> "/console/cases/" + commands.take(a, ctx.pathParam("id")).caseId(),
                this::casePage));
        r.post("/console/cases/{id}/evidence", form((ctx, a) -> {
            String id = ctx.pathParam("id");
            commands.addEvidence(a, id, new Inputs.AddEvidence(required(ctx, "kind"), required(ctx, "source"), required(ctx, "description"),
                    required(ctx, "sha256"), instant(ctx, "collectedAt"), ctx.formParam("customerContentAccessed") != null));
            return "/console/cases/" + id + "#evidence";
        }, this::casePage));
        r.post("/console/cases/{id}/findings", form((ctx, a) -> {
            String id = ctx.pathParam("id");
            commands.recordFinding(a, id, new Inputs.RecordFinding(required(ctx, "principle"), required(ctx, "statement"),
                    ctx.formParams("evidence")));
            return "/console/cases/" + id + "#findings";
        }, this::casePage));
        r.post("/console/cases/{id}/proposals", form((ctx, a) -> {
            String id = ctx.pathParam("id");
            Proposed p = commands.propose(a, id, new Inputs.Propose(new Event.Ref(required(ctx, "scopeType"), required(ctx, "scopeId")),
                    ctx.formParams("services"), null, integer(ctx, "exportWindowDays"), null, blankToNull(ctx.formParam("legalGround")),
                    required(ctx, "contractualGround"), required(ctx, "explanation"), countries(ctx.formParam("territorialScope")),
                    ctx.formParam("shadow") != null));
            return "/console/proposals/" + p.id();
        }, this::casePage));
        r.post("/console/cases/{id}/close", form((ctx, a) -> {
            String id = ctx.pathParam("id");
            commands.closeCase(a, id, new Inputs.CloseCase(required(ctx, "reason")));
            return "/console/cases/" + id;
        }, this::casePage));

        r.get("/console/proposals/{id}", page(this::proposalPage));
        r.post("/console/proposals/{id}/approvals", form((ctx, a) -> {
            String id = ctx.pathParam("id");
            commands.approve(a, id, new Inputs.Approve(required(ctx, "comment")));
            return "/console/proposals/" + id;
        }, this::proposalPage));

        r.get("/console/enforcements/{id}", page(this::enforcementPage));
        r.get("/console/enforcements/{id}/propagation", page((ctx, b) -> render(ctx, "propagation.jte",
                Map.of("report", plane.propagation(b.actor(), ctx.pathParam("id"))))));

        r.get("/console/portal", page(this::portal));
        r.get("/console/notices/{id}", page(this::noticePage));
        r.post("/console/notices/{id}/appeal", form((ctx, a) -> {
            Views.NoticeView n = queries.notice(a, ctx.pathParam("id"));
            commands.fileAppeal(a, n.caseId(), new Inputs.FileAppeal(required(ctx, "statement"), n.id()));
            return "/console/notices/" + n.id() + "#appeal";
        }, this::noticePage));

        r.get("/console/appeals", page(this::appealsPage));
        r.post("/console/appeals/{id}/decision", form((ctx, a) -> {
            commands.decideAppeal(a, ctx.pathParam("id"), new Inputs.DecideAppeal(required(ctx, "outcome"), required(ctx, "reasoning")));
            return "/console/appeals";
        }, this::appealsPage));

        r.get("/console/platform", page(this::platformPage));
        r.post("/console/roster/changes/{id}/approvals", form((ctx, a) -> {
            commands.approveRosterChange(a, ctx.pathParam("id"), new Inputs.Approve(required(ctx, "comment")));
            return "/console/platform#roster";
        }, this::platformPage));
        r.post("/console/policies", form((ctx, a) -> {
            commands.putPolicy(a, required(ctx, "id"), required(ctx, "text"));
            return "/console/platform#policies";
        }, this::platformPage));

        r.get("/transparency", ctx -> {
            dev.veto.ledger.SignedCheckpoint cp = plane.events().log().checkpoint();
            long index = Math.max(0, cp.size() - 1);
            String asked = ctx.queryParam("index");
            if (asked != null) {
                try {
                    index = Math.max(0, Math.min(index, Long.parseLong(asked)));
                } catch (NumberFormatException ignored) {
                    // not a number: the latest entry
                }
            }
            Identities.Browser b = browserOrNull(ctx);
            render(ctx, "transparency.jte", Map.of("page", Page.of("Transparency", b == null ? null : b.actor(), b == null ? null : b.csrf(), ctx,
                    plane.clock().instant()), "report", new PublicReport(queries.transparencyReport(cp),
                    queries.enforcementsByMonth(cp.size()), plane.events().log().verifierKey().toString(), index)));
        });
    }

    // ---- pages ----

    private void queue(Context ctx, Identities.Browser b) {
        Actor a = b.actor();
        if (a.isCustomer()) {
            ctx.redirect("/console/portal");
            return;
        }
        List<Views.CaseSummary> all = queries.caseSummaries(a);
        Queue q = Queue.of(all, ctx.queryParam("status"), ctx.queryParam("q"), "me".equals(ctx.queryParam("assignee")) ? a.subject() : null,
                ctx.queryParam("page"), PAGE_SIZE);
        Map<String, Object> m = model(ctx, b, "Case queue");
        m.put("queue", q);
        m.put("mayOpen", queries.may(a, Permission.CASE_OPEN));
        m.put("principles", queries.may(a, Permission.PLATFORM_READ) ? queries.principles(a).keySet() : List.of());
        render(ctx, "queue.jte", m);
    }

    private void casePage(Context ctx, Identities.Browser b) {
        Actor a = b.actor();
        Views.CaseView c = queries.caseView(a, ctx.pathParam("id"));
        Map<String, Object> m = model(ctx, b, "Case " + c.id());
        m.put("c", c);
        m.put("mayWork", queries.may(a, Permission.EVIDENCE_ADD) && c.status() == dev.veto.control.CaseStatus.OPEN);
        m.put("mayClose", queries.may(a, Permission.CASE_CLOSE) && c.status() != dev.veto.control.CaseStatus.CLOSED);
        m.put("services", queries.may(a, Permission.PLATFORM_READ) ? queries.services(a).keySet() : List.of());
        m.put("hierarchy", hierarchy(c.subject()));
        render(ctx, "case.jte", m);
    }

    private void proposalPage(Context ctx, Identities.Browser b) {
        Actor a = b.actor();
        Views.ProposalView p = queries.proposal(a, ctx.pathParam("id"));
        Map<String, Object> m = model(ctx, b, "Proposal " + p.id());
        m.put("p", p);
        m.put("whyNot", commands.whyNotApprove(a, p.id()));
        boolean pending = !a.isCustomer() && p.status() == dev.veto.control.ProposalStatus.PENDING;
        m.put("impact", pending ? queries.impact(a, p.id(), plane.clock().instant()) : null);
        m.put("notice", pending ? queries.noticePreview(a, p.id(), plane.clock().instant()) : null);
        render(ctx, "proposal.jte", m);
    }

    private void enforcementPage(Context ctx, Identities.Browser b) {
        Actor a = b.actor();
        Views.EnforcementView e = queries.enforcement(a, ctx.pathParam("id"));
        Map<String, Object> m = model(ctx, b, "Enforcement " + e.id());
        m.put("e", e);
        m.put("report", a.isCustomer() ? null : plane.propagation(a, e.id()));
        render(ctx, "enforcement.jte", m);
    }

    private void portal(Context ctx, Identities.Browser b) {
        Actor a = b.actor();
        List<Views.NoticeView> notices = new ArrayList<>();
        List<Views.CaseSummary> cases = queries.caseSummaries(a);
        for (Views.CaseSummary s : cases) {
            for (String n : queries.caseView(a, s.id()).notices()) {
                notices.add(queries.notice(a, n));
            }
        }
        Map<String, Object> m = model(ctx, b, a.isCustomer() ? "Notices to " + a.org() : "Notices");
        m.put("cases", cases);
        m.put("notices", notices);
        render(ctx, "portal.jte", m);
    }

    private void noticePage(Context ctx, Identities.Browser b) {
        Actor a = b.actor();
        Views.NoticeView n = queries.notice(a, ctx.pathParam("id"));
        Views.CaseView c = queries.caseView(a, n.caseId());
        Instant windowEnds = null;
        for (Views.ProposalView p : c.proposals()) {
            if (n.enforcement() != null && n.enforcement().equals(p.enforcement())) {
                windowEnds = p.exportWindowEndsAt();
            }
        }
        Map<String, Object> m = model(ctx, b, "Notice " + n.id());
        m.put("n", n);
        m.put("appeals", c.appeals().stream().filter(x -> n.id().equals(x.notice())).toList());
        m.put("windowEnds", windowEnds);
        m.put("whyNotAppeal", a.isCustomer() ? commands.whyNotAppeal(a, n.caseId(), n.id()) : "only the customer appeals its notice");
        render(ctx, "notice.jte", m);
    }

    private void appealsPage(Context ctx, Identities.Browser b) {
        Actor a = b.actor();
        // waiting ones first (oldest first), then the decided (newest first); pages of PAGE_SIZE
        List<Views.AppealView> all = new ArrayList<>(queries.appeals(a));
        List<Views.AppealView> decided = new ArrayList<>(all.stream().filter(x -> x.outcome() != null).toList());
        java.util.Collections.reverse(decided);
        all.removeIf(x -> x.outcome() != null);
        all.addAll(decided);
        int pages = Math.max(1, (all.size() + PAGE_SIZE - 1) / PAGE_SIZE);
        int pageNo = 1;
        try {
            pageNo = Math.max(1, Math.min(pages, Integer.parseInt(String.valueOf(ctx.queryParam("page")))));
        } catch (NumberFormatException ignored) {
            // no page, or not a number: the first
        }
        List<Views.AppealView> appeals = all.subList((pageNo - 1) * PAGE_SIZE, Math.min(all.size(), pageNo * PAGE_SIZE));
        Map<String, String> whyNot = new LinkedHashMap<>();
        for (Views.AppealView x : appeals) {
            if (x.outcome() == null) {
                String why = commands.whyNotDecideAppeal(a, x.id());
                whyNot.put(x.id(), why == null ? "" : why);
            }
        }
        Map<String, Object> m = model(ctx, b, "Appeals");
        m.put("appeals", appeals);
        m.put("whyNot", whyNot);
        m.put("pageNo", pageNo);
        m.put("pages", pages);
        m.put("waiting", (int) all.stream().filter(x -> x.outcome() == null).count());
        render(ctx, "appeals.jte", m);
    }

    private void platformPage(Context ctx, Identities.Browser b) {
        Actor a = b.actor();
        queries.require(a, Permission.PLATFORM_READ);
        Map<String, Object> m = model(ctx, b, "Platform");
        m.put("services", queries.services(a));
        m.put("principles", queries.principles(a));
        m.put("policies", queries.policies(a));
        m.put("tokens", queries.tokens(a));
        Views.RosterView roster = queries.roster(a);
        m.put("roster", roster);
        Map<String, String> rosterWhyNot = new LinkedHashMap<>();
        for (Views.RosterChangeView c : roster.changes()) {
            if (c.appliedAt() == null) {
                String why = commands.whyNotApproveRosterChange(a, c.id());
                rosterWhyNot.put(c.id(), why == null ? "" : why);
            }
        }
        m.put("rosterWhyNot", rosterWhyNot);
        m.put("mayWrite", queries.may(a, Permission.PLATFORM_WRITE));
        m.put("draftId", ctx.formParam("id") == null ? "" : ctx.formParam("id"));
        m.put("draftText", ctx.formParam("text") == null ? "" : ctx.formParam("text"));
        render(ctx, "platform.jte", m);
    }

    /** Where an entity sits: its parents upwards, nearest first (the first parent at each step). */
    private List<String> hierarchy(Event.Ref ref) {
        dev.veto.engine.Snapshot snap = plane.decisions().snapshot();
        List<String> out = new ArrayList<>();
        dev.veto.cedar.entity.Entity e = snap.get(dev.veto.cedar.value.EntityUid.of(ref.type(), ref.id()));
        while (e != null && !e.parents().isEmpty() && out.size() < 16) {
            dev.veto.cedar.value.EntityUid p = e.parents().iterator().next();
            out.add(p.toString());
            e = snap.get(p);
        }
        return out;
    }

    // ---- plumbing ----

    private Map<String, Object> model(Context ctx, Identities.Browser b, String title) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("page", Page.of(title, b.actor(), b.csrf(), ctx, plane.clock().instant()));
        return m;
    }

    private Identities.Browser browserOrNull(Context ctx) {
        try {
            return identities.browser(ctx);
        } catch (Rejection e) {
            return null;
        }
    }

    /** A page for signed-in people: without a session, the sign-in page; a refusal, an error page with its status. */
    private io.javalin.http.Handler page(PageHandler h) {
        return ctx -> withBrowser(ctx, b -> {
            if (b == null) {
                if (ctx.header("HX-Request") != null) {
                    // a live part refreshing itself: htmx leaves the page as it is on a 4xx
                    ctx.status(401).result("signed out");
                } else {
                    ctx.redirect("/console/sign-in");
                }
                return;
            }
            try {
                h.handle(ctx, b);
            } catch (Rejection e) {
                error(ctx, HttpErrors.status(e.kind()), e.getMessage());
            }
        });
    }

    /** What a handler does with the browser signed in on the request, or with null when none is. */
    @FunctionalInterface
    private interface WithBrowser {
        void handle(Identities.Browser b) throws Exception;
    }

    /**
     * Runs {@code then} with the request's signed-in browser (null without a session); a session
     * whose person may no longer sign in (no role left) gets the refusal's error page instead.
     */
    private void withBrowser(Context ctx, WithBrowser then) throws Exception {
        Identities.Browser b;
        try {
            b = identities.browser(ctx);
        } catch (Rejection e) {
            error(ctx, HttpErrors.status(e.kind()), e.getMessage());
            return;
        }
        then.handle(b);
    }

    /**
     * A form: only from a signed-in browser with its session's CSRF token (else 401 or 403, and
     * nothing written); on success a redirect (post, redirect, get); on a refusal the form's page
     * again with the refusal at the top and the refusal's status.
     */
    private io.javalin.http.Handler form(FormHandler h, PageHandler back) {
        return ctx -> withBrowser(ctx, b -> {
            if (b == null) {
                error(ctx, 401, "Sign in first: your session has ended or you never signed in.");
                return;
            }
            if (!Identities.csrfMatches(b, ctx.formParam(Identities.CSRF_FIELD))) {
                error(ctx, 403, "This form was not sent from this session's page (its CSRF token is missing or wrong). "
                        + "Open the page again and resend it.");
                return;
            }
            String next;
            try {
                next = h.handle(ctx, b.actor());
            } catch (Rejection e) {
                int status = HttpErrors.status(e.kind());
                if (back == null) {
                    error(ctx, status, e.getMessage());
                    return;
                }
                ctx.attribute(Page.ERROR, (e.field() == null ? "" : "`" + e.field() + "`: ") + e.getMessage());
                ctx.status(status);
                try {
                    back.handle(ctx, b);
                } catch (Rejection again) {
                    error(ctx, status, e.getMessage());
                }
                return;
            }
            ctx.redirect(next, io.javalin.http.HttpStatus.SEE_OTHER);
        });
    }

    private void error(Context ctx, int status, String message) {
        ctx.status(status);
        Identities.Browser b = browserOrNull(ctx);
        render(ctx, "error.jte", Map.of("page", Page.of("Error " + status, b == null ? null : b.actor(), b == null ? null : b.csrf(), ctx, plane.clock().instant()),
                "status", status, "message", message));
    }

    void render(Context ctx, String template, Map<String, Object> model) {
        StringOutput out = new StringOutput(8192);
        templates.render(template, model, out);
        ctx.header("Content-Security-Policy", "default-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'");
        ctx.header("X-Content-Type-Options", "nosniff");
        ctx.header("Referrer-Policy", "same-origin");
        ctx.contentType("text/html; charset=utf-8").result(out.toString());
    }

    private static String required(Context ctx, String field) {
        String v = ctx.formParam(field);
        if (v == null || v.isBlank()) {
            throw Rejection.invalid(field, "`" + field + "` is required");
        }
        return v.strip();
    }

    private static String blankToNull(String v) {
        return v == null || v.isBlank() ? null : v.strip();
    }

    /** Country codes as a person types them ("DE, FR"), or null for none. */
    private static List<String> countries(String v) {
        if (v == null || v.isBlank()) {
            return null;
        }
        List<String> out = new ArrayList<>();
        for (String c : v.split("[,\\s]+")) {
            if (!c.isBlank()) {
                out.add(c.strip().toUpperCase(Locale.ROOT));
            }
        }
        return out;
    }

    private static Integer integer(Context ctx, String field) {
        String v = blankToNull(ctx.formParam(field));
        if (v == null) {
            return null;
        }
        try {
            return Integer.valueOf(v);
        } catch (NumberFormatException e) {
            throw Rejection.invalid(field, "`" + field + "` must be a whole number, got \"" + v + "\"");
        }
    }

    private static Instant instant(Context ctx, String field) {
        String v = required(ctx, field);
        try {
            // a browser's datetime-local input sends "2026-12-01T10:30" (no zone): read as UTC
            return v.length() == 16 ? Instant.parse(v + ":00Z") : Instant.parse(v);
        } catch (DateTimeParseException e) {
            throw Rejection.invalid(field, "`" + field + "` must be a time such as 2026-12-01T10:30 (UTC), got \"" + v + "\"");
        }
    }

    /** The roles of an actor, in a person's words. */
    static String roles(Actor a) {
        List<String> out = new ArrayList<>();
        for (Role r : a.roles()) {
            out.add(r.name().toLowerCase(Locale.ROOT));
        }
        out.sort(null);
        return String.join(", ", out);
    }
}
