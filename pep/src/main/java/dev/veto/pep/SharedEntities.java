package dev.veto.pep;

import dev.veto.cedar.entity.Entity;
import dev.veto.cedar.value.EntityUid;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Equal entities decoded from state snapshots by the enforcement points of one process, held
 * once while any of them is joining. Each point reads its own snapshot and decodes every entity
 * itself; this only replaces what it decoded by an equal instance already decoded, by itself or
 * by another point: uids, entities, parent sets and attribute and tag maps. A million-entity
 * platform costs about 125 MB of such objects per copy, and a hundred points in one process (the
 * propagation benchmark, or services that embed several points) would otherwise hold a hundred
 * copies. Within one point it also makes equal attribute maps and parent sets one object.
 *
 * <p>Why this is safe: an {@link Entity}, an {@link EntityUid} and the maps and sets they hold
 * are immutable values, compared by {@code equals}; whether two points hold the same instance
 * or two equal ones, no decision, no answer and no state can tell. Each point still keeps its
 * own engine (the id table, the indexes, the snapshots it publishes), its own feed and its own
 * acknowledgements, and applies every entry itself: what is shared is only what the engines
 * read and never write. An entity decoded differently by two points (they joined at different
 * revisions) is not shared; each keeps its own.
 *
 * <p>Lifetime: the table lives from the first join in progress to the end of the last one; the
 * instances then live on in the engines that hold them, the table itself is dropped, so it
 * keeps nothing alive after joins and grows with nothing but the snapshots being read. A point
 * that joins while no other is joining (as a single point per process always does) holds its own
 * copy, which shares equal values within itself.
 */
final class SharedEntities {
    private static final Object LOCK = new Object();
    private static int joining;
    private static SharedEntities current;

    /**
     * Each uid's entity, or its uid alone while it has been met only as a parent: one map, so
     * that a point decoding an entity another point already holds makes one look-up for it.
     */
    private final ConcurrentHashMap<EntityUid, Object> byUid = new ConcurrentHashMap<>();
    /** One-parent sets by their parent, the usual kind: siblings share one. */
    private final ConcurrentHashMap<EntityUid, Set<EntityUid>> singleParents = new ConcurrentHashMap<>();
    /** Other parent sets, and attribute and tag maps, each mapped to its first instance. */
    private final ConcurrentHashMap<Object, Object> values = new ConcurrentHashMap<>();

    private SharedEntities() {}

    /** The table for a join starting now; {@link #leave()} when the join ends, whatever its outcome. */
    static SharedEntities join() {
        synchronized (LOCK) {
            if (joining++ == 0) {
                current = new SharedEntities();
            }
            return current;
        }
    }

    void leave() {
        synchronized (LOCK) {
            if (--joining == 0) {
                current = null;
            }
        }
    }

    /** {@code e}, or an equal entity already held (whose uid, parents, attributes and tags are held too). */
    Entity share(Entity e) {
        Object held = byUid.get(e.uid());
        if (held instanceof Entity h && h.equals(e)) {
            return h;
        }
        EntityUid uid = held == null ? e.uid() : held instanceof Entity h ? h.uid() : (EntityUid) held;
        Entity mine = Entity.of(uid, value(e.attributes()), parents(e.parents()), value(e.tags()));
        Object now = byUid.compute(uid, (k, v) -> v instanceof Entity ? v : mine);
        return now.equals(mine) ? (Entity) now : mine;
    }

    private EntityUid uid(EntityUid u) {
        Object held = byUid.get(u);
        if (held == null) {
            held = byUid.putIfAbsent(u, u);
        }
        return held == null ? u : held instanceof Entity h ? h.uid() : (EntityUid) held;
    }

    private Set<EntityUid> parents(Set<EntityUid> parents) {
        return switch (parents.size()) {
            case 0 -> Set.of();
            case 1 -> singleParents.computeIfAbsent(uid(parents.iterator().next()), Set::of);
            default -> value(Set.of(parents.stream().map(this::uid).toArray(EntityUid[]::new)));
        };
    }

    @SuppressWarnings("unchecked")
    private <T> T value(T v) {
        if (v instanceof Map<?, ?> m && m.isEmpty()) {
            return v;
        }
        Object held = values.putIfAbsent(v, v);
        return held != null ? (T) held : v;
    }
}
