package dev.veto.pep.envoy;

import dev.veto.pep.Authorizer;
import io.grpc.Server;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * A gRPC server answering Envoy's ext_authz checks with an {@link ExtAuthzService}: the sidecar
 * Envoy's {@code ext_authz} filter points at. Closing it lets checks in flight finish for up to
 * {@link #GRACE_SECONDS}, then cancels the rest.
 */
public final class ExtAuthzServer implements AutoCloseable {
    /** How long {@link #close()} waits for checks in flight before cancelling them. */
    public static final long GRACE_SECONDS = 5;

    private final Server server;

    private ExtAuthzServer(Server server) {
        this.server = server;
    }

    /**
     * Starts a server on {@code port} of the loopback address (0 picks a free port), where a
     * sidecar Envoy on the same host reaches it and nothing else does.
     */
    public static ExtAuthzServer start(int port, Authorizer authorizer, EnvoyMapping mapping) {
        return start(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), new ExtAuthzService(authorizer, mapping));
    }

    /** Starts a server on {@code address} (port 0 picks a free port). */
    public static ExtAuthzServer start(InetSocketAddress address, ExtAuthzService service) {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(service, "service");
        Server server = NettyServerBuilder.forAddress(address).addService(service).build();
        try {
            server.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on " + address + " for ext_authz: " + e.getMessage(), e);
        }
        return new ExtAuthzServer(server);
    }

    /** The port it listens on. */
    public int port() {
        return server.getPort();
    }

    /** Stops taking checks, lets those in flight finish for up to {@link #GRACE_SECONDS}, then cancels the rest. */
    @Override
    public void close() {
        server.shutdown();
        try {
            if (!server.awaitTermination(GRACE_SECONDS, TimeUnit.SECONDS)) {
                server.shutdownNow();
                server.awaitTermination(GRACE_SECONDS, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            server.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}
