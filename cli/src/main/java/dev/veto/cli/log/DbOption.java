package dev.veto.cli.log;

import picocli.CommandLine.Option;

/** The {@code --db} option every log subcommand takes. */
final class DbOption {
    @Option(names = "--db", required = true, paramLabel = "DB", description = "JDBC URL (jdbc:sqlite:… or jdbc:postgresql:…), or a path meaning an SQLite file.")
    String db;
}
