package dev.veto.pep;

import dev.veto.cedar.entity.Entity;
import dev.veto.control.Decisions;
import dev.veto.control.EngineEffects;
import dev.veto.control.Event;
import dev.veto.control.EventCodec;
import dev.veto.engine.Change;
import dev.veto.engine.Engine;
import dev.veto.ledger.entry.Envelope;
import dev.veto.ledger.entry.PrivatePart;
import dev.veto.ledger.merkle.Frontier;
import dev.veto.ledger.merkle.Hashes;
import dev.veto.ledger.note.Checkpoint;
import dev.veto.ledger.note.NoteException;
import dev.veto.ledger.note.SignedNote;
import dev.veto.ledger.note.VerifierKey;
import dev.veto.ledger.note.WitnessQuorum;
import dev.veto.ledger.store.LogStore;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * The verifying replica: it takes a state snapshot and the feed's entries, and changes what its
 * decisions read only when a signed checkpoint proves the entries are the log's. Each entry's
 * private state part must match its envelope's commitment; the Merkle frontier of the verified
 * state, extended with the pending entries' leaf hashes, must give the root a signed checkpoint
 * (with the witness quorum, when one is set) states for its size. Until then the entries wait;
 * when they do not match, {@link Refused} is thrown and nothing of them is applied.
 *
 * <p>One thread feeds it (the feed reader); decisions read {@link #decisions()} from any thread.
 */
final class Replica {
    /** What a server sent that this replica will not apply; the message says what and where. */
    static final class Refused extends Exception {
        Refused(String message) {
            super(message, null, false, false);
        }
    }

    /** The tree size a checkpoint note claims, before anything is verified; -1 when it claims none. */
    private static long unverifiedSize(String note) {
        int a = note.indexOf('\n');
        int b = a < 0 ? -1 : note.indexOf('\n', a + 1);
        try {
            return b < 0 ? -1 : Long.parseLong(note.substring(a + 1, b));
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /**
     * Checkpoint notes whose log signature this process has verified, with their keys: a
     * signature check is a pure function of the note's bytes and the keys, and enforcement
     * points sharing a process (SDK instances, the propagation benchmark) receive the same
     * notes. Each point still compares the root with its own frontier.
     */
    private static final VerifiedNotes VERIFIED = new VerifiedNotes(1024);

    private static final class VerifiedNotes {
        private final int capacity;
        /** Each note's check, run once however many points ask for it at the same moment. */
        private final java.util.concurrent.ConcurrentHashMap<String, java.util.concurrent.FutureTask<Checkpoint>> byNote =
                new java.util.concurrent.ConcurrentHashMap<>();

        VerifiedNotes(int capacity) {
            this.capacity = capacity;
        }

        private static String key(String note, List<VerifierKey> keys) {
            StringBuilder k = new StringBuilder(note.length() + 80 * keys.size());
            for (VerifierKey v : keys) {
                k.append(v).append('\n');
            }
            return k.append('\u0000').append(note).toString();
        }

        /** The checkpoint of a note whose log signature verifies with {@code keys}. */
        Checkpoint open(String note, List<VerifierKey> keys) throws Refused {
            if (byNote.size() > capacity) {
                byNote.clear();
            }
            String k = key(note, keys);
            java.util.concurrent.FutureTask<Checkpoint> mine = new java.util.concurrent.FutureTask<>(
                    () -> Checkpoint.parse(SignedNote.open(note, keys).text()));
            java.util.concurrent.FutureTask<Checkpoint> task = byNote.putIfAbsent(k, mine);
            if (task == null) {
                task = mine;
                mine.run();
            }
            try {
                return task.get();
            } catch (java.util.concurrent.ExecutionException e) {
                byNote.remove(k, task);
                throw new Refused("a checkpoint does not verify with the log's key: " + e.getCause().getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new Refused("interrupted while checking a checkpoint");
            }
        }
    }

    /**
     * Entries this process has read and checked, by their leaf hash and the commitment their
     * state part gave: reading one is a pure function of those bytes, and points sharing a
     * process receive the same entries. Each point still hashes the entry and its state part
     * itself; only a pair that matched here is looked up.
     */
    private static final java.util.concurrent.ConcurrentHashMap<String, Optional<Event>> READ = new java.util.concurrent.ConcurrentHashMap<>();
    private static final int READ_CAPACITY = 8192;

    /** An entry received but not yet proven by a checkpoint: its leaf hash and, when it changes decisions, its event. */
    private record Pending(long index, byte[] leaf, Event event) {}

    private final Clock clock;
    private final List<VerifierKey> logKeys;
    private final WitnessQuorum quorum;
    private final Decisions decisions;

    /** The state entries apply to; published to {@link #decisions} as each checkpoint verifies. */
    private Engine engine;
    private EngineEffects effects;
    /** The frontier of the state in {@link #engine}; verified once a checkpoint matched it. */
    private Frontier base;
    private boolean baseVerified;
    private final List<Pending> pending = new ArrayList<>();
    /** The revision decisions read: -1 before the first verified state. */
    private volatile long revision = -1;
    private volatile long verifiedCheckpoint = -1;

    Replica(Clock clock, List<VerifierKey> logKeys, WitnessQuorum quorum) {
        this.clock = clock;
        this.logKeys = List.copyOf(logKeys);
        this.quorum = quorum;
        this.engine = new Engine(clock);
        this.decisions = Decisions.replica(engine.snapshot(), java.util.Set.of(), clock);
    }

    Decisions decisions() {
        return decisions;
    }

    /** The verified revision decisions read, or -1 before the first. */
    long revision() {
        return revision;
    }

    long verifiedCheckpoint() {
        return verifiedCheckpoint;
    }

    /** The next entry index this replica expects. */
    long next() {
        return base == null ? 0 : base.size() + pending.size();
    }

    /** Whether a state to follow from is held (a snapshot installed, verified or not). */
    boolean hasBase() {
        return base != null;
    }

    /**
     * Starts again from a state snapshot: the entities and the engine effects' state at
     * {@code frontier.size()}. Decisions keep reading the last verified state until a checkpoint
     * verifies this one.
     */
    void install(Frontier frontier, EngineEffects.Saved saved, List<Entity> entities) throws Refused {
        Engine fresh = new Engine(clock);
        EngineEffects fx = EngineEffects.restore(saved);
        List<Change> changes = new ArrayList<>(entities.size() + saved.policies().size());
        for (Entity e : entities) {
            changes.add(new Change.PutEntity(e));
        }
        try {
            changes.addAll(fx.policyChanges());
            fresh.apply(changes, frontier.size());
        } catch (RuntimeException e) {
            throw new Refused("the state snapshot at revision " + frontier.size() + " could not be installed: " + e.getMessage());
        }
        engine = fresh;
        effects = fx;
        base = frontier;
        baseVerified = false;
        pending.clear();
    }

    /** Forgets the state entries apply to, so the next feed starts from a snapshot; decisions keep the last verified state. */
    void reset() {
        base = null;
        pending.clear();
    }

    /** Drops the entries not yet proven (before following a feed again from {@link #next()} = the base). */
    void dropPending() {
        pending.clear();
    }

    /**
     * Takes entry {@code index}: its bytes ({@code entry}, the public envelope or a format 1
     * record) or, for a format 1 entry that changes no decision, its leaf hash alone; and for an
     * envelope of an event that changes decisions, its state part and salt.
     */
    void entry(long index, byte[] entry, byte[] leaf, byte[] salt, byte[] state) throws Refused {
        if (base == null) {
            throw new Refused("entry " + index + " arrived before any state snapshot");
        }
        if (index != next()) {
            throw new Refused("entry " + index + " arrived where entry " + next() + " was due: the feed skipped or repeated entries");
        }
        Event event = null;
        if (entry == null) {
            if (leaf == null || leaf.length != Hashes.SIZE) {
                throw new Refused("entry " + index + " came with neither its bytes nor a 32-byte leaf hash");
            }
        } else {
            leaf = Hashes.leaf(entry);
            String key = HexFormat.of().formatHex(leaf) + (state != null && salt != null
                    ? "/" + HexFormat.of().formatHex(PrivatePart.commitment(salt, state)) : "");
            Optional<Event> read = READ.get(key);
            if (read == null) {
                read = Optional.ofNullable(Envelope.isEnvelope(entry) ? fromEnvelope(index, entry, salt, state) : fromRecord(index, entry));
                if (READ.size() > READ_CAPACITY) {
                    READ.clear();
                }
                READ.put(key, read);
            }
            event = read.orElse(null);
        }
        pending.add(new Pending(index, leaf, event));
    }

    private static Event fromEnvelope(long index, byte[] entry, byte[] salt, byte[] state) throws Refused {
        if (!(Envelope.decode(entry) instanceof Envelope.Valid v)) {
            throw new Refused("entry " + index + " is not a valid envelope: " + ((Envelope.Invalid) Envelope.decode(entry)).reason());
        }
        Envelope env = v.envelope();
        if (!EventCodec.knowsType(env.type())) {
            throw new Refused("entry " + index + " is an event of type \"" + env.type()
                    + "\", which this enforcement point does not know; upgrade it to the server's version");
        }
        if (!EventCodec.changesDecisions(env.type())) {
            return null;
        }
        byte[] commitment = env.commitments().get(EventCodec.STATE);
        if (state == null || salt == null) {
            throw new Refused("entry " + index + " (" + env.type() + ") changes decisions but came without its state part");
        }
        if (commitment == null || !Arrays.equals(commitment, PrivatePart.commitment(salt, state))) {
            throw new Refused("entry " + index + " (" + env.type() + "): its state part does not match the commitment in its envelope");
        }
        List<LogStore.StoredPart> parts = new ArrayList<>(2);
        parts.add(new LogStore.StoredPart(index, EventCodec.STATE, salt, state, -1));
        if (env.commitments().containsKey(EventCodec.TEXT)) {
            // free text never changes a decision: a replica reads it as erased
            parts.add(new LogStore.StoredPart(index, EventCodec.TEXT, null, null, index));
        }
        try {
            return EventCodec.decode(entry, parts);
        } catch (RuntimeException e) {
            throw new Refused("entry " + index + " (" + env.type() + ") could not be read: " + e.getMessage());
        }
    }

    private static Event fromRecord(long index, byte[] entry) throws Refused {
        try {
            Event e = EventCodec.decode(entry, List.of());
            return e.changesDecisions() ? e : null;
        } catch (RuntimeException e) {
            throw new Refused("entry " + index + " could not be read: " + e.getMessage());
        }
    }

    /**
     * Takes a signed checkpoint. When it covers entries held, their root must match: then they
     * are applied and published, and the revision reached is returned; else -1 (nothing to do).
     *
     * @throws Refused when the note's signature fails, or the entries do not give its root
     */
    long checkpoint(String note) throws Refused {
        // Cheap first: a checkpoint that covers nothing new is not worth a signature check
        // (a heartbeat repeats the last one).
        long size = unverifiedSize(note);
        if (base == null || size < base.size() || size > next() || size == base.size() && baseVerified) {
            return -1;
        }
        Checkpoint cp = VERIFIED.open(note, logKeys);
        if (!quorum.witnesses().isEmpty()) {
            try {
                quorum.open(note, logKeys);
            } catch (NoteException e) {
                return -1; // not yet cosigned by enough witnesses: a later checkpoint will be
            }
        }
        if (cp.size() != size) {
            throw new Refused("a checkpoint's size line does not parse as its signed text says");
        }
        int take = (int) (cp.size() - base.size());
        Frontier f = base;
        for (int i = 0; i < take; i++) {
            f = f.append(pending.get(i).leaf());
        }
        if (!Arrays.equals(f.root(), cp.root())) {
            String what = take == 0 ? "the state snapshot's frontier" : "entries " + base.size() + " to " + (cp.size() - 1);
            throw new Refused(what + " do not give the root of the log's signed checkpoint of size " + cp.size());
        }
        if (take == 0 && baseVerified) {
            return -1;
        }
        List<Change> changes = new ArrayList<>();
        try {
            for (int i = 0; i < take; i++) {
                Pending p = pending.get(i);
                if (p.event() != null) {
                    changes.addAll(effects.apply(p.event(), "log entry " + p.index()));
                }
            }
            // Entries that change no decision (most of a case's) need no new engine snapshot: the
            // state decided on is the same, and decisions report the verified revision.
            if (!changes.isEmpty()) {
                decisions.publishReplica(engine.apply(changes, cp.size()), effects.types());
            } else if (take == 0) {
                decisions.publishReplica(engine.snapshot(), effects.types());
            }
        } catch (RuntimeException e) {
            base = null; // the effects may be half applied: start again from a snapshot
            throw new Refused("entries " + (cp.size() - take) + " to " + (cp.size() - 1) + " could not be applied: " + e.getMessage());
        }
        pending.subList(0, take).clear();
        base = f;
        baseVerified = true;
        verifiedCheckpoint = cp.size();
        revision = cp.size();
        return cp.size();
    }
}
