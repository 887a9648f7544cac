package dev.veto.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code veto} command: each subcommand is a thin shell over a library call. */
@Command(
        name = "veto",
        mixinStandardHelpOptions = true,
        versionProvider = Main.Version.class,
        description = "Precise, accountable enforcement of a platform's acceptable-use principles.",
        subcommands = {
            AuthorizeCommand.class,
            ConformanceCommand.class,
            ValidateCommand.class,
            LogCommand.class,
            WitnessCommand.class,
            PepCommand.class,
            BenchCommand.class,
            ServeCommand.class,
            TokenCommand.class,
            RosterCommand.class,
            DemoCommand.class,
            CommandLine.HelpCommand.class
        })
public final class Main {

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the command line on the standard streams and returns the exit code. */
    public static int run(String... args) {
        return run(new java.io.PrintWriter(System.out, true), new java.io.PrintWriter(System.err, true), args);
    }

    /** Runs the command line writing to {@code out} and {@code err}, and returns the exit code. */
    public static int run(java.io.PrintWriter out, java.io.PrintWriter err, String... args) {
        CommandLine cli = new CommandLine(new Main());
        cli.setOut(out);
        cli.setErr(err);
        cli.setExecutionExceptionHandler(new Errors());
        // Wrong or missing options are bad input: exit 1, like every other bad input. (picocli's
        // default, 2, would read as "deny" to a script calling `veto authorize`.)
        cli.setParameterExceptionHandler((ex, given) -> {
            CommandLine cmd = ex.getCommandLine();
            cmd.getErr().println("error: " + ex.getMessage());
            cmd.getErr().println("usage: " + cmd.getHelp().synopsis(0).strip()
                    + "  (see `" + cmd.getCommandSpec().qualifiedName() + " --help`)");
            return 1;
        });
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
