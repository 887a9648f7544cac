package dev.veto.cedar.entity;

import dev.veto.cedar.value.EntityUid;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An immutable entity store whose hierarchy's transitive closure is computed once, at
 * construction, as Cedar does, so that {@code in} at request time is a hash look-up.
 */
public final class Entities implements EntitySource {
    public static final Entities EMPTY = new Entities(Map.of());

    private final Map<EntityUid, Entity> byUid;

    private Entities(Map<EntityUid, Entity> byUid) {
        this.byUid = byUid;
    }

    /**
     * Builds the store. Entities given twice are merged only when identical; a cycle among parents
     * is refused, since {@code in} would no longer mean "is below".
     */
    public static Entities of(Collection<Entity> entities) {
        return of(entities, DEFAULT_MAX_LINKS);
    }

    /**
     * The most ancestor links (entity, ancestor) a store may hold by default. The closure of a
     * long chain grows with the square of its length; this bound turns a hostile hierarchy into
     * a clear error instead of an exhausted heap.
     */
    public static final long DEFAULT_MAX_LINKS = 20_000_000L;

    /** As {@link #of(Collection)}, refusing a hierarchy with more than {@code maxLinks} ancestor links. */
    public static Entities of(Collection<Entity> entities, long maxLinks) {
        Map<EntityUid, Entity> map = new LinkedHashMap<>();
        for (Entity e : entities) {
            Entity prev = map.putIfAbsent(e.uid(), e);
            if (prev != null && !sameContent(prev, e)) {
                throw new EntitiesException("entity `" + e.uid() + "` is defined twice with different contents");
            }
        }
        return new Entities(withAncestors(map, maxLinks));
    }

    private static boolean sameContent(Entity a, Entity b) {
        return a.attributes().equals(b.attributes()) && a.parents().equals(b.parents()) && a.tags().equals(b.tags());
    }

    /**
     * Computes every entity's ancestors by an iterative depth-first walk (no recursion, so a long
     * chain of parents cannot overflow the stack), detecting cycles with the usual three colours.
     * A parent that is not in the store is an ancestor with no ancestors of its own.
     */
    private static Map<EntityUid, Entity> withAncestors(Map<EntityUid, Entity> map, long maxLinks) {
        Map<EntityUid, Set<EntityUid>> done = new HashMap<>();
        long links = 0;
        Set<EntityUid> onPath = new HashSet<>();
        for (EntityUid root : map.keySet()) {
            if (done.containsKey(root)) {
                continue;
            }
            ArrayDeque<Frame> stack = new ArrayDeque<>();
            stack.push(new Frame(root, map.get(root).parents().iterator()));
            onPath.add(root);
            while (!stack.isEmpty()) {
                Frame f = stack.peek();
                if (f.parents.hasNext()) {
                    EntityUid p = f.parents.next();
                    if (onPath.contains(p)) {
                        throw new EntitiesException("entity hierarchy has a cycle: " + cycle(stack, p));
                    }
                    Entity pe = map.get(p);
                    if (pe != null && !done.containsKey(p)) {
                        stack.push(new Frame(p, pe.parents().iterator()));
                        onPath.add(p);
                    }
                    continue;
                }
                stack.pop();
                onPath.remove(f.uid);
                Set<EntityUid> anc = new HashSet<>();
                for (EntityUid p : map.get(f.uid).parents()) {
                    anc.add(p);
                    Set<EntityUid> pa = done.get(p);
                    if (pa != null) {
                        anc.addAll(pa);
                    }
                }
                links += anc.size();
                if (links > maxLinks) {
                    throw new EntitiesException("entity hierarchy too large: more than " + maxLinks
                            + " (entity, ancestor) pairs; flatten very deep chains of parents");
                }
                done.put(f.uid, anc);
            }
        }
        Map<EntityUid, Entity> out = new HashMap<>(map.size() * 2);
        for (Entity e : map.values()) {
            out.put(e.uid(), e.withAncestors(done.get(e.uid())));
        }
        return out;
    }

    private static String cycle(ArrayDeque<Frame> stack, EntityUid back) {
        List<String> names = new ArrayList<>();
        Iterator<Frame> it = stack.descendingIterator();
        boolean in = false;
        while (it.hasNext()) {
            Frame f = it.next();
            in |= f.uid.equals(back);
            if (in) {
                names.add(f.uid.toString());
            }
        }
        names.add(back.toString());
        return String.join(" -> ", names);
    }

    private record Frame(EntityUid uid, Iterator<EntityUid> parents) {}

    @Override
    public Entity get(EntityUid uid) {
        return byUid.get(uid);
    }

    public Collection<Entity> all() {
        return byUid.values();
    }

    public int size() {
        return byUid.size();
    }
}
