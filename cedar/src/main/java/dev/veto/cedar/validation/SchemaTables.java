package dev.veto.cedar.validation;

import dev.veto.cedar.schema.ActionDef;
import dev.veto.cedar.schema.EntityTypeDef;
import dev.veto.cedar.schema.Schema;
import dev.veto.cedar.validation.CedarType.Rec;
import dev.veto.cedar.value.EntityUid;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What validation needs of one schema, computed once and then only read (so one instance serves
 * any number of threads): entity types and actions numbered densely, their hierarchies closed
 * transitively, attribute, tag and context types converted, and the request environments (every
 * principal type × action × resource type an action applies to) as three parallel int arrays.
 *
 * <p>Why numbered: the per-policy work repeats per environment, and a policy set of ten thousand
 * policies against a hundred actions meets a million environment visits; bit sets and array
 * reads keep each visit to a few instructions (see {@link PolicyChecker}).
 */
final class SchemaTables {
    final Schema schema;

    final List<String> entityTypes;
    private final Map<String, Integer> entityIndex = new HashMap<>();
    private final Rec[] attrs;
    /** The tag type, or null when the type declares no tags (enumerated types never have tags). */
    private final CedarType[] tags;
    /** Transitive ancestor types of each entity type, not including itself. */
    private final List<Set<String>> ancestors = new ArrayList<>();
    /** Entity types (indices) that may be transitively in each type, including itself. */
    private final BitSet[] typesIn;

    final List<EntityUid> actions;
    private final Map<EntityUid, Integer> actionIndex = new HashMap<>();
    private final List<Set<EntityUid>> actionAncestors = new ArrayList<>();
    /** Actions (indices) transitively in each action, including itself. */
    private final BitSet[] actionsIn;
    private final BitSet[] appliesToPrincipal;
    private final BitSet[] appliesToResource;
    private final Rec[] context;
    /** Equal context types share an id, so typing that depends only on the context is shared. */
    private final int[] contextId;
    /** Each action's entity type, numbered. */
    private final int[] actionTypeIndex;
    /**
     * Actions with the same environments (the same principal and resource types) and the same
     * context type share a number: whatever typing does not read {@code action} comes out alike
     * for all of them (a catalog's thousands of operations are a handful of such classes).
     */
    private final int[] environmentClass;
    /** Action entity types, each with the action types its actions have ancestors of. */
    private final Map<String, Set<String>> actionTypeAncestors = new HashMap<>();

    /** The environments, grouped by action: those of action {@code a} are {@code envStart[a]} to {@code envStart[a + 1]}. */
    final int[] envPrincipal;
    final int[] envAction;
    final int[] envResource;
    final int[] envStart;

    SchemaTables(Schema schema) {
        this.schema = schema;
        entityTypes = List.copyOf(schema.entityTypes().keySet());
        int n = entityTypes.size();
        attrs = new Rec[n];
        tags = new CedarType[n];
        typesIn = new BitSet[n];
        for (int i = 0; i < n; i++) {
            String name = entityTypes.get(i);
            entityIndex.put(name, i);
            EntityTypeDef def = schema.entityTypes().get(name);
            attrs[i] = CedarType.of(def.shape());
            tags[i] = def.tags() == null || def.isEnum() ? null : CedarType.of(def.tags());
            typesIn[i] = new BitSet(n);
        }
        for (int i = 0; i < n; i++) {
            Set<String> up = closure(entityTypes.get(i), t -> schema.entityTypes().get(t).memberOfTypes());
            ancestors.add(up);
            typesIn[i].set(i);
            for (String a : up) {
                typesIn[entityIndex.get(a)].set(i);
            }
        }

        actions = List.copyOf(schema.actions().keySet());
        int m = actions.size();
        actionsIn = new BitSet[m];
        appliesToPrincipal = new BitSet[m];
        appliesToResource = new BitSet[m];
        context = new Rec[m];
        contextId = new int[m];
        Map<Rec, Integer> contexts = new HashMap<>();
        actionTypeIndex = new int[m];
        environmentClass = new int[m];
        Map<List<Object>, Integer> environmentClasses = new HashMap<>();
        Map<String, Integer> actionTypes = new HashMap<>();
        for (int i = 0; i < m; i++) {
            actionIndex.put(actions.get(i), i);
            actionsIn[i] = new BitSet(m);
        }
        List<int[]> envs = new ArrayList<>();
        envStart = new int[m + 1];
        for (int i = 0; i < m; i++) {
            envStart[i] = envs.size();
            EntityUid uid = actions.get(i);
            ActionDef def = schema.actions().get(uid);
            Set<EntityUid> up = closure(uid, a -> schema.actions().get(a).memberOf());
            actionAncestors.add(up);
            actionsIn[i].set(i);
            Set<String> upTypes = actionTypeAncestors.computeIfAbsent(uid.type(), t -> new HashSet<>());
            for (EntityUid a : up) {
                actionsIn[actionIndex.get(a)].set(i);
                upTypes.add(a.type());
            }
            appliesToPrincipal[i] = indices(def.principalTypes());
            appliesToResource[i] = indices(def.resourceTypes());
            context[i] = CedarType.of(def.context());
            contextId[i] = contexts.computeIfAbsent(context[i], c -> contexts.size());
            actionTypeIndex[i] = actionTypes.computeIfAbsent(uid.type(), x -> actionTypes.size());
            environmentClass[i] = environmentClasses.computeIfAbsent(List.of(appliesToPrincipal[i], appliesToResource[i], contextId[i]),
                    x -> environmentClasses.size());
            for (String p : def.principalTypes()) {
                for (String r : def.resourceTypes()) {
                    envs.add(new int[] {entityIndex.get(p), i, entityIndex.get(r)});
                }
            }
        }
        envStart[m] = envs.size();
        envPrincipal = new int[envs.size()];
        envAction = new int[envs.size()];
        envResource = new int[envs.size()];
        for (int e = 0; e < envs.size(); e++) {
            envPrincipal[e] = envs.get(e)[0];
            envAction[e] = envs.get(e)[1];
            envResource[e] = envs.get(e)[2];
        }
    }

