package dev.veto.control;

import dev.veto.cedar.entity.Entity;
import dev.veto.cedar.value.EntityUid;
import dev.veto.engine.EngineRequest;
import dev.veto.engine.EngineResponse;
import dev.veto.engine.SliceRule;
import dev.veto.engine.Snapshot;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The decision path: every request is decided on one published state (an engine snapshot and
 * the shadow policies of the same revision), read once, so the slice guard, the decision, the
 * shadow evaluation and the revision reported all belong to one revision. It takes no lock and
 * shares none with commands; the {@link EventLog} publishes the next state with one write.
 */
public final class Decisions {
    /**
     * What one revision decides with: read together, so they can never mix revisions.
     * {@code requests} is the platform schema's request check, null while requests are not
     * checked (always in a replica: enforcement points decide what they are asked).
     */
    private record Published(Snapshot snapshot, Shadow.Policies shadow, Set<String> types, String[] typeArray, RequestSchema requests) {
        Published(Snapshot snapshot, Shadow.Policies shadow, Set<String> types, RequestSchema requests, Published before) {
            this(snapshot, shadow, types, before != null && before.types() == types ? before.typeArray() : types.toArray(String[]::new), requests);
        }
    }

    /** The stored type that differs from {@code type} only in letter case, or null; without allocating (it runs on every request for an unstored type). */
    private static String sameButForCase(String type, String[] stored) {
        for (String t : stored) {
            if (t.length() == type.length() && t.equalsIgnoreCase(type)) {
                return t;
            }
        }
        return null;
    }

    private volatile Published current;
    private final Clock clock;
    private final Shadow shadow = new Shadow();
    /** Allowed decisions kept for impact previews; null in a replica, which keeps none. */
    private final RecentDecisions recent;

    Decisions(Snapshot initial, Clock clock) {
        this(initial, Set.of(), clock, new RecentDecisions(4096));
    }

    private Decisions(Snapshot initial, Set<String> types, Clock clock, RecentDecisions recent) {
        this.current = new Published(initial, Shadow.Policies.NONE, Set.copyOf(types), (RequestSchema) null, null);
        this.clock = clock;
        this.recent = recent;
    }

    /**
     * The decision path of an enforcement point's replica: the same guards on the same state as
     * the server's (so a replica refuses and decides exactly as the server would), without shadow
     * evaluation or the record of recent decisions, which only the server keeps.
     */
    public static Decisions replica(Snapshot initial, Set<String> types, Clock clock) {
        return new Decisions(initial, types, clock, null);
    }

    /** Makes {@code snapshot} and the known entity types, of one revision, what a replica's decisions read from now on. */
    public void publishReplica(Snapshot snapshot, Set<String> types) {
        current = new Published(snapshot, Shadow.Policies.NONE, types, null, current);
    }

    /**
     * Makes {@code snapshot}, the shadow policies, the known entity types and the request check
     * (null: none), of one revision, what decisions read from now on.
     */
    void publish(Snapshot snapshot, Shadow.Policies shadowPolicies, Set<String> types, RequestSchema requests) {
        current = new Published(snapshot, shadowPolicies, types, requests, current);
    }

    /** A decision, and what shadow-mode proposals would have decided. */
    public record Decision(EngineResponse response, List<EngineResponse.Reason> shadowDenials) {
        /** The revision the decision was made at: the log size its snapshot reflects. */
        public long revision() {
            return response.revision();
        }
    }

    /**
     * A request Veto refuses to decide, rather than decide wrongly: its action is not in the
     * catalog, its principal or resource is of a type Veto has never stored (a PEP that spells
     * {@code user} for {@code User} would otherwise be allowed through every enforcement), its
     * entities are not what a request may bring, or (while the platform schema checks requests)
     * it does not fit the schema. Nothing was decided.
     */
    public static final class Refused extends RuntimeException {
        private final String field;

        public Refused(String field, String message) {
            super(message, null, false, false);
            this.field = field;
        }

        /** The request field at fault: {@code action}, {@code principal}, {@code resource}, {@code context} or {@code entities}. */
        public String field() {
            return field;
        }
    }

    /** The most entities a request's slice may hold, and the longest chain of parents among them. */
    static final int MAX_SLICE = 1000;
    static final int MAX_SLICE_DEPTH = 64;

