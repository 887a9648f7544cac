package dev.veto.cli;

import picocli.CommandLine.Command;

/** {@code veto bench}: measurements of Veto alone, shipped with the product. */
@Command(
        name = "bench",
        mixinStandardHelpOptions = true,
        description = "Measure Veto on this machine.",
        subcommands = {BenchPropagationCommand.class})
final class BenchCommand {}
