package dev.veto.engine;

import java.time.Clock;
import java.util.List;

/**
 * The decision engine: the current {@link Snapshot}, replaced as a whole on every update.
 *
 * <p>Readers never block and never see a half-applied update: each decision reads one snapshot
 * (one volatile read) and is consistent with exactly one revision. Updates are serialised; each
 * builds the next snapshot from the current one, sharing what it does not change, and publishes
 * it with one reference swap.
 */
public final class Engine {
    private volatile Snapshot current;

    /** An empty engine whose {@code context.now} comes from the system clock (UTC). */
    public Engine() {
        this(Clock.systemUTC());
    }

    /** An empty engine reading {@code context.now} from {@code clock} (tests pass a clock they control). */
    public Engine(Clock clock) {
        this(java.util.Objects.requireNonNull(clock, "clock"), true);
    }

    private Engine(Clock clock, boolean unused) {
        current = Snapshot.empty(clock);
    }

    /**
     * An engine that leaves the context as the caller gives it, with no {@code now}: for running
     * Cedar's own test suites, whose requests do not expect one. Not for serving decisions.
     */
    public static Engine withoutClock() {
        return new Engine(null, false);
    }

    public Snapshot snapshot() {
        return current;
    }

    /** Applies the changes as the next revision (current + 1). */
    public synchronized Snapshot apply(List<? extends Change> changes) {
        return apply(changes, current.revision + 1);
    }

    /**
     * Applies the changes atomically as {@code revision}, which must be above the current one
     * (the control plane passes the log index of the entries they came from).
     *
     * @throws EngineException when the batch is refused (a cycle); the state is then unchanged
     */
    public synchronized Snapshot apply(List<? extends Change> changes, long revision) {
        Snapshot base = current;
        if (revision <= base.revision) {
            throw new IllegalArgumentException("revision " + revision + " is not after the current revision " + base.revision);
        }
        SnapshotBuilder b = new SnapshotBuilder(base);
        b.expect(changes);
        for (Change c : changes) {
            b.apply(c);
        }
        Snapshot next = b.build(revision);
        current = next;
        return next;
    }

    public EngineResponse authorize(EngineRequest request) {
        return current.authorize(request);
    }

    /** See {@link Snapshot#prefetch}: for a caller that decides a batch one request at a time. */
    public void prefetch(EngineRequest request) {
        current.prefetch(request);
    }

    public List<EngineResponse> authorizeBatch(List<EngineRequest> requests) {
        return current.authorizeBatch(requests);
    }
}
