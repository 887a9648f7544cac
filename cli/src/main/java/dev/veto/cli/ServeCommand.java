package dev.veto.cli;

import dev.veto.control.ControlPlane;
import dev.veto.control.Rejection;
import dev.veto.control.Role;
import dev.veto.server.AccessLog;
import dev.veto.server.Cosigning;
import dev.veto.server.TlsSettings;
import dev.veto.server.VetoServer;
import dev.veto.server.identity.OidcSettings;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code veto serve}: the HTTP API on a log, created with its key when missing. */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = "Serve the HTTP API. Creates the log and its signer key when missing; structured logs go to stdout.")
final class ServeCommand implements Callable<Integer> {
    @Mixin
    Installation.Options install;

    @Option(names = "--host", defaultValue = "127.0.0.1", description = "Address to listen on (default: ${DEFAULT-VALUE}).")
    String host;

    @Option(names = "--port", defaultValue = "8080", description = "Port to listen on; 0 picks a free one (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--origin", defaultValue = Installation.DEFAULT_ORIGIN, description = "The log's origin line, when it is created (default: ${DEFAULT-VALUE}).")
    String origin;

    @Option(names = "--provider", defaultValue = "the platform operator", description = "The platform's name, as notices are signed (default: ${DEFAULT-VALUE}).")
    String provider;

    @Option(names = "--tls-port", paramLabel = "PORT", defaultValue = "8443", description = "Port of the TLS listener, when it is configured (default: ${DEFAULT-VALUE}).")
    int tlsPort;

    @Option(names = "--tls-cert", paramLabel = "FILE", description = "PEM certificate chain for a TLS listener (with --tls-key).")
    Path tlsCert;

    @Option(names = "--tls-key", paramLabel = "FILE", description = "Its PEM private key (PKCS#8, BEGIN PRIVATE KEY).")
    Path tlsKey;

    @Option(names = "--tls-keystore", paramLabel = "FILE", description = "A PKCS#12 keystore for the TLS listener, instead of PEM files.")
    Path tlsKeystore;

    @Option(names = "--tls-keystore-password", paramLabel = "PW", description = "Its password (or set VETO_TLS_KEYSTORE_PASSWORD).")
    String tlsKeystorePassword;

    @Option(names = "--oidc-issuer", paramLabel = "URL", description = "An OpenID Connect provider to trust: people's JWTs and sign-in.")
    URI oidcIssuer;

    @Option(names = "--oidc-audience", paramLabel = "AUD", description = "The audience API tokens must name (Veto's identifier at the provider).")
    String oidcAudience;

    @Option(names = "--oidc-client-id", paramLabel = "ID", description = "Veto's client id at the provider, for sign-in at /login.")
    String oidcClientId;

    @Option(names = "--oidc-client-secret", paramLabel = "SECRET", description = "Its secret (or set VETO_OIDC_CLIENT_SECRET); none for a public client.")
    String oidcClientSecret;

    @Option(names = "--public-url", paramLabel = "URL", description = "Where people reach this server, for the sign-in callback (e.g. https://veto.example.com).")
    URI publicUrl;

    @Option(names = "--oidc-role-claim", paramLabel = "CLAIM", defaultValue = OidcSettings.DEFAULT_ROLE_CLAIM,
            description = "The claim listing a person's roles (default: ${DEFAULT-VALUE}).")
    String roleClaim;

    @Option(names = "--oidc-role", paramLabel = "VALUE=ROLE",
            description = "A claim value and the role it gives (admin, reviewer, auditor, pep, customer); repeat. Default: each role's own name.")
    Map<String, String> roleMap;

    @Option(names = "--oidc-org-claim", paramLabel = "CLAIM", defaultValue = OidcSettings.DEFAULT_ORG_CLAIM,
            description = "The claim naming a customer's organization (default: ${DEFAULT-VALUE}).")
    String orgClaim;

    @Option(names = "--witness", paramLabel = "NAME+KEYHASH+KEY=URL",
            description = "A witness to cosign each new checkpoint (C2SP tlog-witness): its cosigner key and its URL, e.g. "
                    + "witness.example+1a2b3c4d+BAbc…=https://witness.example/; repeat for each. /log/checkpoint then carries their cosignatures.")
    List<String> witnessSpecs;