    /**
     * Decides {@code request} on the current state; an allowed request is also checked against
     * shadow-mode proposals.
     *
     * @throws Refused when the request names what Veto does not know, or its entities are refused
     */
    public Decision decide(EngineRequest request) {
        // INVARIANT: `current` is read once; everything below uses `at`, so a revision published
        // meanwhile cannot pair one revision's parents with another's policies.
        Published at = current;
        refuseHugeSlice(request.entities());
        // The guards need no look-ups of their own: the engine keeps a stored entity's parents
        // under the request's (SliceRule.EXTENDS, what guardSlice does) and reports whether it
        // found the action and placed principal and resource, all on the look-ups it makes to
        // decide. The answer is thrown away when a guard refuses the request.
        EngineResponse r = at.snapshot().authorize(request, SliceRule.EXTENDS);
        requireKnown(request, r, at);
        if (at.requests() != null) {
            at.requests().check(request);
        }
        refuseActionEntities(request.entities());
        List<EngineResponse.Reason> wouldDeny = List.of();
        if (recent != null || (r.isAllowed() && !at.shadow().isEmpty())) {
            // the server's path: what is kept and shadow-checked is the request as decided
            EngineRequest guarded = guardSlice(request, at.snapshot(), at.types());
            if (recent != null) {
                recent.record(guarded, r.isAllowed());
            }
            if (r.isAllowed() && !at.shadow().isEmpty()) {
                wouldDeny = shadow.wouldDeny(at.shadow(), guarded, at.snapshot(), clock.instant());
            }
        }
        return new Decision(r, wouldDeny);
    }

    /**
     * Starts the memory traffic a decision on {@code request} will need (see
     * {@link Snapshot#prefetch}); a batch calls it for the next requests before deciding this one.
     */
    public void prefetch(EngineRequest request) {
        current.snapshot().prefetch(request);
    }

    /** The snapshot decisions read now (its revision, counts, entities). */
    public Snapshot snapshot() {
        return current.snapshot();
    }

    /** How many decisions each shadow-mode proposal would have denied, by proposal id. */
    public Map<String, Long> shadowCounts() {
        return shadow.counts();
    }

    /** The allowed decisions recorded lately, for a proposal's impact preview. */
    List<EngineRequest> recent() {
        return recent == null ? List.of() : recent.snapshot();
    }

    /**
     * Refuses a request whose action is not in the catalog, or whose principal or resource Veto
     * cannot place: an entity of a type Veto has stored is placed by what is stored; an entity of
     * another type only when the request's own entities give it parents that lead to a stored
     * entity (a PEP may send its users and resources inline, under stored accounts). A type that
     * differs from a stored one only in letter case is always refused: that is a PEP spelling
     * {@code user} for {@code User}, and every enforcement on the real entity would miss it.
     */
    private static void requireKnown(EngineRequest r, EngineResponse found, Published at) {
        if (!found.actionKnown()) {
            throw new Refused("action", "action " + r.action() + " is not in the service catalog (names are case-sensitive, "
                    + "e.g. Action::\"storage:PutObject\"); see GET /v1/services");
        }
        requirePlaced("principal", r.principal(), found.principalPlaced(), at);
        requirePlaced("resource", r.resource(), found.resourcePlaced(), at);
    }

    /**
     * An entity of a type Veto has stored is placed by what is stored; one of another type only
     * when the engine found a numbered ancestor for it, which only the request's entities can
     * give it (a parent of it, or of a parent, that is stored).
     */
    private static void requirePlaced(String field, EntityUid uid, boolean underStored, Published at) {
        if (at.types().contains(uid.type())) {
            return;
        }
        String known = sameButForCase(uid.type(), at.typeArray());
        if (known != null) {
            throw new Refused(field, field + " " + uid + " is of type \"" + uid.type() + "\", but Veto stores \"" + known
                    + "\" (types are case-sensitive): send " + known + "::\"" + uid.id() + "\"");
        }
        if (!underStored) {
            throw new Refused(field, field + " " + uid + " is of type \"" + uid.type() + "\", which Veto has never stored, and the request's "
                    + "entities do not place it under a stored entity; send it in `entities` with its parents (e.g. its account), "
                    + "or store it first (PUT /v1/entities). Stored types: " + new java.util.TreeSet<>(at.types()));
        }
    }

