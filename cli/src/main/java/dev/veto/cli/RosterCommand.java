package dev.veto.cli;

import dev.veto.control.Actor;
import dev.veto.control.ControlPlane;
import dev.veto.control.Rejection;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code veto roster}: the approver roster, as the operator installing Veto sets it once. */
@Command(name = "roster", mixinStandardHelpOptions = true, description = "The approver roster.",
        subcommands = RosterCommand.Init.class)
final class RosterCommand {

    @Command(name = "init", mixinStandardHelpOptions = true,
            description = {"Name the first approvers (at least two), once, at installation; the log records it.",
                "Afterwards the roster changes only through POST /v1/roster/changes, approved by two approvers other than the subject."})
    static final class Init implements Callable<Integer> {
        @Mixin
        Installation.Options install;

        @Option(names = "--approver", required = true, paramLabel = "SUBJECT",
                description = "A local account name, or an OpenID Connect subject as oidc:<issuer>#<sub>; repeat for each.")
        List<String> approvers;

        @picocli.CommandLine.Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            try (ControlPlane plane = Installation.open(install, false, Installation.DEFAULT_ORIGIN, Clock.systemUTC(), "the platform operator",
                    spec.commandLine().getErr())) {
                long revision = plane.commands().bootstrapRoster(Actor.OPERATOR, approvers).revision();
                spec.commandLine().getErr().println("approver roster set: " + plane.queries().roster(Actor.OPERATOR).members()
                        + ", recorded at log index " + (revision - 1) + "; make their tokens with `veto token create --role approver --name …`");
                return 0;
            } catch (Rejection e) {
                throw new UserError(e.getMessage());
            }
        }
    }
}
