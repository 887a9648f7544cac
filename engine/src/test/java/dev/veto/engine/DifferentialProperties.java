package dev.veto.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.veto.cedar.ast.Request;
import dev.veto.cedar.authz.Authorizer;
import dev.veto.cedar.authz.PolicyError;
import dev.veto.cedar.authz.PolicySet;
import dev.veto.cedar.authz.Response;
import dev.veto.cedar.entity.Entities;
import dev.veto.cedar.entity.Entity;
import dev.veto.cedar.parser.PolicyParser;
import dev.veto.cedar.value.Datetime;
import dev.veto.cedar.value.EntityUid;
import dev.veto.cedar.value.LongValue;
import dev.veto.cedar.value.RecordValue;
import dev.veto.cedar.value.SetValue;
import dev.veto.cedar.value.StringValue;
import dev.veto.cedar.value.Value;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

/**
 * The indexed engine and the plain evaluate-every-policy authorizer agree on decision, reasons
 * and errors: 1,000 random worlds (hierarchies, attributes, policies), each changed by random
 * incremental updates, 100 random requests after each batch: 120,000 requests in all.
 */
class DifferentialProperties {
    private static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");
    private static final String[] TYPES = {"Org", "Unit", "Account", "User", "Doc"};
    private static final String[] ACTIONS = {"read", "write", "export", "admin", "list"};
    private static final String[] GROUPS = {"service:storage", "service:ai", "access:read", "access:write"};

    @Property(tries = 400)
    void engineAgreesWithThePlainAuthorizer(@ForAll long seed) {
        World w = new World(new Random(seed));
        Engine engine = new Engine(Clock.fixed(NOW, ZoneOffset.UTC));
        engine.apply(w.initial());
        for (int batch = 0; batch < 2; batch++) {
            for (int i = 0; i < 100; i++) {
                w.check(engine, w.randomRequest());
            }
            engine.apply(w.randomUpdates());
        }
        for (int i = 0; i < 100; i++) {
            w.check(engine, w.randomRequest());
        }
    }

    /** A random world, and the same world kept plainly (maps) for the reference authorizer. */
    static final class World {
        final Random rnd;
        final List<EntityUid> universe = new ArrayList<>();
        final Map<EntityUid, Entity> entities = new LinkedHashMap<>();
        final Map<String, String> policies = new LinkedHashMap<>();
        int policySeq;
        /** The reference policy set, parsed once per state. */
        PolicySet referencePolicies;

        World(Random rnd) {
            this.rnd = rnd;
            int n = 5 + rnd.nextInt(25);
            for (int i = 0; i < n; i++) {
                universe.add(EntityUid.of(TYPES[Math.min(TYPES.length - 1, i * TYPES.length / n)], "e" + i));
            }
            for (String a : ACTIONS) {
                universe.add(EntityUid.of("Action", a));
            }
            for (String g : GROUPS) {
                universe.add(EntityUid.of("Action", g));
            }
        }

        List<Change> initial() {
            List<Change> out = new ArrayList<>();
            for (int i = 0; i < universe.size(); i++) {
                if (rnd.nextInt(10) < 9) {
                    out.add(put(entity(i)));
                }
            }
            int np = rnd.nextInt(12);
            for (int i = 0; i < np; i++) {
                out.add(putPolicy());
            }
            return out;
        }

        List<Change> randomUpdates() {
            referencePolicies = null;
            List<Change> out = new ArrayList<>();
            int n = 1 + rnd.nextInt(5);
            for (int i = 0; i < n; i++) {
                switch (rnd.nextInt(5)) {
                    case 0, 1 -> out.add(put(entity(rnd.nextInt(universe.size()))));
                    case 2 -> {
                        EntityUid u = pick();
                        entities.remove(u);
                        out.add(new Change.RemoveEntity(u));
                    }
                    case 3 -> out.add(putPolicy());
                    default -> {
                        if (!policies.isEmpty()) {
                            String id = new ArrayList<>(policies.keySet()).get(rnd.nextInt(policies.size()));
                            policies.remove(id);
                            out.add(new Change.RemovePolicy(id));
                        }
                    }
                }
            }
            return out;
        }

        private Change put(Entity e) {
            entities.put(e.uid(), e);
            return new Change.PutEntity(e);
        }

