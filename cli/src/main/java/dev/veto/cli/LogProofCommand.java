package dev.veto.cli;

import dev.veto.ledger.Log;
import java.io.PrintWriter;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code veto log proof}: inclusion and consistency proofs, one base64 hash a line, RFC 9162 order. */
@Command(name = "proof", mixinStandardHelpOptions = true, description = "Print a proof: one base64 hash a line, in RFC 9162 order.",
        subcommands = {LogProofCommand.Inclusion.class, LogProofCommand.Consistency.class})
final class LogProofCommand {
    @Command(name = "inclusion", mixinStandardHelpOptions = true, description = "Prove entry --index is in the tree of --size entries.")
    static final class Inclusion implements Callable<Integer> {
        @Mixin
        LogDbOption db;

        @Option(names = "--index", required = true, paramLabel = "I")
        long index;

        @Option(names = "--size", required = true, paramLabel = "N")
        long size;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            try (Log log = LogAccess.openReadOnly(db.db)) {
                print(spec, LogAccess.call(() -> log.inclusionProof(index, size)));
            }
            return 0;
        }
    }

    @Command(name = "consistency", mixinStandardHelpOptions = true, description = "Prove the tree of --from entries is a prefix of the tree of --to entries.")
    static final class Consistency implements Callable<Integer> {
        @Mixin
        LogDbOption db;

        @Option(names = "--from", required = true, paramLabel = "M")
        long from;

        @Option(names = "--to", required = true, paramLabel = "N")
        long to;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            try (Log log = LogAccess.openReadOnly(db.db)) {
                print(spec, LogAccess.call(() -> log.consistencyProof(from, to)));
            }
            return 0;
        }
    }

    private static void print(CommandSpec spec, List<byte[]> proof) {
        PrintWriter out = spec.commandLine().getOut();
        for (byte[] h : proof) {
            out.println(Base64.getEncoder().encodeToString(h));
        }
        out.flush();
    }
}
