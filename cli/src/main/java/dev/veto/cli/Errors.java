package dev.veto.cli;

import picocli.CommandLine;

/**
 * Prints what went wrong for a user, without a stack trace. A {@link UserError} is bad input
 * (exit 1); anything else is a defect and says so.
 */
final class Errors implements CommandLine.IExecutionExceptionHandler {
    @Override
    public int handleExecutionException(Exception e, CommandLine cmd, CommandLine.ParseResult parsed) {
        if (e instanceof UserError) {
            cmd.getErr().println("error: " + e.getMessage());
            return 1;
        }
        cmd.getErr().println("internal error: " + e);
        if (System.getenv("VETO_DEBUG") != null) {
            e.printStackTrace(cmd.getErr());
        }
        return 3;
    }
}
