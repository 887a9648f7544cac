package dev.veto.cli;

import picocli.CommandLine.Command;

/** {@code veto log}: the append-only Merkle-tree log. */
@Command(
        name = "log",
        mixinStandardHelpOptions = true,
        description = "Create, append to, prove from and verify the append-only Merkle-tree log; recompute and monitor a published one.",
        subcommands = {LogInitCommand.class, LogAppendCommand.class, LogCheckpointCommand.class, LogProofCommand.class, LogVerifyCommand.class, LogVerifyReceiptCommand.class, LogReportCommand.class,
            LogMonitorCommand.class})
final class LogCommand {}