    private static <T> Set<T> closure(T start, java.util.function.Function<T, Set<T>> parents) {
        Set<T> seen = new LinkedHashSet<>();
        Deque<T> todo = new ArrayDeque<>(parents.apply(start));
        while (!todo.isEmpty()) {
            T t = todo.pop();
            if (seen.add(t)) {
                todo.addAll(parents.apply(t));
            }
        }
        return seen;
    }

    private BitSet indices(Set<String> types) {
        BitSet b = new BitSet(entityTypes.size());
        for (String t : types) {
            b.set(entityIndex.get(t));
        }
        return b;
    }

    // ---- entity types

    /** The index of entity type {@code name}, or -1 when it is not a declared entity type. */
    int entityIndex(String name) {
        Integer i = entityIndex.get(name);
        return i == null ? -1 : i;
    }

    Rec attributes(int entityType) {
        return attrs[entityType];
    }

    /** The type of every tag of entities of this type, or null when they have none. */
    CedarType tagType(int entityType) {
        return tags[entityType];
    }

    /** Entity types whose entities may be in an entity of type {@code entityType}, itself included. */
    BitSet typesIn(int entityType) {
        return typesIn[entityType];
    }

    /** Whether {@code uid} may occur in a policy: an entity of a declared type (and id, if enumerated), or a declared action. */
    boolean isValidLiteral(EntityUid uid) {
        Integer i = entityIndex.get(uid.type());
        if (i != null) {
            List<String> ids = schema.entityTypes().get(uid.type()).enumIds();
            return ids == null || ids.contains(uid.id());
        }
        return actionIndex.containsKey(uid);
    }

    /**
     * Whether an entity of type {@code a} may be in one of type {@code b} (Lean's
     * {@code TypeEnv.descendentOf}); for action types, whether some action of type {@code a} has an
     * ancestor of type {@code b}.
     */
    boolean mayBeIn(String a, String b) {
        if (a.equals(b)) {
            return true;
        }
        Integer i = entityIndex.get(a);
        if (i != null) {
            return ancestors.get(i).contains(b);
        }
        Set<String> up = actionTypeAncestors.get(a);
        return up != null && up.contains(b);
    }

    /** Whether some declared action has type {@code type}. */
    boolean isActionType(String type) {
        return actionTypeAncestors.containsKey(type);
    }

    // ---- actions

    /** The index of action {@code uid}, or -1 when it is not declared. */
    int actionIndex(EntityUid uid) {
        Integer i = actionIndex.get(uid);
        return i == null ? -1 : i;
    }

    /** Whether declared action {@code a} is {@code b} or, transitively, a member of it. */
    boolean actionIn(EntityUid a, EntityUid b) {
        if (a.equals(b)) {
            return true;
        }
        Integer i = actionIndex.get(a);
        return i != null && actionAncestors.get(i).contains(b);
    }

    /** Actions transitively in action {@code action}, itself included. */
    BitSet actionsIn(int action) {
        return actionsIn[action];
    }

    BitSet principalTypes(int action) {
        return appliesToPrincipal[action];
    }

    BitSet resourceTypes(int action) {
        return appliesToResource[action];
    }

    Rec context(int action) {
        return context[action];
    }

    int actionTypeIndex(int action) {
        return actionTypeIndex[action];
    }

    int contextId(int action) {
        return contextId[action];
    }

    /** The class of actions with this one's environments and context type (see {@link #environmentClass}). */
    int environmentClass(int action) {
        return environmentClass[action];
    }

}
