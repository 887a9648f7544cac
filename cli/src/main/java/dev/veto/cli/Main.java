package dev.veto.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code veto} command: each subcommand is a thin shell over a library call. */
@Command(
        name = "veto",
        mixinStandardHelpOptions = true,
        versionProvider = Main.Version.class,
        description = "Precise, accountable enforcement of a platform's acceptable-use principles.",
        subcommands = {CommandLine.HelpCommand.class, dev.veto.cli.log.LogCommand.class})
public final class Main {

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the command line and returns the exit code; used by tests as well. */
    public static int run(String... args) {
        CommandLine cli = new CommandLine(new Main());
        cli.setExecutionExceptionHandler(new Errors());
        return cli.execute(args);
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Main.class.getPackage().getImplementationVersion();
            return new String[] {"veto " + (v == null ? "dev" : v)};
        }
    }
}
