package dev.veto.control;

import dev.veto.cedar.entity.Entity;
import dev.veto.cedar.value.EntityUid;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Walks the stored platform hierarchy (orgs, units, accounts) for the commands' checks. */
final class Hierarchy {
    private Hierarchy() {}

    /** The id of the {@code Org} at or above {@code uid}, the nearest first, or null when there is none. */
    static String orgOf(EntityUid uid, Map<EntityUid, Entity> entities) {
        if (uid.type().equals("Org")) {
            return uid.id();
        }
        for (EntityUid a : ancestors(uid, entities, Map.of())) {
            if (a.type().equals("Org")) {
                return a.id();
            }
        }
        return null;
    }

    /** Whether {@code ancestor} is above {@code descendant} in the stored hierarchy. */
    static boolean isAncestor(EntityUid descendant, EntityUid ancestor, Map<EntityUid, Entity> entities) {
        return ancestors(descendant, entities, Map.of()).contains(ancestor);
    }

    /**
     * The ancestors of {@code uid}, nearest first, its parents (and theirs) taken from
     * {@code override} where it has them, else from {@code stored}: the hierarchy as a write
     * would leave it.
     */
    static Set<EntityUid> ancestors(EntityUid uid, Map<EntityUid, Entity> stored, Map<EntityUid, Set<EntityUid>> override) {
        Set<EntityUid> out = new LinkedHashSet<>();
        ArrayDeque<EntityUid> todo = new ArrayDeque<>(List.of(uid));
        while (!todo.isEmpty()) {
            EntityUid u = todo.poll();
            Set<EntityUid> parents = override.get(u);
            if (parents == null) {
                Entity e = stored.get(u);
                parents = e == null ? Set.of() : e.parents();
            }
            for (EntityUid p : parents) {
                if (out.add(p)) {
                    todo.add(p);
                }
            }
        }
        return out;
    }

    /**
     * Refuses a batch that would make an entity its own ancestor, naming the cycle, before
     * anything is written.
     */
    static void refuseCycles(List<Entity> batch, Map<EntityUid, Entity> stored) {
        Map<EntityUid, Set<EntityUid>> parents = new HashMap<>();
        for (Entity e : batch) {
            parents.put(e.uid(), e.parents());
        }
        Map<EntityUid, Integer> color = new HashMap<>(); // 1 = on the path, 2 = done
        for (Entity e : batch) {
            ArrayDeque<EntityUid> path = new ArrayDeque<>();
            visit(e.uid(), parents, stored, color, path);
        }
    }

    private static void visit(EntityUid u, Map<EntityUid, Set<EntityUid>> batch, Map<EntityUid, Entity> stored,
            Map<EntityUid, Integer> color, ArrayDeque<EntityUid> path) {
        Integer c = color.get(u);
        if (c != null) {
            if (c == 1) {
                StringBuilder cycle = new StringBuilder();
                boolean on = false;
                for (EntityUid p : path) {
                    on |= p.equals(u);
                    if (on) {
                        cycle.append(p).append(" → ");
                    }
                }
                throw Rejection.invalid(null, "these parents would make a cycle: " + cycle + u + "; an entity cannot be its own ancestor");
            }
            return;
        }
        color.put(u, 1);
        path.addLast(u);
        Set<EntityUid> ps = batch.get(u);
        if (ps == null) {
            Entity e = stored.get(u);
            ps = e == null ? Set.of() : e.parents();
        }
        for (EntityUid p : ps) {
            visit(p, batch, stored, color, path);
        }
        path.removeLast();
        color.put(u, 2);
    }
}
