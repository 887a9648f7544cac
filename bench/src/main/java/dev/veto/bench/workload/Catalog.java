package dev.veto.bench.workload;

import dev.veto.cedar.entity.Entity;
import dev.veto.cedar.value.EntityUid;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The service catalog: {@code services} services with the same {@value WorkloadCounts#OPERATIONS_PER_SERVICE}
 * operations each. Operation {@code o} of service {@code s} is the action
 * {@code Action::"<service>:<operation>"}, a member of {@code Action::"service:<service>"} and of
 * one {@code Action::"access:<kind>"} group, as ARCHITECTURE.md models actions.
 */
public final class Catalog {
    private static final String[] BASE_NAMES = {
        "storage", "compute", "speech", "vision", "translate", "database", "queue", "functions",
        "search", "analytics", "ml", "maps", "email", "identity", "kms", "dns", "cdn", "backup",
        "streaming", "iot",
    };

    private record Operation(String name, Access access) {}

    // 7 read, 6 write, 4 export, 3 admin: reads dominate real traffic
    private static final List<Operation> OPERATIONS = List.of(
            new Operation("get", Access.READ), new Operation("list", Access.READ),
            new Operation("describe", Access.READ), new Operation("head", Access.READ),
            new Operation("search", Access.READ), new Operation("query", Access.READ),
            new Operation("watch", Access.READ),
            new Operation("put", Access.WRITE), new Operation("create", Access.WRITE),
            new Operation("update", Access.WRITE), new Operation("delete", Access.WRITE),
            new Operation("copy", Access.WRITE), new Operation("tag", Access.WRITE),
            new Operation("export", Access.EXPORT), new Operation("download", Access.EXPORT),
            new Operation("snapshot", Access.EXPORT), new Operation("replicate", Access.EXPORT),
            new Operation("setPolicy", Access.ADMIN), new Operation("grant", Access.ADMIN),
            new Operation("configure", Access.ADMIN));

    static {
        if (OPERATIONS.size() != WorkloadCounts.OPERATIONS_PER_SERVICE) {
            throw new AssertionError("catalog lists " + OPERATIONS.size() + " operations");
        }
    }

    private final String[] services;
    private final EntityUid[] serviceGroups;
    private final EntityUid[] actions;
    private final Map<EntityUid, Integer> actionIndex;

    Catalog(int serviceCount) {
        services = new String[serviceCount];
        serviceGroups = new EntityUid[serviceCount];
        actions = new EntityUid[serviceCount * OPERATIONS.size()];
        for (int s = 0; s < serviceCount; s++) {
            int round = s / BASE_NAMES.length;
            services[s] = BASE_NAMES[s % BASE_NAMES.length] + (round == 0 ? "" : Integer.toString(round + 1));
            serviceGroups[s] = EntityUid.of("Action", "service:" + services[s]);
            for (int o = 0; o < OPERATIONS.size(); o++) {
                actions[s * OPERATIONS.size() + o] = EntityUid.of("Action", services[s] + ":" + OPERATIONS.get(o).name());
            }
        }
        actionIndex = new HashMap<>(actions.length * 2);
        for (int a = 0; a < actions.length; a++) {
            actionIndex.put(actions[a], a);
        }
    }

    public int services() {
        return services.length;
    }

    /** How many actions (operations of all services). */
    public int actions() {
        return actions.length;
    }

    public String service(int s) {
        return services[s];
    }

    /** {@code Action::"service:<service>"}. */
    public EntityUid serviceGroup(int s) {
        return serviceGroups[s];
    }

    /** Action number {@code a}: operation {@code a % 20} of service {@code a / 20}. */
    public EntityUid action(int a) {
        return actions[a];
    }

    /** The action for operation {@code operation} of service {@code service}. */
    public EntityUid action(int service, int operation) {
        return actions[service * OPERATIONS.size() + operation];
    }

    public Access access(int action) {
        return OPERATIONS.get(action % OPERATIONS.size()).access();
    }

    /** The entity of action {@code a}, with its service group and access group as parents. */
    public Entity actionEntity(int a) {
        Set<EntityUid> parents = new LinkedHashSet<>(2);
        parents.add(serviceGroups[a / OPERATIONS.size()]);
        parents.add(access(a).group());
        return Entity.of(actions[a], Map.of(), parents, Map.of());
    }

    /** The action number of {@code uid}, or -1 when it is not an operation of this catalog. */
    public int actionIndex(EntityUid uid) {
        return actionIndex.getOrDefault(uid, -1);
    }

    /** Every action entity: the operations, then the service groups, then the access groups (no parents). */
    public List<Entity> entities() {
        List<Entity> out = new ArrayList<>(actions.length + services.length + Access.values().length);
        for (int a = 0; a < actions.length; a++) {
            out.add(actionEntity(a));
        }
        for (EntityUid g : serviceGroups) {
            out.add(Entity.of(g, Map.of(), Set.of(), Map.of()));
        }
        for (Access k : Access.values()) {
            out.add(Entity.of(k.group(), Map.of(), Set.of(), Map.of()));
        }
        return out;
    }
}
