package dev.veto.cli;

import picocli.CommandLine.Command;

/** {@code veto pep}: an enforcement point for services not written in Java. */
@Command(
        name = "pep",
        mixinStandardHelpOptions = true,
        description = "Run an enforcement point: a verified local replica of Veto's decisions, as a sidecar.",
        subcommands = {PepServeCommand.class})
final class PepCommand {}