    @Option(names = "--grpc-port", paramLabel = "PORT",
            description = "Also answer Envoy's ext_authz (gRPC) with this server's own decisions on this port; 0 picks a free one.")
    Integer grpcPort;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        TlsSettings tls = tls();
        OidcSettings oidc = oidc();
        ControlPlane plane = Installation.open(install, true, origin, Clock.systemUTC(), provider, spec.commandLine().getErr());
        AccessLog log = new AccessLog(System.out);
        VetoServer server = ServerStart.start(plane, new VetoServer.Options(host, port, log, oidc, tls, witnesses()));
        Map<String, Object> fields = new java.util.LinkedHashMap<>();
        fields.put("url", "http://" + host + ":" + server.port());
        if (tls != null) {
            fields.put("tls", "https://" + host + ":" + server.tlsPort());
        }
        dev.veto.pep.envoy.ExtAuthzServer grpc = null;
        if (grpcPort != null) {
            try {
                grpc = dev.veto.pep.envoy.ExtAuthzServer.start(new java.net.InetSocketAddress(host, grpcPort),
                        new dev.veto.pep.envoy.ExtAuthzService(authorizer(plane), new dev.veto.pep.envoy.EnvoyMapping()));
            } catch (RuntimeException e) {
                server.close();
                plane.close();
                throw new UserError("cannot serve ext_authz on " + host + ":" + grpcPort + ": " + e.getMessage());
            }
            fields.put("extAuthz", host + ":" + grpc.port());
        }
        fields.put("db", install.db);
        fields.put("revision", plane.revision());
        dev.veto.pep.envoy.ExtAuthzServer g = grpc;
        ServerStart.runUntilStopped(() -> log.info("listening", fields), () -> {
            if (g != null) {
                g.close();
            }
            server.close();
            plane.close();
            log.info("stopped", Map.of());
        });
        return 0;
    }

    /** The server's own decisions, as Envoy's ext_authz asks for them. */
    static dev.veto.pep.Authorizer authorizer(ControlPlane plane) {
        var decisions = plane.decisions();
        return request -> {
            try {
                return dev.veto.pep.PepDecision.of(decisions.decide(request).response(), dev.veto.pep.PepDecision.Basis.CURRENT);
            } catch (dev.veto.control.Decisions.Refused e) {
                throw new dev.veto.pep.PepException.InvalidRequest(e.field(), e.getMessage());
            }
        };
    }

    private List<Cosigning.Witness> witnesses() {
        List<Cosigning.Witness> out = new java.util.ArrayList<>();
        for (String spec : witnessSpecs == null ? List.<String>of() : witnessSpecs) {
            try {
                out.add(Cosigning.Witness.parse(spec));
            } catch (IllegalArgumentException e) {
                throw new UserError("--witness: " + e.getMessage());
            }
        }
        return out;
    }

    private TlsSettings tls() {
        if (tlsCert == null && tlsKey == null && tlsKeystore == null) {
            return null;
        }
        String password = tlsKeystorePassword != null ? tlsKeystorePassword : System.getenv("VETO_TLS_KEYSTORE_PASSWORD");
        try {
            TlsSettings t = new TlsSettings(tlsPort, tlsCert, tlsKey, tlsKeystore, password);
            t.keyStore(); // read now, so a bad file is a one-line error before anything starts
            return t;
        } catch (IllegalArgumentException e) {
            throw new UserError(e.getMessage());
        }
    }

    private OidcSettings oidc() {
        if (oidcIssuer == null) {
            if (oidcAudience != null || oidcClientId != null) {
                throw new UserError("--oidc-audience and --oidc-client-id need --oidc-issuer");
            }
            return null;
        }
        if (oidcAudience == null) {
            throw new UserError("--oidc-issuer needs --oidc-audience: the audience the provider's tokens name for this server");
        }
        Map<String, Role> roles = OidcSettings.defaultRoles();
        if (roleMap != null) {
            roleMap.forEach((value, role) -> {
                try {
                    roles.put(value, Role.parse(role));
                } catch (Rejection e) {
                    throw new UserError("--oidc-role " + value + "=" + role + ": " + e.getMessage());
                }
            });
        }
        String secret = oidcClientSecret != null ? oidcClientSecret : System.getenv("VETO_OIDC_CLIENT_SECRET");
        try {
            return new OidcSettings(oidcIssuer, oidcAudience, oidcClientId, secret, publicUrl, roleClaim, roles, orgClaim);
        } catch (IllegalArgumentException e) {
            throw new UserError(e.getMessage() + " (--oidc-client-id goes with --public-url; --oidc-role cannot give \"approver\")");
        }
    }
}
