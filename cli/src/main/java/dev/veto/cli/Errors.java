package dev.veto.cli;

import dev.veto.cedar.authz.PolicySetException;
import dev.veto.cedar.entity.EntitiesException;
import dev.veto.cedar.json.JsonFormatException;
import dev.veto.cedar.parser.CedarSyntaxError;
import dev.veto.cedar.schema.SchemaException;
import picocli.CommandLine;

/**
 * Prints what went wrong for a user, without a stack trace. Bad input (a {@link UserError}, or
 * policies, schemas, entities or JSON that do not parse) exits 1; anything else is a defect and
 * says so (exit 3; {@code VETO_DEBUG=1} prints the stack trace).
 */
final class Errors implements CommandLine.IExecutionExceptionHandler {
    @Override
    public int handleExecutionException(Exception e, CommandLine cmd, CommandLine.ParseResult parsed) {
        if (e instanceof UserError || e instanceof CedarSyntaxError || e instanceof SchemaException
                || e instanceof JsonFormatException || e instanceof EntitiesException || e instanceof PolicySetException) {
            String msg = e.getMessage();
            cmd.getErr().println(e instanceof CedarSyntaxError ? "error: " + msg : "error: " + msg);
            return 1;
        }
        cmd.getErr().println("internal error: " + e);
        if (System.getenv("VETO_DEBUG") != null) {
            e.printStackTrace(cmd.getErr());
        } else {
            cmd.getErr().println("(this is a bug in veto; run again with VETO_DEBUG=1 for details)");
        }
        return 3;
    }
}
