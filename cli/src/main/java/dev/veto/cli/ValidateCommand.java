package dev.veto.cli;

import dev.veto.cedar.ast.SourcePosition;
import dev.veto.cedar.authz.PolicySet;
import dev.veto.cedar.parser.CedarSyntaxError;
import dev.veto.cedar.schema.Schema;
import dev.veto.cedar.validation.ValidationIssue;
import dev.veto.cedar.validation.ValidationResult;
import dev.veto.cedar.validation.Validator;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/** {@code veto validate}: Cedar's strict validation of a policy file against a schema. */
@Command(
        name = "validate",
        mixinStandardHelpOptions = true,
        description = {
            "Validates Cedar policies against a schema in strict mode, as Cedar's validator does.",
            "Prints each problem as FILE:LINE:COL: error: MESSAGE [POLICY-ID], then a count.",
            "Exit code: 0 valid, 3 invalid, 1 bad input (a file missing, or a schema or policy that does not parse)."
        })
final class ValidateCommand implements Callable<Integer> {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Spec
    CommandSpec spec;

    @Option(names = "--schema", required = true, paramLabel = "FILE",
            description = "The schema: .cedarschema or .json, else told apart by its content.")
    Path schema;

    @Option(names = "--policies", required = true, paramLabel = "FILE",
            description = "Cedar policies; a policy's @id(\"…\") names it, else policyN by position.")
    Path policies;

    @Option(names = "--json", description = "Print one JSON object: valid, errors and warnings (policy, line, column, kind, message, help).")
    boolean json;

    @Override
    public Integer call() {
        Schema s = Inputs.schema(schema);
        String text = Inputs.read(policies, "policies");
        PolicySet set;
        try {
            set = PolicySet.parseWithIds(text, policies.toString());
        } catch (CedarSyntaxError e) {
            throw new UserError(e.sourceName() + ":" + e.line() + ":" + e.column() + ": " + e.problem());
        }
        ValidationResult result = Validator.forSchema(s).validate(set);
        List<ValidationIssue> issues = new ArrayList<>(result.errors());
        issues.addAll(result.warnings());
        issues.sort(Comparator.comparingInt(i -> i.loc().start()));
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(JSON.writeValueAsString(json(result, text)));
        } else {
            for (ValidationIssue i : issues) {
                SourcePosition at = i.position(text);
                out.println(policies + ":" + at.line() + ":" + at.column() + ": " + (i.kind().isError() ? "error" : "warning")
                        + ": " + i.message() + " [" + i.policyId() + "]");
                if (i.help() != null) {
                    out.println("    help: " + i.help());
                }
            }
            out.println(count(result.errors().size(), "error") + ", " + count(result.warnings().size(), "warning")
                    + " in " + count(set.size() + set.templates().size(), "policy"));
        }
        out.flush();
        return result.passed() ? 0 : 3;
    }

    private static String count(int n, String what) {
        return n + " " + (n == 1 ? what : what.equals("policy") ? "policies" : what + "s");
    }

    private static ObjectNode json(ValidationResult result, String text) {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.put("valid", result.passed());
        o.set("errors", issues(result.errors(), text));
        o.set("warnings", issues(result.warnings(), text));
        return o;
    }

    private static ArrayNode issues(List<ValidationIssue> issues, String text) {
        ArrayNode a = JsonNodeFactory.instance.arrayNode();
        for (ValidationIssue i : issues) {
            SourcePosition at = i.position(text);
            ObjectNode o = a.addObject();
            o.put("policy", i.policyId());
            o.put("line", at.line());
            o.put("column", at.column());
            o.put("kind", i.kind().name().toLowerCase(Locale.ROOT));
            o.put("message", i.message());
            if (i.help() != null) {
                o.put("help", i.help());
            }
        }
        return a;
    }
}
