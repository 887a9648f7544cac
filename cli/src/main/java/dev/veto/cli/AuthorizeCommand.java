package dev.veto.cli;

import dev.veto.cedar.json.JsonPath;
import dev.veto.cedar.ast.Request;
import dev.veto.cedar.authz.Authorizer;
import dev.veto.cedar.authz.PolicyError;
import dev.veto.cedar.authz.PolicySet;
import dev.veto.cedar.authz.Response;
import dev.veto.cedar.entity.Entities;
import dev.veto.cedar.json.CedarJson;
import dev.veto.cedar.parser.CedarSyntaxError;
import dev.veto.cedar.parser.PolicyParser;
import dev.veto.cedar.schema.Schema;
import dev.veto.cedar.value.EntityUid;
import dev.veto.cedar.value.RecordValue;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code veto authorize}: one decision from policy and entity files. */
@Command(
        name = "authorize",
        mixinStandardHelpOptions = true,
        description = {
            "Decides one request against Cedar policies and entities.",
            "Prints ALLOW or DENY, then the determining policies and any policy errors.",
            "Exit code: 0 allow, 2 deny, 1 bad input."
        })
final class AuthorizeCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--policies", required = true, paramLabel = "FILE",
            description = "Cedar policies; a policy's @id(\"…\") names it, else policyN by position.")
    Path policies;

    @Option(names = "--entities", required = true, paramLabel = "FILE", description = "Entities JSON (an array).")
    Path entities;

    @Option(names = "--schema", paramLabel = "FILE",
            description = "Schema (.cedarschema, or JSON when it ends in .json) for schema-based parsing of entities and context.")
    Path schema;

    @ArgGroup(exclusive = true, multiplicity = "1")
    RequestSource request;

    static final class RequestSource {
        @Option(names = "--request-json", paramLabel = "FILE",
                description = "The request as JSON: {\"principal\", \"action\", \"resource\", \"context\"}.")
        Path json;

        @ArgGroup(exclusive = false)
        Parts parts;
    }

    static final class Parts {
        @Option(names = "--principal", required = true, paramLabel = "T::\"id\"", description = "e.g. User::\"alice\"")
        String principal;

        @Option(names = "--action", required = true, paramLabel = "T::\"id\"", description = "e.g. Action::\"view\"")
        String action;

        @Option(names = "--resource", required = true, paramLabel = "T::\"id\"", description = "e.g. Photo::\"a.jpg\"")
        String resource;

        @Option(names = "--context", paramLabel = "FILE", description = "Context as a JSON object.")
        Path context;
    }

    @Override
    public Integer call() {
        Schema s = schema == null ? null : Inputs.schema(schema);
        PolicySet set = PolicySet.parseWithIds(Inputs.read(policies, "policies"), policies.toString());
        Entities es = Entities.of(CedarJson.parseEntities(Inputs.read(entities, "entities"), entities.toString(), s));
        Request req;
        if (request.json != null) {
            req = CedarJson.parseRequest(CedarJson.readTree(Inputs.read(request.json, "request"), request.json.toString()),
                    new JsonPath(request.json.toString()), s);
        } else {
            EntityUid p = uid("--principal", request.parts.principal);
            EntityUid a = uid("--action", request.parts.action);
            EntityUid r = uid("--resource", request.parts.resource);
            RecordValue ctx = RecordValue.EMPTY;
            if (request.parts.context != null) {
                Path cf = request.parts.context;
                ctx = CedarJson.parseContext(CedarJson.readTree(Inputs.read(cf, "context"), cf.toString()),
                        new JsonPath(cf.toString()), s, a);
            }
            req = new Request(p, a, r, ctx);
        }
        Response resp = Authorizer.isAuthorized(req, set, es);
        print(resp, spec.commandLine().getOut());
        return resp.isAllowed() ? 0 : 2;
    }

    private static EntityUid uid(String option, String text) {
        try {
            return PolicyParser.parseEntityUid(text, option);
        } catch (CedarSyntaxError e) {
            throw new UserError("invalid " + option + " `" + text + "`: " + e.problem()
                    + " (write it as Type::\"id\", quoted for the shell: " + option + " 'User::\"alice\"')");
        }
    }

    static void print(Response resp, PrintWriter out) {
        out.println(resp.isAllowed() ? "ALLOW" : "DENY");
        if (resp.reasons().isEmpty()) {
            out.println(resp.isAllowed() ? "" : "reasons: none (no policy permits this request)");
        } else {
            out.println("reasons:");
            for (PolicySet.Entry e : resp.reasons()) {
                StringBuilder b = new StringBuilder("  ").append(e.id()).append(" (").append(e.policy().effect().keyword()).append(')');
                for (Map.Entry<String, String> a : e.policy().annotations().entrySet()) {
                    if (!a.getKey().equals("id")) {
                        b.append(' ').append(a.getKey()).append('=').append(a.getValue());
                    }
                }
                out.println(b);
            }
        }
        if (!resp.errors().isEmpty()) {
            out.println("errors:");
            for (PolicyError e : resp.errors()) {
                out.println("  " + e.policyId() + ": " + e.message());
            }
        }
        out.flush();
    }
}
