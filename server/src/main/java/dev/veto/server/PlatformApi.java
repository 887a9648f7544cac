package dev.veto.server;

import static dev.veto.server.Authentication.actor;
import static dev.veto.server.Responses.committed;
import static dev.veto.server.Responses.json;

import dev.veto.control.Commands;
import dev.veto.control.ControlPlane;
import dev.veto.control.Inputs;
import dev.veto.control.IssuedToken;
import dev.veto.control.PlatformSchema;
import dev.veto.control.Queries;
import dev.veto.control.Rejection;
import dev.veto.server.http.Json;
import io.javalin.config.RoutesConfig;

/** Platform state: entities, the service catalog, principles, platform policies, the platform schema, tokens, the access policy. */
final class PlatformApi {
    private final Commands commands;
    private final Queries queries;

    PlatformApi(ControlPlane plane) {
        this.commands = plane.commands();
        this.queries = plane.queries();
    }

    void register(RoutesConfig r) {
        r.put("/v1/entities", ctx -> committed(ctx, commands.putEntities(actor(ctx), Json.tree(ctx.bodyAsBytes()))));
        r.delete("/v1/entities/{type}/{id}", ctx -> committed(ctx, commands.removeEntity(actor(ctx), ctx.pathParam("type"), ctx.pathParam("id"))));
        r.put("/v1/services/{service}", ctx -> committed(ctx, commands.putService(actor(ctx), ctx.pathParam("service"),
                Json.read(ctx.bodyAsBytes(), Inputs.PutService.class))));
        r.get("/v1/services", ctx -> json(ctx, queries.services(actor(ctx))));
        r.put("/v1/principles/{id}", ctx -> committed(ctx, commands.putPrinciple(actor(ctx), ctx.pathParam("id"),
                Json.read(ctx.bodyAsBytes(), Inputs.PutPrinciple.class))));
        r.get("/v1/principles", ctx -> json(ctx, queries.principles(actor(ctx))));
        r.put("/v1/policies/{id}", ctx -> Responses.validated(ctx, commands.putPolicy(actor(ctx), ctx.pathParam("id"), ctx.body())));
        r.delete("/v1/policies/{id}", ctx -> committed(ctx, commands.removePolicy(actor(ctx), ctx.pathParam("id"))));
        r.get("/v1/policies", ctx -> json(ctx, queries.policies(actor(ctx))));
        r.put("/v1/schema", ctx -> {
            boolean check = Params.oneOf(ctx, "requests", "checked", "unchecked").equals("checked");
            committed(ctx, commands.putSchema(actor(ctx), ctx.body(), check));
        });
        r.get("/v1/schema", ctx -> {
            boolean asJson = Params.oneOf(ctx, "format", "cedar", "json").equals("json");
            PlatformSchema schema = queries.schema(actor(ctx));
            if (asJson) {
                json(ctx, schema.json());
            } else {
                ctx.contentType("text/plain; charset=utf-8").result(schema.cedar());
            }
        });
        r.get("/v1/schema/extension", ctx -> {
            PlatformSchema.Extension e = queries.schema(actor(ctx)).extension();
            if (e == null) {
                throw Rejection.notFound("no extension of the platform schema has been put (PUT /v1/schema)");
            }
            ctx.contentType(e.format().equals("json") ? "application/json" : "text/plain; charset=utf-8").result(e.text());
        });
        r.get("/v1/access-policy", ctx -> ctx.contentType("text/plain; charset=utf-8").result(queries.accessPolicy()));
        r.post("/v1/tokens", ctx -> {
            IssuedToken t = commands.createToken(actor(ctx), Json.read(ctx.bodyAsBytes(), Inputs.CreateToken.class));
            ctx.status(201);
            json(ctx, t);
        });
        r.get("/v1/tokens", ctx -> json(ctx, java.util.Map.of("tokens", queries.tokens(actor(ctx)))));
        r.delete("/v1/tokens/{id}", ctx -> {
            byte[] body = ctx.bodyAsBytes();
            Inputs.RevokeToken in = body.length == 0 ? new Inputs.RevokeToken(null) : Json.read(body, Inputs.RevokeToken.class);
            committed(ctx, commands.revokeToken(actor(ctx), ctx.pathParam("id"), in));
        });
        r.get("/v1/roster", ctx -> json(ctx, queries.roster(actor(ctx))));
        r.post("/v1/roster/changes", ctx -> {
            Commands.RosterProposed p = commands.proposeRosterChange(actor(ctx), Json.read(ctx.bodyAsBytes(), Inputs.ProposeRosterChange.class));
            ctx.status(201);
            json(ctx, Responses.ordered("id", p.id(), "index", p.committed().firstIndex(), "revision", p.committed().revision()));
        });
        r.post("/v1/roster/changes/{id}/approvals", ctx -> {
            byte[] body = ctx.bodyAsBytes();
            Inputs.Approve in = body.length == 0 ? new Inputs.Approve(null) : Json.read(body, Inputs.Approve.class);
            committed(ctx, commands.approveRosterChange(actor(ctx), ctx.pathParam("id"), in));
        });
    }
}
