package dev.veto.cli;

import dev.veto.ledger.fsck.Fsck;
import dev.veto.ledger.fsck.FsckReport;
import dev.veto.ledger.fsck.Problem;
import dev.veto.ledger.note.VerifierKey;
import dev.veto.ledger.store.Database;
import dev.veto.ledger.store.JdbcLogStore;
import dev.veto.ledger.store.LogStore;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code veto log verify}: a thin shell over {@link Fsck}. */
@Command(name = "verify", mixinStandardHelpOptions = true,
        description = "Recompute everything: every entry and tile, every stored checkpoint's signature, the consistency of each with the next. "
                + "Exit 0 only when all holds; otherwise name the first bad entry.")
final class LogVerifyCommand implements Callable<Integer> {
    @Mixin
    LogDbOption db;

    @Option(names = "--key", required = true, paramLabel = "VERIFIER_KEY", description = "The verifier key (name+hash+key) as printed by \"veto log init\", or a file holding it.")
    String key;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        VerifierKey verifier = LogAccess.verifier(key);
        Database d = LogAccess.call(() -> Database.parse(db.db));
        if (d.file().isPresent() && !Files.exists(d.file().get())) {
            throw new UserError("no log at \"" + d.display() + "\": the file does not exist; pass the --db given to \"veto log init\"");
        }
        FsckReport report;
        try (LogStore store = LogAccess.call(() -> JdbcLogStore.open(d))) {
            if (!store.exists()) {
                throw new UserError("no log in \"" + d.display() + "\"; pass the --db given to \"veto log init\"");
            }
            report = LogAccess.call(() -> Fsck.run(store, List.of(verifier), Fsck.Scope.ALL_CHECKPOINTS));
        }
        PrintWriter out = spec.commandLine().getOut();
        if (report.ok()) {
            out.println(report.summary());
            out.flush();
            return 0;
        }
        for (Problem p : report.problems()) {
            out.println("problem: " + p.message());
        }
        out.flush();
        throw new UserError("log in \"" + d.display() + "\" fails verification: " + report.problems().get(0).message());
    }
}
