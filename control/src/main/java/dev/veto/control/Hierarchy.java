package dev.veto.control;

import dev.veto.cedar.entity.Entity;
import dev.veto.cedar.value.EntityUid;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Walks the stored platform hierarchy (orgs, units, accounts) for the commands' checks. */
final class Hierarchy {
    private Hierarchy() {}

    /** The id of the {@code Org} at or above {@code uid}, or null when there is none. */
    static String orgOf(EntityUid uid, Map<EntityUid, Entity> entities) {
        Set<EntityUid> seen = new HashSet<>();
        ArrayDeque<EntityUid> todo = new ArrayDeque<>(List.of(uid));
        while (!todo.isEmpty()) {
            EntityUid u = todo.poll();
            if (!seen.add(u)) {
                continue;
            }
            if (u.type().equals("Org")) {
                return u.id();
            }
            Entity e = entities.get(u);
            if (e != null) {
                todo.addAll(e.parents());
            }
        }
        return null;
    }

    /** Whether {@code ancestor} is above {@code descendant} in the stored hierarchy. */
    static boolean isAncestor(EntityUid descendant, EntityUid ancestor, Map<EntityUid, Entity> entities) {
        Set<EntityUid> seen = new HashSet<>();
        ArrayDeque<EntityUid> todo = new ArrayDeque<>(List.of(descendant));
        while (!todo.isEmpty()) {
            Entity e = entities.get(todo.poll());
            if (e == null) {
                continue;
            }
            for (EntityUid p : e.parents()) {
                if (p.equals(ancestor)) {
                    return true;
                }
                if (seen.add(p)) {
                    todo.add(p);
                }
            }
        }
        return false;
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
