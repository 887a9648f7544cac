package dev.veto.cli;

import dev.veto.control.Actor;
import dev.veto.control.ControlPlane;
import dev.veto.control.Inputs;
import dev.veto.control.IssuedToken;
import dev.veto.control.Rejection;
import java.time.Clock;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code veto token}: tokens, created offline by whoever holds the database and the key. */
@Command(name = "token", mixinStandardHelpOptions = true, description = "Manage bearer tokens.",
        subcommands = TokenCommand.Create.class)
final class TokenCommand {

    @Command(name = "create", mixinStandardHelpOptions = true,
            description = "Create a bearer token and print it (only its hash is stored, in the log). "
                    + "A running server on the same database picks it up within a second.")
    static final class Create implements Callable<Integer> {
        @Mixin
        Installation.Options install;

        @Option(names = "--role", required = true, description = "admin, reviewer, approver, auditor, pep, or customer (with --org).")
        String role;

        @Option(names = "--name", required = true, description = "Who holds the token; tokens with the same name are one person.")
        String name;

        @Option(names = "--org", description = "For a customer token: the organization (an Org entity id).")
        String org;

        @picocli.CommandLine.Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            try (ControlPlane plane = Installation.open(install, false, Installation.DEFAULT_ORIGIN, Clock.systemUTC(), "the platform operator",
                    spec.commandLine().getErr())) {
                IssuedToken t = plane.commands().createToken(Actor.OPERATOR, new Inputs.CreateToken(role, name, org));
                spec.commandLine().getOut().println(t.token());
                spec.commandLine().getErr().println("token " + t.id() + " for " + t.name() + " (" + t.role()
                        + (t.org() == null ? "" : ", org " + t.org()) + "), recorded at log index " + (t.revision() - 1));
                return 0;
            } catch (Rejection e) {
                throw new UserError(e.getMessage());
            }
        }
    }
}
