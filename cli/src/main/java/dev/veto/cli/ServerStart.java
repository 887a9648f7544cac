package dev.veto.cli;

import dev.veto.control.ControlPlane;
import dev.veto.server.AccessLog;
import dev.veto.server.VetoServer;

/** Starts the server, turning a port already in use into a one-line error. */
final class ServerStart {
    private ServerStart() {}

    /**
     * Runs {@code ready} (which says the process serves), then blocks until the process is asked to
     * stop (Ctrl-C, SIGTERM) and runs {@code stop}. The stop is in place before {@code ready} runs,
     * so whoever stops the process the moment it says it serves still gets a clean stop.
     */
    static void runUntilStopped(Runnable ready, Runnable stop) throws InterruptedException {
        java.util.concurrent.CountDownLatch stopped = new java.util.concurrent.CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            stop.run();
            stopped.countDown();
        }));
        ready.run();
        stopped.await();
    }

    static VetoServer start(ControlPlane plane, String host, int port, AccessLog log) {
        return start(plane, new VetoServer.Options(host, port, log, null, null));
    }

    static VetoServer start(ControlPlane plane, VetoServer.Options options) {
        String host = options.host();
        int port = options.port();
        try {
            return VetoServer.start(plane, options);
        } catch (RuntimeException e) {
            plane.close();
            Throwable root = e;
            while (root.getCause() != null) {
                root = root.getCause();
            }
            throw new UserError("cannot listen on " + host + ":" + port + ": " + root.getMessage() + "; choose another --port");
        }
    }
}
