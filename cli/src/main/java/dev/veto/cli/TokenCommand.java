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
import picocli.CommandLine.Parameters;

/** {@code veto token}: tokens, created and revoked offline by whoever holds the database and the key. */
@Command(name = "token", mixinStandardHelpOptions = true, description = "Manage bearer tokens.",
        subcommands = {TokenCommand.Create.class, TokenCommand.Revoke.class})
final class TokenCommand {

    @Command(name = "create", mixinStandardHelpOptions = true,
            description = "Create a bearer token and print it (only its hash is stored, in the log). "
                    + "A running server on the same database picks it up within a second.")
    static final class Create implements Callable<Integer> {
        @Mixin
        Installation.Options install;

        @Option(names = "--role", required = true,
                description = "admin, reviewer, approver (only for a subject on the roster), auditor, pep, or customer (with --org).")
        String role;

        @Option(names = "--name", required = true,
                description = "The local account the token belongs to (letter case does not matter: every token of one name is one person).")
        String name;

        @Option(names = "--org", description = "For a customer token: the organization (an Org entity id).")
        String org;

        @Option(names = "--expires-in-days", paramLabel = "N", description = "Days until the token expires, 1 to 366 (default: 90).")
        Integer expiresInDays;

        @picocli.CommandLine.Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            try (ControlPlane plane = Installation.open(install, false, Installation.DEFAULT_ORIGIN, Clock.systemUTC(), "the platform operator",
                    spec.commandLine().getErr())) {
                IssuedToken t = plane.commands().createToken(Actor.OPERATOR, new Inputs.CreateToken(role, name, org, expiresInDays));
                spec.commandLine().getOut().println(t.token());
                spec.commandLine().getErr().println("token " + t.id() + " for " + t.name() + " (" + t.role()
                        + (t.org() == null ? "" : ", org " + t.org()) + "), expires " + t.expiresAt() + ", recorded at log index " + (t.revision() - 1));
                return 0;
            } catch (Rejection e) {
                throw new UserError(e.getMessage());
            }
        }
    }

    @Command(name = "revoke", mixinStandardHelpOptions = true,
            description = "Revoke a token by its id (T-0001, …); a running server refuses it within a second.")
    static final class Revoke implements Callable<Integer> {
        @Mixin
        Installation.Options install;

        @Parameters(index = "0", paramLabel = "ID", description = "The token's id, as `veto token create` or GET /v1/tokens shows it.")
        String id;

        @Option(names = "--reason", description = "Why, for the record.")
        String reason;

        @picocli.CommandLine.Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            try (ControlPlane plane = Installation.open(install, false, Installation.DEFAULT_ORIGIN, Clock.systemUTC(), "the platform operator",
                    spec.commandLine().getErr())) {
                long revision = plane.commands().revokeToken(Actor.OPERATOR, id, new Inputs.RevokeToken(reason)).revision();
                spec.commandLine().getErr().println("token " + id + " revoked, recorded at log index " + (revision - 1));
                return 0;
            } catch (Rejection e) {
                throw new UserError(e.getMessage());
            }
        }
    }
}
