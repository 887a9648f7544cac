package dev.veto.control;

import dev.veto.cedar.entity.Entity;
import dev.veto.cedar.entity.EntitySource;
import dev.veto.cedar.value.EntityUid;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A request's entity slice over the stored entities, for the few policies evaluated outside the
 * engine (shadow mode, impact previews): a slice entity replaces the stored one, and ancestry is
 * followed through either.
 */
final class OverlayEntities implements EntitySource {
    private final EntitySource base;
    private final Map<EntityUid, Entity> slice = new HashMap<>();

    OverlayEntities(EntitySource base, List<Entity> slice) {
        this.base = base;
        for (Entity e : slice) {
            this.slice.put(e.uid(), e);
        }
    }

    @Override
    public Entity get(EntityUid uid) {
        Entity e = slice.get(uid);
        if (e == null) {
            return base.get(uid);
        }
        return e.withAncestors(ancestors(uid));
    }

    @Override
    public boolean isAncestor(EntityUid descendant, EntityUid ancestor) {
        if (slice.isEmpty()) {
            return base.isAncestor(descendant, ancestor);
        }
        return ancestors(descendant).contains(ancestor);
    }

    private Set<EntityUid> ancestors(EntityUid uid) {
        Set<EntityUid> out = new HashSet<>();
        java.util.ArrayDeque<EntityUid> todo = new java.util.ArrayDeque<>();
        todo.add(uid);
        while (!todo.isEmpty()) {
            EntityUid u = todo.poll();
            Entity s = slice.get(u);
            Set<EntityUid> parents;
            if (s != null) {
                parents = s.parents();
            } else {
                Entity b = base.get(u);
                if (b == null) {
                    continue;
                }
                // Parents, not the stored ancestors: a slice entity further up may have moved.
                parents = b.parents();
            }
            for (EntityUid p : parents) {
                if (out.add(p)) {
                    todo.add(p);
                }
            }
        }
        return out;
    }
}
