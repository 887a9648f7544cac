package dev.veto.control;

import dev.veto.control.notice.NoticeFacts;
import dev.veto.engine.Change;
import dev.veto.engine.Engine;
import dev.veto.engine.Snapshot;
import dev.veto.ledger.Appended;
import dev.veto.ledger.Log;
import dev.veto.ledger.LogConflictException;
import dev.veto.ledger.Sealed;
import dev.veto.ledger.store.LogStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Function;
import java.util.function.LongConsumer;
import java.util.random.RandomGenerator;

/**
 * The log as the control plane lives on it: it catches up with entries other writers appended,
 * runs commands (decide on the current state, append, apply), publishes each revision to
 * decisions and to followers, and lets callers wait for a revision. It is the only writer of the
 * projections and the engine.
 *
 * <p>The revision every answer reports is the log's size: revision {@code n} means entries
 * {@code 0…n-1} are applied, and a checkpoint of size {@code n} covers exactly that state.
 *
 * <p>Commands and catching up hold the write lock; queries hold the read lock; decisions hold
 * none (they read what {@link Decisions} was last given).
 */
public final class EventLog {
    /**
     * How many times a command is decided again after another writer appended first. Each loss
     * means the other node committed meanwhile, so one of them always makes progress; the bound
     * only stops a command from waiting behind a sustained stream of the other's writes.
     */
    static final int MAX_ATTEMPTS = 32;

    private final Log log;
    private final Clock clock;
    /**
     * Replaced only under the write lock, when an erasure makes the projections be rebuilt;
     * volatile for the lock-free readers (authentication).
     */
    private volatile State state;
    private final RandomGenerator salts;
    private final Engine engine;
    private final Decisions decisions;
    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    private final Object revisionMonitor = new Object();
    private volatile long revision;
    private final List<LongConsumer> listeners = new CopyOnWriteArrayList<>();
    /** Why writes stopped, after entries were appended that could not be applied; null while healthy. */
    private volatile String broken;

    EventLog(Log log, Clock clock, State state, RandomGenerator salts) {
        this.log = log;
        this.clock = clock;
        this.state = state;
        this.salts = salts;
        this.engine = new Engine(clock);
        this.decisions = new Decisions(engine.snapshot(), clock);
    }

    Decisions decisions() {
        return decisions;
    }

    /** A command: what to write, decided on the state as it stands, at {@code now}. */
    @FunctionalInterface
    interface Command<D> {
        Decided<D> decide(State state, Instant now);
    }

    /**
     * What a command decided: the events to append, what it tells its caller, and the facts of
     * any notice it issues (built while deciding, so applying does not build them again).
     */
    record Decided<D>(List<Event> events, D detail, NoticeFacts notice) {
        Decided {
            if (events.isEmpty()) {
                throw new IllegalArgumentException("a command that writes nothing is a refusal");
            }
            events = List.copyOf(events);
        }

        static <D> Decided<D> of(D detail, Event... events) {
            return new Decided<>(List.of(events), detail, null);
        }
    }

    /** A command's outcome: what it wrote and what it decided. */
    record Done<D>(Committed committed, D detail) {}

    /**
     * Runs {@code command} against the latest state and appends what it decides. When another
     * writer (another node on the same database) appended first, the command is decided again on
     * the state that now includes those entries: it may now refuse, or decide other events (the
     * next case number); only after {@value #MAX_ATTEMPTS} lost races does the caller get a conflict.
     *
     * @throws Rejection when the command refuses; nothing was written
     */
    <D> Done<D> run(Command<D> command) {
        lock.writeLock().lock();
        try {
            for (int attempt = 1; ; attempt++) {
                catchUpLocked();
                Instant now = clock.instant();
                Decided<D> d = command.decide(state, now);
                try {
                    return new Done<>(commitLocked(d, now), d.detail());
                } catch (LogConflictException e) {
                    if (attempt == MAX_ATTEMPTS) {
                        throw Rejection.conflict("other writers changed the state " + attempt
                                + " times while this command was decided; nothing was written, retry it");
                    }
                    // Two nodes that lost to each other would otherwise retry in step.
                    pause(attempt);
                }
            }
        } finally {
            lock.writeLock().unlock();
        }
    }

    private static void pause(int attempt) {
        try {
            TimeUnit.MICROSECONDS.sleep(ThreadLocalRandom.current().nextLong(100L * Math.min(attempt, 10)));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Rejection(Rejection.Kind.UNAVAILABLE, "interrupted while retrying a command; nothing was written");
        }
    }

    /** Reads the projections consistently, while no command changes them. */
    /** The time commands are decided at now. */
    Instant now() {
        return clock.instant();
    }

    <T> T read(Function<State, T> query) {
        lock.readLock().lock();
        try {
            return query.apply(state);
        } finally {
            lock.readLock().unlock();
        }
    }

    /**
     * Applies entries other processes appended to the log since this one last looked (a token
     * created with {@code veto token create}, another node's writes). Commands do it first, so
     * they decide on the latest state; servers also call it periodically.
     */
    public void catchUp() {
        lock.writeLock().lock();
        try {
            catchUpLocked();
        } finally {
            lock.writeLock().unlock();
        }
    }

    private void catchUpLocked() {
        log.refresh();
        long size = log.size();
        if (size <= state.size) {
            return;
        }
        List<Change> changes = new ArrayList<>();
        boolean erased = replay(state, size, changes);
        publish(engine.apply(changes, size));
        if (erased) {
            rebuildProjections();
        }
    }

    /** How many entries are read, with their private parts, in one go when replaying. */
    private static final int REPLAY_CHUNK = 1024;

