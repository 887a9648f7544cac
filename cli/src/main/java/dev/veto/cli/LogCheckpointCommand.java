package dev.veto.cli;

import dev.veto.ledger.Log;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code veto log checkpoint}: prints the latest signed checkpoint note exactly as served. */
@Command(name = "checkpoint", mixinStandardHelpOptions = true, description = "Print the latest signed checkpoint note exactly as served.")
final class LogCheckpointCommand implements Callable<Integer> {
    @Mixin
    LogDbOption db;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        try (Log log = LogAccess.openReadOnly(db.db)) {
            PrintWriter out = spec.commandLine().getOut();
            out.print(log.checkpoint().note());
            out.flush();
        }
        return 0;
    }
}
