package dev.veto.server;

import dev.veto.cedar.json.JsonFormatException;
import dev.veto.control.ControlPlane;
import dev.veto.control.Rejection;
import dev.veto.server.decision.DecisionEndpoint;
import dev.veto.server.http.HttpErrors;
import dev.veto.server.http.Json;
import io.javalin.Javalin;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.time.Duration;
import java.util.Map;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.server.ConnectionFactory;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.util.component.LifeCycle;

/**
 * Veto's HTTP API (the contract in ARCHITECTURE.md), one class per area: {@link DecisionApi},
 * {@link PlatformApi}, {@link WorkflowApi}, {@link LogApi}, {@link FeedApi}, {@link OperationsApi}.
 * Cross-cutting steps run as handlers around every endpoint: {@link Authentication} before it,
 * {@link ServerMetrics} around the decision endpoints, the access log after it; refusals become
 * the JSON error shape with their status, in one place ({@link HttpErrors}).
 */
public final class VetoServer implements AutoCloseable {
    static final long MAX_REQUEST_BYTES = 16L * 1024 * 1024;
    /** How much of a request body one socket read takes. */
    static final int IO_BUFFER_BYTES = 64 * 1024;
    /** How often the server reads entries other writers appended (tokens made offline, other nodes). */
    static final Duration FOLLOW_EVERY = Duration.ofSeconds(1);

