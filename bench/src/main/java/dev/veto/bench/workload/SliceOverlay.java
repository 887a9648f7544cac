package dev.veto.bench.workload;

import dev.veto.cedar.entity.Entities;
import dev.veto.cedar.entity.Entity;
import dev.veto.cedar.entity.EntitySource;
import dev.veto.cedar.value.EntityUid;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A request's slice laid over a store of entities: the slice's entities (principal and resource)
 * get as ancestors their parents plus the stored ancestors of those parents, so
 * {@code principal in Unit::"…"} holds for a user whose account is in that unit.
 * Slice entities win over stored ones with the same id.
 */
public final class SliceOverlay implements EntitySource {
    private final Entities store;
    private final Map<EntityUid, Entity> slice;

    private SliceOverlay(Entities store, Map<EntityUid, Entity> slice) {
        this.store = store;
        this.slice = slice;
    }

    public static SliceOverlay of(Entities store, List<Entity> slice) {
        Map<EntityUid, Entity> m = new HashMap<>(slice.size() * 2);
        for (Entity e : slice) {
            Set<EntityUid> ancestors = new HashSet<>(e.parents());
            for (EntityUid p : e.parents()) {
                Entity stored = store.get(p);
                if (stored != null) {
                    ancestors.addAll(stored.ancestors());
                }
            }
            m.put(e.uid(), e.withAncestors(ancestors));
        }
        return new SliceOverlay(store, m);
    }

    @Override
    public Entity get(EntityUid uid) {
        Entity e = slice.get(uid);
        return e != null ? e : store.get(uid);
    }
}