        /** Entity number i; parents only among lower numbers, so the hierarchy stays acyclic. */
        Entity entity(int i) {
            EntityUid uid = universe.get(i);
            Set<EntityUid> parents = new LinkedHashSet<>();
            if (i > 0) {
                int np = rnd.nextInt(3);
                for (int k = 0; k < np; k++) {
                    parents.add(universe.get(rnd.nextInt(i)));
                }
            }
            if (uid.type().equals("Action") && rnd.nextBoolean()) {
                parents.add(EntityUid.of("Action", GROUPS[rnd.nextInt(GROUPS.length)]));
                parents.remove(uid);
                parents.removeIf(p -> universe.indexOf(p) >= i);
            }
            Map<String, Value> attrs = new HashMap<>();
            if (rnd.nextBoolean()) {
                attrs.put("level", LongValue.of(rnd.nextInt(5)));
            }
            if (rnd.nextBoolean()) {
                attrs.put("owner", pick());
            }
            if (rnd.nextBoolean()) {
                attrs.put("labels", SetValue.of(List.of(new StringValue("a"), new StringValue(rnd.nextBoolean() ? "b" : "c"))));
            }
            Map<String, Value> tags = rnd.nextInt(4) == 0 ? Map.of("t", LongValue.of(rnd.nextInt(3))) : Map.of();
            return Entity.of(uid, attrs, parents, tags);
        }

        EntityUid pick() {
            return universe.get(rnd.nextInt(universe.size()));
        }

        String lit(EntityUid u) {
            return u.toString();
        }

        private Change putPolicy() {
            String id = "p" + policySeq++;
            String text = randomPolicy();
            policies.put(id, text);
            return new Change.PutPolicy(id, PolicyParser.parsePolicy(text, id));
        }

        String scope(String var) {
            return switch (rnd.nextInt(6)) {
                case 0, 1 -> var;
                case 2 -> var + " == " + lit(pick());
                case 3 -> var + " in " + lit(pick());
                case 4 -> var + " is " + TYPES[rnd.nextInt(TYPES.length)];
                default -> var + " is " + TYPES[rnd.nextInt(TYPES.length)] + " in " + lit(pick());
            };
        }

        String actionScope() {
            return switch (rnd.nextInt(4)) {
                case 0 -> "action";
                case 1 -> "action == Action::\"" + (rnd.nextBoolean() ? ACTIONS[rnd.nextInt(ACTIONS.length)] : GROUPS[rnd.nextInt(GROUPS.length)]) + "\"";
                case 2 -> "action in Action::\"" + GROUPS[rnd.nextInt(GROUPS.length)] + "\"";
                default -> "action in [Action::\"" + GROUPS[rnd.nextInt(GROUPS.length)] + "\", Action::\""
                        + ACTIONS[rnd.nextInt(ACTIONS.length)] + "\", Action::\"" + GROUPS[rnd.nextInt(GROUPS.length)] + "\"]";
            };
        }

        String condition() {
            String v = rnd.nextBoolean() ? "principal" : "resource";
            return switch (rnd.nextInt(11)) {
                case 0 -> v + ".level > " + rnd.nextInt(4);
                case 1 -> v + " has level && " + v + ".level == " + rnd.nextInt(4);
                case 2 -> v + ".owner == " + lit(pick());
                case 3 -> v + " in " + lit(pick());
                case 4 -> v + ".labels.contains(\"b\")";
                case 5 -> "context.now < datetime(\"2027-01-01\")";
                case 6 -> "context.flag == true";
                case 7 -> v + ".hasTag(\"t\") && " + v + ".getTag(\"t\") == 1";
                case 8 -> "principal in resource.owner";
                case 9 -> v + " in [" + lit(pick()) + ", " + lit(pick()) + "]";
                default -> "resource.owner in principal";
            };
        }

        String randomPolicy() {
            StringBuilder b = new StringBuilder(rnd.nextInt(3) == 0 ? "forbid(" : "permit(");
            b.append(scope("principal")).append(", ").append(actionScope()).append(", ").append(scope("resource")).append(')');
            int nc = rnd.nextInt(3);
            for (int i = 0; i < nc; i++) {
                b.append(rnd.nextBoolean() ? " when { " : " unless { ").append(condition()).append(" }");
            }
            return b.append(';').toString();
        }