    /** Applies entries {@code into.size … to-1} to {@code into}; true when one of them was an erasure. */
    private boolean replay(State into, long to, List<Change> changes) {
        boolean erased = false;
        for (long from = into.size; from < to; from += REPLAY_CHUNK) {
            long end = Math.min(to, from + REPLAY_CHUNK);
            java.util.Map<Long, List<LogStore.StoredPart>> parts = new java.util.HashMap<>();
            for (LogStore.StoredPart p : log.privateParts(from, end)) {
                parts.computeIfAbsent(p.index(), k -> new ArrayList<>()).add(p);
            }
            for (long i = from; i < end; i++) {
                EventCodec.Read r = readAt(i, parts.getOrDefault(i, List.of()));
                List<Change> c = into.apply(r.event(), i, r.time(), null);
                if (changes != null) {
                    changes.addAll(c);
                }
                erased |= r.event() instanceof Event.PayloadErased;
            }
        }
        return erased;
    }

    /**
     * Builds the projections again from the log, after an erasure: the erased text then reads
     * {@value EventCodec#ERASED} everywhere it was shown. Only text is erasable, so decisions
     * (the engine, shadow policies, known types) are the same and are not republished.
     */
    private void rebuildProjections() {
        State fresh = new State(state.provider);
        replay(fresh, state.size, null);
        state = fresh;
    }

    /** Appends and applies a command's events, recorded at {@code now}: the instant it decided at. */
    private Committed commitLocked(Decided<?> d, Instant now) {
        if (broken != null) {
            throw new Rejection(Rejection.Kind.UNAVAILABLE, broken);
        }
        List<Sealed> entries = new ArrayList<>(d.events().size());
        for (Event e : d.events()) {
            Sealed sealed = EventCodec.seal(e, now, salts);
            int bytes = sealed.entry().length;
            if (bytes > Log.MAX_ENTRY_SIZE) {
                throw new Rejection(Rejection.Kind.TOO_LARGE, "the " + e.type() + " event's public envelope is " + bytes
                        + " bytes; a log entry holds at most " + Log.MAX_ENTRY_SIZE + "; name fewer services or territories");
            }
            entries.add(sealed);
        }
        // Only where the command looked: never after entries it has not seen.
        Appended a = log.appendSealedIfSize(entries, state.size);
        try {
            List<Change> changes = new ArrayList<>();
            List<Committed.Written> written = new ArrayList<>(entries.size());
            for (int i = 0; i < d.events().size(); i++) {
                Event e = d.events().get(i);
                long index = a.firstIndex() + i;
                changes.addAll(state.apply(e, index, now, e instanceof Event.NoticeIssued ? d.notice() : null));
                written.add(new Committed.Written(index, e));
            }
            long next = a.lastIndex() + 1;
            // Every revision gets a snapshot, even one that changes no policy or entity, so the
            // snapshot's revision is always the log size a decision can be checked against.
            publish(engine.apply(changes, next));
            if (d.events().stream().anyMatch(e -> e instanceof Event.PayloadErased)) {
                rebuildProjections();
            }
            return new Committed(written, next);
        } catch (RuntimeException e) {
            // The entries are in the log but could not be applied: the state here no longer
            // matches the log. Stop taking writes rather than build on it; decisions go on from
            // the last good snapshot, and a restart replays the log (and says what fails).
            broken = "this server stopped taking writes: log entries from index " + a.firstIndex() + " could not be applied ("
                    + e.getMessage() + "); restart it";
            throw new IllegalStateException(broken, e);
        }
    }

    private void publish(Snapshot snapshot) {
        decisions.publish(snapshot, state.shadowPolicies(), state.knownTypes(), state.requestSchema());
        long next = snapshot.revision();
        synchronized (revisionMonitor) {
            revision = next;
            revisionMonitor.notifyAll();
        }
        for (LongConsumer l : listeners) {
            l.accept(next);
        }
    }

    /**
     * Calls {@code listener} with each new revision once its entries are applied (for the change
     * feed). It runs on the writing thread: it must only hand the revision on, not block.
     */
    public AutoCloseable onRevision(LongConsumer listener) {
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    /** The revision: how many log entries the current state reflects. */
    public long revision() {
        return revision;
    }

    /**
     * Waits up to {@code timeout} for the state to reach {@code atLeast}; false if it did not.
     * A decision must never be made on older state than its caller demands.
     */
    public boolean awaitRevision(long atLeast, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (revisionMonitor) {
            while (revision < atLeast) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                TimeUnit.NANOSECONDS.timedWait(revisionMonitor, left);
            }
        }
        return true;
    }

    /** What a replica joining now starts from: the engine's snapshot and what events did to it, of one revision. */
    public record ReplicaState(Snapshot snapshot, EngineEffects.Saved effects) {}

    /** The engine snapshot decisions read now, with the engine effects' state at its revision. */
    public ReplicaState replicaState() {
        lock.readLock().lock();
        try {
            return new ReplicaState(decisions.snapshot(), state.effects.saved());
        } finally {
            lock.readLock().unlock();
        }
    }

    /** The event in log entry {@code index}, with its private parts. */
    public Event entry(long index) {
        return readAt(index, log.privateParts(index)).event();
    }

    private EventCodec.Read readAt(long index, List<LogStore.StoredPart> parts) {
        try {
            return EventCodec.read(log.entry(index), parts);
        } catch (EventCodec.UnreadableEventException e) {
            throw new EventCodec.UnreadableEventException("log entry " + index + ": " + e.getMessage());
        }
    }

    /** The state as last applied, for readers that take no lock (authentication): its parts they read are safe to share. */
    State current() {
        return state;
    }

    /** The log itself: checkpoints, proofs, tiles. */
    public Log log() {
        return log;
    }
}