    /** Refuses a slice too large or too deep to decide on (checked before the engine walks it). */
    private static void refuseHugeSlice(List<Entity> in) {
        if (in.size() > MAX_SLICE) {
            throw new Refused("entities", "a request brings at most " + MAX_SLICE + " entities; this one brings " + in.size());
        }
        if (in.size() > MAX_SLICE_DEPTH) {
            refuseDeepChains(in);
        }
    }

    /** Actions come from the catalog: a request's entities may not describe one. */
    private static void refuseActionEntities(List<Entity> in) {
        for (int i = 0; i < in.size(); i++) {
            Entity e = in.get(i);
            if (e.uid().type().equals("Action")) {
                throw new Refused("entities", "entity " + e.uid() + ": actions come from the service catalog; leave them out of the request");
            }
        }
    }

    /**
     * The request as it is decided: a request's entities may describe its principal and
     * resource, but not undo what Veto stores, so an entity Veto knows keeps its stored parents
     * (the slice can add parents, never detach it from a unit under enforcement). The engine
     * decides by the same rule itself ({@link SliceRule#EXTENDS}); this spells it out for what
     * keeps the request (the impact preview's recent decisions, shadow mode).
     */
    static EngineRequest guardSlice(EngineRequest r, Snapshot snap, Set<String> storedTypes) {
        List<Entity> in = r.entities();
        // made only when an entity changes: most slices pass as they are
        List<Entity> out = null;
        for (int i = 0; i < in.size(); i++) {
            Entity e = in.get(i);
            // an entity of a type never stored is not stored: no look-up (most slices' users and resources)
            Entity stored = storedTypes.contains(e.uid().type()) ? snap.get(e.uid()) : null;
            if (stored != null && !e.parents().containsAll(stored.parents())) {
                Set<EntityUid> parents = new LinkedHashSet<>(e.parents());
                parents.addAll(stored.parents());
                if (out == null) {
                    out = new ArrayList<>(in.subList(0, i));
                }
                out.add(Entity.of(e.uid(), e.attributes(), parents, e.tags()));
            } else if (out != null) {
                out.add(e);
            }
        }
        return out != null ? new EngineRequest(r.principal(), r.action(), r.resource(), r.context(), out) : r;
    }

    /**
     * Refuses a slice in which some entity sits more than {@value #MAX_SLICE_DEPTH} parents deep
     * below another of the slice (a real hierarchy is a few levels; a chain thousands deep is an
     * attack on the engine's walk of the hierarchy). Only slices longer than the bound can hold
     * such a chain, so only they are walked.
     */
    private static void refuseDeepChains(List<Entity> slice) {
        java.util.Map<EntityUid, Entity> byUid = new java.util.HashMap<>();
        for (Entity e : slice) {
            byUid.put(e.uid(), e);
        }
        java.util.Map<EntityUid, Integer> depth = new java.util.HashMap<>();
        for (Entity e : slice) {
            if (depthOf(e.uid(), byUid, depth) > MAX_SLICE_DEPTH) {
                throw new Refused("entities", "the request's entities chain more than " + MAX_SLICE_DEPTH + " parents deep (at " + e.uid()
                        + "); send the principal, the resource and their own parents");
            }
        }
    }

    /** How many slice parents stand above {@code uid} at most (cycles count once), computed without recursion. */
    private static int depthOf(EntityUid uid, java.util.Map<EntityUid, Entity> slice, java.util.Map<EntityUid, Integer> memo) {
        java.util.ArrayDeque<EntityUid> stack = new java.util.ArrayDeque<>();
        stack.push(uid);
        java.util.Set<EntityUid> onStack = new java.util.HashSet<>();
        while (!stack.isEmpty()) {
            EntityUid u = stack.peek();
            if (memo.containsKey(u)) {
                stack.pop();
                continue;
            }
            Entity e = slice.get(u);
            if (e == null) {
                memo.put(u, 0);
                stack.pop();
                continue;
            }
            if (onStack.add(u)) {
                for (EntityUid p : e.parents()) {
                    if (!memo.containsKey(p) && !onStack.contains(p)) {
                        stack.push(p);
                    }
                }
                continue;
            }
            int d = 0;
            for (EntityUid p : e.parents()) {
                d = Math.max(d, 1 + memo.getOrDefault(p, 0));
            }
            memo.put(u, d);
            onStack.remove(u);
            stack.pop();
        }
        return memo.get(uid);
    }
}