        EngineRequest randomRequest() {
            List<Entity> slice = new ArrayList<>();
            EntityUid principal = pick();
            EntityUid resource = pick();
            if (rnd.nextBoolean()) {
                principal = EntityUid.of("User", "caller" + rnd.nextInt(3));
                slice.add(Entity.of(principal, rnd.nextBoolean() ? Map.of("level", LongValue.of(rnd.nextInt(5))) : Map.of(),
                        rnd.nextBoolean() ? Set.of(pick()) : new LinkedHashSet<>(List.of(pick(), pick())), Map.of()));
            }
            if (rnd.nextInt(3) == 0) {
                resource = EntityUid.of("Doc", "new" + rnd.nextInt(3));
                Set<EntityUid> parents = rnd.nextBoolean() && !slice.isEmpty() ? Set.of(principal) : Set.of(pick());
                slice.add(Entity.of(resource, Map.of("owner", principal), parents, Map.of()));
            }
            if (rnd.nextInt(4) == 0) {
                // the slice replaces a stored entity (or gives one that stored entities name as a
                // parent): everything below it must see the slice's version of the hierarchy
                int k = rnd.nextInt(universe.size() - ACTIONS.length - GROUPS.length);
                EntityUid over = universe.get(k);
                if (slice.stream().noneMatch(e -> e.uid().equals(over))) {
                    slice.add(entity(k));
                }
            }
            Map<String, Value> ctx = new HashMap<>();
            if (rnd.nextBoolean()) {
                ctx.put("flag", dev.veto.cedar.value.BoolValue.of(rnd.nextBoolean()));
            }
            EntityUid action = EntityUid.of("Action", rnd.nextInt(6) == 0 ? GROUPS[rnd.nextInt(GROUPS.length)] : ACTIONS[rnd.nextInt(ACTIONS.length)]);
            return new EngineRequest(principal, action, resource, new RecordValue(ctx), slice);
        }

        void check(Engine engine, EngineRequest r) {
            check(engine.authorize(r), r, SliceRule.REPLACES);
            EngineResponse extended = engine.snapshot().authorize(r, SliceRule.EXTENDS);
            check(extended, r, SliceRule.EXTENDS);
            checkFound(extended, engine.snapshot(), r);
        }

        /**
         * What the engine reports found equals what a walk of the request's view of the
         * hierarchy finds: the action has an id; principal and resource have an ancestor with one.
         */
        void checkFound(EngineResponse got, Snapshot snap, EngineRequest r) {
            String context = "request " + r + "\nentities " + entities.values();
            assertThat(got.actionKnown()).as(context).isEqualTo(snap.contains(r.action()));
            assertThat(got.principalPlaced()).as(context).isEqualTo(underNumbered(r.principal(), r, snap));
            assertThat(got.resourcePlaced()).as(context).isEqualTo(underNumbered(r.resource(), r, snap));
        }

        private boolean underNumbered(EntityUid uid, EngineRequest r, Snapshot snap) {
            Map<EntityUid, Entity> view = viewOf(r, SliceRule.EXTENDS);
            java.util.ArrayDeque<EntityUid> todo = new java.util.ArrayDeque<>(List.of(uid));
            Set<EntityUid> seen = new java.util.HashSet<>();
            while (!todo.isEmpty()) {
                Entity e = view.get(todo.poll());
                if (e == null || !seen.add(e.uid())) {
                    continue;
                }
                for (EntityUid p : e.parents()) {
                    if (snap.contains(p)) {
                        return true;
                    }
                    todo.add(p);
                }
            }
            return false;
        }

        /** The entities a request is decided on: the stored ones with the slice over them, by {@code rule}. */
        private Map<EntityUid, Entity> viewOf(EngineRequest r, SliceRule rule) {
            Map<EntityUid, Entity> all = new LinkedHashMap<>(entities);
            for (Entity e : r.entities()) {
                Entity stored = entities.get(e.uid());
                if (rule == SliceRule.EXTENDS && stored != null && !e.parents().containsAll(stored.parents())) {
                    Set<EntityUid> parents = new LinkedHashSet<>(e.parents());
                    parents.addAll(stored.parents());
                    e = Entity.of(e.uid(), e.attributes(), parents, e.tags());
                }
                all.put(e.uid(), e);
            }
            return all;
        }

        void check(EngineResponse got, EngineRequest r, SliceRule rule) {
            Map<EntityUid, Entity> all = viewOf(r, rule);
            if (referencePolicies == null) {
                PolicySet set = PolicySet.EMPTY;
                for (Map.Entry<String, String> p : policies.entrySet()) {
                    set = set.with(p.getKey(), PolicyParser.parsePolicy(p.getValue(), p.getKey()));
                }
                referencePolicies = set;
            }
            PolicySet set = referencePolicies;
            Map<String, Value> ctx = new HashMap<>(r.context().attributes());
            ctx.put("now", new Datetime(NOW.toEpochMilli()));
            Response want = Authorizer.isAuthorized(new Request(r.principal(), r.action(), r.resource(), new RecordValue(ctx)),
                    set, Entities.of(all.values()));
            String context = rule + " request " + r + "\npolicies " + policies + "\nentities " + all.values();
            assertThat(got.decision()).as(context).isEqualTo(want.decision());
            assertThat(new TreeSet<>(got.reasonIds())).as(context).isEqualTo(new TreeSet<>(want.reasonIds()));
            assertThat(new TreeSet<>(got.errors().stream().map(PolicyError::policyId).toList())).as(context)
                    .isEqualTo(new TreeSet<>(want.errors().stream().map(PolicyError::policyId).toList()));
        }
    }
}
