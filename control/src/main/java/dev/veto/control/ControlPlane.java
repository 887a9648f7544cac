package dev.veto.control;

import java.security.SecureRandom;
import java.util.random.RandomGenerator;

import dev.veto.ledger.Log;
import java.time.Clock;

/**
 * The control plane on one log: the face the server and the command line use. Its parts have one
 * job each:
 * <ul>
 *   <li>{@link #decisions()}: the hot path, one published snapshot per decision, no lock;
 *   <li>{@link #commands()}: every write, decided by a rule on the latest state, appended, applied;
 *   <li>{@link #queries()}: every read, typed, under the access policy;
 *   <li>{@link #events()}: the log as the state's source: revisions, catching up, the feed's entries;
 *   <li>{@link #propagation()}: which enforcement points have applied which revision.
 * </ul>
 * On open, the state is rebuilt by replaying the log, which is the truth.
 */
public final class ControlPlane implements AutoCloseable {
    public static final String BASELINE_ID = "baseline";
    public static final String BASELINE_TEXT = "permit (principal, action, resource);";

    private final EventLog events;
    private final Commands commands;
    private final Queries queries;
    private final Propagation propagation = new Propagation();
    private final Clock clock;

    private ControlPlane(Log log, Clock clock, String provider, RandomGenerator salts) {
        this.clock = clock;
        this.events = new EventLog(log, clock, new State(provider), salts);
        this.commands = new Commands(events);
        this.queries = new Queries(events);
    }

    /**
     * Opens the control plane on a log: replays it, or installs the baseline policy in an empty
     * one. The log is closed with the control plane.
     */
    public static ControlPlane open(Log log, Clock clock) {
        return open(log, clock, "the platform operator");
    }

    /** As {@link #open(Log, Clock)}; {@code provider} is the platform's name as notices sign it. */
    public static ControlPlane open(Log log, Clock clock, String provider) {
        return open(log, clock, provider, new SecureRandom());
    }

    /**
     * As {@link #open(Log, Clock, String)}, drawing the salts of private parts from {@code salts}:
     * a {@link SecureRandom} in production, where a guessable salt would let anyone test guesses
     * of a private part against its public commitment; a seeded generator only where a test must
     * write the same log bytes twice.
     */
    public static ControlPlane open(Log log, Clock clock, String provider, RandomGenerator salts) {
        ControlPlane cp = new ControlPlane(log, clock, provider, salts);
        cp.events.catchUp();
        if (cp.events.revision() == 0) {
            cp.events.run((s, now) -> EventLog.Decided.of(null, (Event) new Event.PolicyPut(BASELINE_ID, BASELINE_TEXT, "veto")));
        }
        return cp;
    }

    public Decisions decisions() {
        return events.decisions();
    }

    public Commands commands() {
        return commands;
    }

    public Queries queries() {
        return queries;
    }

    public EventLog events() {
        return events;
    }

    /** Which enforcement points have applied which revision. */
    public Propagation propagation() {
        return propagation;
    }

    /**
     * Records an enforcement point's acknowledgement that it applied every entry below
     * {@code revision}, which must not be ahead of the log.
     */
    public Propagation.Ack acknowledge(Actor actor, String pep, long revision) {
        queries.require(actor, Permission.PEP_ACK);
        return propagation.ack(pep, revision, clock.instant(), events.revision());
    }

    /**
     * Records an enforcement point's NACK: it could not apply what follows {@code revision}, the
     * last revision it applied and still serves, because of {@code error}.
     */
    public Propagation.Ack refuse(Actor actor, String pep, long revision, String error) {
        queries.require(actor, Permission.PEP_ACK);
        return propagation.nack(pep, revision, error, clock.instant(), events.revision());
    }

    /** How far enforcement {@code id} has reached the enforcement points. */
    public Propagation.Report propagation(Actor actor, String enforcementId) {
        return propagation.report(queries.enforcement(actor, enforcementId), clock.instant());
    }

    /** The actor behind a bearer token; read without any lock, on every request. */
    public Actor authenticate(String token) {
        State state = events.current();
        return state.tokens.authenticate(token, clock.instant(), state.roster);
    }

    /**
     * The actor a signed-in person is: its subject, with the roles its identity provider's claims
     * give it (mapped by configuration) and the approver role while the subject is on the roster.
     * Claims never make an approver, and a customer holds its customer role alone.
     */
    public Actor signedIn(String subject, java.util.Set<Role> claimed, String org) {
        java.util.Set<Role> roles = java.util.EnumSet.noneOf(Role.class);
        roles.addAll(claimed);
        roles.remove(Role.APPROVER);
        if (roles.contains(Role.CUSTOMER)) {
            if (org == null) {
                throw new Rejection(Rejection.Kind.FORBIDDEN, "a customer's sign-in names no organization; the identity provider must send it");
            }
            return new Actor(subject, java.util.Set.of(Role.CUSTOMER), org);
        }
        if (events.current().roster.contains(subject)) {
            roles.add(Role.APPROVER);
        }
        if (roles.isEmpty()) {
            throw new Rejection(Rejection.Kind.FORBIDDEN, "\"" + subject + "\" holds no role in Veto; the identity provider's claims name none");
        }
        return new Actor(subject, roles, null);
    }

    /** The platform's name, as notices sign it. */
    public String provider() {
        return events.current().provider;
    }

    public Clock clock() {
        return clock;
    }

    /** The revision: how many log entries the current state reflects. */
    public long revision() {
        return events.revision();
    }

    /** Applies what other writers appended; see {@link EventLog#catchUp()}. */
    public void catchUp() {
        events.catchUp();
    }

    @Override
    public void close() {
        events.log().close();
    }
}