    private final ControlPlane plane;
    private final dev.veto.server.identity.Identities identities;
    private final Javalin app;
    private final AccessLog accessLog;
    private final Options options;
    private org.eclipse.jetty.server.ServerConnector tlsConnector;
    private org.eclipse.jetty.server.Server jetty;
    private final ScheduledExecutorService follower = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "veto-follow-log");
        t.setDaemon(true);
        return t;
    });

    /**
     * How the server is started.
     *
     * @param host the address to listen on
     * @param port the port (0 picks a free one)
     * @param log  the JSON-lines log of requests and failures
     * @param oidc the OpenID Connect provider people sign in with, or null (Veto tokens alone)
     * @param tls  the TLS listener beside the plain one, or null
     */
    public record Options(String host, int port, AccessLog log, dev.veto.server.identity.OidcSettings oidc, TlsSettings tls,
                          List<Cosigning.Witness> witnesses) {
        public Options {
            witnesses = witnesses == null ? List.of() : List.copyOf(witnesses);
        }

        public Options(String host, int port, AccessLog log, dev.veto.server.identity.OidcSettings oidc, TlsSettings tls) {
            this(host, port, log, oidc, tls, List.of());
        }
    }

    /** Has witnesses cosign the log's checkpoints; null when no witness is configured. */
    private final Cosigning cosigning;

    private VetoServer(ControlPlane plane, Options options) {
        this.plane = plane;
        this.accessLog = options.log();
        this.options = options;
        AccessLog accessLog = options.log();
        ServerMetrics metrics = new ServerMetrics(plane);
        this.identities = dev.veto.server.identity.Identities.of(plane, options.oidc(),
                options.tls() != null || options.oidc() != null && options.oidc().publicUrl() != null
                        && "https".equalsIgnoreCase(options.oidc().publicUrl().getScheme()));
        Authentication authentication = new Authentication(plane, identities);
        this.cosigning = options.witnesses().isEmpty() ? null : new Cosigning(plane.events().log(), options.witnesses());
        if (cosigning != null) {
            plane.events().onRevision(revision -> cosigning.logGrew());
        }
        DecisionEndpoint decisions = new DecisionEndpoint(plane, metrics);
        app = Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.startup.showOldJavalinVersionWarning = false;
            config.http.maxRequestSize = MAX_REQUEST_BYTES;
            // Requests on virtual threads: with a platform thread per connection a two-core server
            // spends much of its time switching between them in the kernel (measured: batch
            // decisions 262k/s on platform threads, 351k-357k/s on virtual ones). Only from Java 24
            // on, where a virtual thread waiting in `Object.wait` (a decision waiting for a
            // demanded revision) no longer pins its carrier; before that, two such waits could
            // hold both carriers of a two-core machine.
            config.concurrency.useVirtualThreads = Runtime.version().feature() >= 24;
            config.requestLogger.http(accessLog::request);
            // A batch body is up to 16 MB; read from the socket 8 KB at a time (Jetty's default)
            // a 600 KB batch takes 75 system calls. 64 KB buffers, held only while a read is
            // under way, take 10.
            config.jetty.modifyServer(server -> jetty = server);
            config.jetty.modifyServer(server -> server.addEventListener(new LifeCycle.Listener() {
                @Override
                public void lifeCycleStarting(LifeCycle event) {
                    for (Connector c : server.getConnectors()) {
                        for (ConnectionFactory f : c.getConnectionFactories()) {
                            if (f instanceof HttpConnectionFactory h) {
                                h.setInputBufferSize(IO_BUFFER_BYTES);
                            }
                        }
                    }
                }
            }));
            if (options.tls() != null) {
                // Javalin makes its plain listener only when none is configured: make both.
                config.jetty.addConnector((server, http) -> {
                    org.eclipse.jetty.server.ServerConnector plain = new org.eclipse.jetty.server.ServerConnector(server, new HttpConnectionFactory(http));
                    plain.setHost(options.host());
                    plain.setPort(options.port());
                    return plain;
                });
                config.jetty.addConnector((server, http) -> tlsConnector = tlsConnector(server, http, options));
            }
            // the console's own assets, and htmx and Chart.js from their webjars
            config.staticFiles.add(sf -> {
                sf.hostedPath = "/console/assets";
                sf.directory = "/console";
                sf.location = io.javalin.http.staticfiles.Location.CLASSPATH;
            });
            config.staticFiles.enableWebjars();
            RoutesConfig r = config.routes;
            errors(r);
            r.beforeMatched(authentication::handle);
            r.beforeMatched(metrics::before);
            r.afterMatched(metrics::after);
            new OperationsApi(plane, metrics, cosigning).register(r);
            new DecisionApi(plane, decisions).register(r);
            new PlatformApi(plane).register(r);
            new WorkflowApi(plane).register(r);
            new FeedApi(plane).register(r);
            new LogApi(plane, cosigning).register(r);
            identities.register(r);
            new dev.veto.server.console.Console(plane, identities).register(r);
            r.get("/v1/session", ctx -> Responses.json(ctx, Responses.ordered("actor", Authentication.actor(ctx), "csrf", identities.csrf(ctx))));
        });
    }

    /** The TLS listener: the same server, behind TLS 1.2 or 1.3 with the configured key and chain. */
    private static org.eclipse.jetty.server.ServerConnector tlsConnector(org.eclipse.jetty.server.Server server,
            org.eclipse.jetty.server.HttpConfiguration http, Options options) {
        TlsSettings tls = options.tls();
        org.eclipse.jetty.util.ssl.SslContextFactory.Server ssl = new org.eclipse.jetty.util.ssl.SslContextFactory.Server();
        ssl.setKeyStore(tls.keyStore());
        ssl.setKeyStorePassword(tls.keyPassword());
        ssl.setKeyManagerPassword(tls.keyPassword());
        ssl.setIncludeProtocols("TLSv1.3", "TLSv1.2");
        org.eclipse.jetty.server.HttpConfiguration https = new org.eclipse.jetty.server.HttpConfiguration(http);
        org.eclipse.jetty.server.SecureRequestCustomizer secure = new org.eclipse.jetty.server.SecureRequestCustomizer();
        // The server is reached under any name its certificate may carry; SNI checks belong to the clients.
        secure.setSniHostCheck(false);
        https.addCustomizer(secure);
        HttpConnectionFactory h1 = new HttpConnectionFactory(https);
        h1.setInputBufferSize(IO_BUFFER_BYTES);
        org.eclipse.jetty.server.ServerConnector c = new org.eclipse.jetty.server.ServerConnector(server,
                new org.eclipse.jetty.server.SslConnectionFactory(ssl, h1.getProtocol()), h1);
        c.setHost(options.host());
        c.setPort(tls.port());
        return c;
    }

    /**
     * A one-time link that signs in whoever {@code token} authenticates, as a path on this server
     * (see {@link dev.veto.server.identity.Identities#signInLink}); the CLI prints these.
     */
    public String signInLink(String token) {
        return identities.signInLink(plane.authenticate(token));
    }

    /** The TLS listener's port, or -1 without one. */
    public int tlsPort() {
        return tlsConnector == null ? -1 : tlsConnector.getLocalPort();
    }

    /** Starts serving {@code plane} on {@code host}:{@code port} (0 picks a free port), with Veto tokens alone and no TLS. */
    public static VetoServer start(ControlPlane plane, String host, int port, AccessLog log) {
        return start(plane, new Options(host, port, log, null, null));
    }

    /** Starts serving {@code plane} as {@code options} say. */
    public static VetoServer start(ControlPlane plane, Options options) {
        VetoServer s = new VetoServer(plane, options);
        s.app.start(options.host(), options.port());
        s.follower.scheduleWithFixedDelay(s::follow, FOLLOW_EVERY.toMillis(), FOLLOW_EVERY.toMillis(), TimeUnit.MILLISECONDS);
        return s;
    }

    private void follow() {
        try {
            plane.catchUp();
        } catch (RuntimeException e) {
            accessLog.info("cannot read new log entries", Map.of("error", String.valueOf(e.getMessage())));
        }
    }

    /** The plain HTTP listener's port. */
    public int port() {
        for (Connector c : jetty.getConnectors()) {
            if (c != tlsConnector && c instanceof org.eclipse.jetty.server.ServerConnector sc) {
                return sc.getLocalPort();
            }
        }
        return app.port();
    }

    public ControlPlane plane() {
        return plane;
    }

    @Override
    public void close() {
        follower.shutdownNow();
        if (cosigning != null) {
            cosigning.close();
        }
        app.stop();
    }

    /** Every refusal in the JSON error shape with its status; anything else a 500 with an incident id. */
    private void errors(RoutesConfig r) {
        errors(r, accessLog);
    }

    /** {@link #errors(RoutesConfig)} for any server of ours (the enforcement point's sidecar too). */
    static void errors(RoutesConfig r, AccessLog accessLog) {
        r.exception(Rejection.class, (e, ctx) -> refuse(ctx, HttpErrors.of(e)));
        r.exception(HttpErrors.ApiError.class, (e, ctx) -> refuse(ctx, HttpErrors.of(e)));
        r.exception(JsonFormatException.class, (e, ctx) -> refuse(ctx, HttpErrors.of(e)));
        r.exception(Exception.class, (e, ctx) -> {
            String id = accessLog.failure(ctx, e);
            refuse(ctx, HttpErrors.of(500, "internal", "internal error; the server log has the details under incident " + id, null));
        });
        r.error(404, ctx -> {
            if (ctx.result() == null) {
                refuse(ctx, HttpErrors.of(404, "not_found", "no such endpoint: " + ctx.method() + " " + ctx.path() + "; see the API in the README", null));
            }
        });
        // Javalin's own refusals (no such route, a body over the limit) in the same JSON shape
        r.exception(io.javalin.http.HttpResponseException.class, (e, ctx) -> refuse(ctx, switch (e.getStatus()) {
            case 404 -> HttpErrors.of(404, "not_found", "no such endpoint: " + ctx.method() + " " + ctx.path() + "; see the API in the README", null);
            case 405 -> HttpErrors.of(405, "method_not_allowed", ctx.method() + " is not allowed on " + ctx.path(), null);
            case 413 -> HttpErrors.of(413, "too_large", "the request body is larger than " + MAX_REQUEST_BYTES / (1024 * 1024)
                    + " MB; send less at a time", null);
            default -> HttpErrors.of(e.getStatus(), "invalid", e.getMessage(), null);
        }));
    }

    static void refuse(Context ctx, HttpErrors.Refusal refusal) {
        ctx.status(refusal.status());
        ctx.contentType("application/json").result(Json.write(refusal.body()));
    }
}
