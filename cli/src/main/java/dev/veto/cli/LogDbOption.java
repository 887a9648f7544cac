package dev.veto.cli;

import picocli.CommandLine.Option;

/** The {@code --db} option every log subcommand takes. */
final class LogDbOption {
    @Option(names = "--db", required = true, paramLabel = "DB", description = "JDBC URL (jdbc:sqlite:… or jdbc:postgresql:…), or a path meaning an SQLite file.")
    String db;
}
