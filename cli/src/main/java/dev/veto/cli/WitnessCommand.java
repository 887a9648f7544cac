package dev.veto.cli;

import picocli.CommandLine.Command;

/** {@code veto witness}: a C2SP witness (c2sp.org/tlog-witness) that cosigns the checkpoints of the logs it knows. */
@Command(
        name = "witness",
        mixinStandardHelpOptions = true,
        description = "Run a C2SP witness: cosign checkpoints of known logs that are consistent with the last one cosigned.",
        subcommands = {WitnessServeCommand.class})
final class WitnessCommand {}
