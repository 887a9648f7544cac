package dev.veto.cli.log;

import picocli.CommandLine.Command;

/** {@code veto log}: the append-only Merkle-tree log. */
@Command(
        name = "log",
        mixinStandardHelpOptions = true,
        description = "Create, append to, prove from and verify the append-only Merkle-tree log.",
        subcommands = {InitCommand.class, AppendCommand.class, CheckpointCommand.class, ProofCommand.class, VerifyCommand.class})
public final class LogCommand {}
