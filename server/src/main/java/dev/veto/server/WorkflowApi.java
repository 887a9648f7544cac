package dev.veto.server;

import static dev.veto.server.Authentication.actor;
import static dev.veto.server.Responses.committed;
import static dev.veto.server.Responses.created;
import static dev.veto.server.Responses.json;

import dev.veto.control.Actor;
import dev.veto.control.Approval;
import dev.veto.control.Commands;
import dev.veto.control.Committed;
import dev.veto.control.ControlPlane;
import dev.veto.control.Event;
import dev.veto.control.Inputs;
import dev.veto.control.Permission;
import dev.veto.control.Proposed;
import dev.veto.control.Queries;
import dev.veto.control.Rejection;
import dev.veto.ledger.SignedCheckpoint;
import dev.veto.server.http.Json;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The governance workflow: cases, evidence, findings, proposals and approvals, enforcements,
 * notices and statements of reasons, appeals and their decisions, closing, the transparency report.
 */
final class WorkflowApi {
    private final ControlPlane plane;
    private final Commands commands;
    private final Queries queries;

    WorkflowApi(ControlPlane plane) {
        this.plane = plane;
        this.commands = plane.commands();
        this.queries = plane.queries();
    }

    void register(RoutesConfig r) {
        r.post("/v1/cases", this::openCase);
        r.get("/v1/cases", ctx -> json(ctx, Map.of("cases", queries.visibleCases(actor(ctx)))));
        r.get("/v1/cases/{id}", ctx -> json(ctx, queries.caseView(actor(ctx), ctx.pathParam("id"))));
        // a reviewer takes a case to work it: a named one, or the oldest open one nobody has taken
        r.post("/v1/cases/{id}/assignee", ctx -> taken(ctx, commands.take(actor(ctx), ctx.pathParam("id"))));
        r.post("/v1/queue/next", ctx -> taken(ctx, commands.take(actor(ctx), null)));
        r.post("/v1/cases/{id}/evidence", ctx -> created(ctx, commands.addEvidence(actor(ctx), ctx.pathParam("id"),
                Json.read(ctx.bodyAsBytes(), Inputs.AddEvidence.class))));
        r.post("/v1/cases/{id}/findings", ctx -> created(ctx, commands.recordFinding(actor(ctx), ctx.pathParam("id"),
                Json.read(ctx.bodyAsBytes(), Inputs.RecordFinding.class))));
        r.post("/v1/cases/{id}/proposals", this::propose);
        r.get("/v1/proposals/{id}", ctx -> json(ctx, queries.proposal(actor(ctx), ctx.pathParam("id"))));
        r.post("/v1/proposals/{id}/approvals", this::approve);
        r.get("/v1/enforcements/{id}", ctx -> json(ctx, queries.enforcement(actor(ctx), ctx.pathParam("id"))));
        r.get("/v1/notices/{id}", ctx -> json(ctx, queries.notice(actor(ctx), ctx.pathParam("id"))));
        r.get("/v1/notices/{id}/statement-of-reasons", ctx -> json(ctx, queries.statementOfReasons(actor(ctx), ctx.pathParam("id"))));
        r.post("/v1/cases/{id}/appeals", ctx -> created(ctx, commands.fileAppeal(actor(ctx), ctx.pathParam("id"),
                Json.read(ctx.bodyAsBytes(), Inputs.FileAppeal.class))));
        r.post("/v1/appeals/{id}/decision", ctx -> committed(ctx, commands.decideAppeal(actor(ctx), ctx.pathParam("id"),
                Json.read(ctx.bodyAsBytes(), Inputs.DecideAppeal.class))));
        r.post("/v1/cases/{id}/close", ctx -> committed(ctx, commands.closeCase(actor(ctx), ctx.pathParam("id"),
                Json.read(ctx.bodyAsBytes(), Inputs.CloseCase.class))));
        r.post("/v1/cases/{id}/releases", ctx -> committed(ctx, commands.release(actor(ctx), ctx.pathParam("id"),
                Json.read(ctx.bodyAsBytes(), Inputs.Release.class))));
        // Public: computed from the log's public envelopes, so anyone can check it against the tiles.
        r.get("/v1/transparency/report", ctx -> ctx.contentType("application/json")
                .result(dev.veto.control.TransparencyReport.json(queries.transparencyReport(checkpoint(ctx)))));
    }

    private void openCase(Context ctx) {
        Actor a = actor(ctx);
        Committed c = commands.openCase(a, Json.read(ctx.bodyAsBytes(), Inputs.OpenCase.class));
        String id = c.first(Event.CaseOpened.class).id();
        Map<String, Object> m = Responses.fields(queries.caseView(a, id));
        m.put("index", c.firstIndex());
        m.put("revision", c.revision());
        ctx.status(201);
        json(ctx, m);
    }

    private void taken(Context ctx, Commands.Taken t) {
        json(ctx, Responses.ordered("case", t.caseId(), "assignee", actor(ctx).subject(), "index", t.committed().firstIndex(),
                "revision", t.committed().revision()));
    }

    private void propose(Context ctx) {
        Actor a = actor(ctx);
        Proposed p = commands.propose(a, ctx.pathParam("id"), Json.read(ctx.bodyAsBytes(), Inputs.Propose.class));
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", p.id());
        m.put("index", p.committed().firstIndex());
        m.put("revision", p.committed().revision());
        m.put("impact", p.impact());
        m.put("proposal", queries.proposal(a, p.id()));
        ctx.status(201);
        json(ctx, m);
    }

    private void approve(Context ctx) {
        Actor a = actor(ctx);
        byte[] body = ctx.bodyAsBytes();
        Inputs.Approve in = body.length == 0 ? new Inputs.Approve(null) : Json.read(body, Inputs.Approve.class);
        Approval approval = commands.approve(a, ctx.pathParam("id"), in);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("status", approval.status());
        m.put("approvals", approval.approvals());
        m.put("index", approval.committed().firstIndex());
        m.put("revision", approval.committed().revision());
        if (approval.enforcementId() != null) {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("id", approval.enforcementId());
            e.put("revision", approval.enforcementRevision());
            e.put("notice", approval.noticeId());
            e.put("policies", approval.policies());
            m.put("enforcement", e);
        }
        json(ctx, m);
    }

    /** The checkpoint {@code ?size=} names, else the latest. */
    private SignedCheckpoint checkpoint(Context ctx) {
        if (ctx.queryParam("size") == null) {
            return plane.events().log().checkpoint();
        }
        long s = Params.longQuery(ctx, "size");
        return plane.events().log().checkpoint(s).orElseThrow(() -> Rejection.notFound("no signed checkpoint of size " + s + " exists; omit `size` for the latest"));
    }
}
