package dev.veto.bench.workload;

import dev.veto.cedar.ast.Policy;
import dev.veto.cedar.ast.Request;
import dev.veto.cedar.authz.PolicySet;
import dev.veto.cedar.entity.Entities;
import dev.veto.cedar.entity.Entity;
import dev.veto.cedar.parser.PolicyParser;
import dev.veto.cedar.value.BoolValue;
import dev.veto.cedar.value.Datetime;
import dev.veto.cedar.value.EntityUid;
import dev.veto.cedar.value.IpAddr;
import dev.veto.cedar.value.LongValue;
import dev.veto.cedar.value.RecordValue;
import dev.veto.cedar.value.StringValue;
import dev.veto.cedar.value.Value;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;
import java.util.stream.LongStream;
import java.util.stream.Stream;

/**
 * A deterministic model of the platform Veto guards (ARCHITECTURE.md, "Platform model in Cedar"):
 * orgs, unit trees, accounts, a service catalog, enforcement {@code forbid} policies, general
 * {@code permit} policies and a stream of requests. The same seed and counts give the same
 * workload, byte for byte when {@linkplain WorkloadFiles written out}, on any JDK.
 *
 * <p>Memory: the hierarchy is held as primitive arrays (about 10 bytes per account); cedar
 * {@link Entity} objects are made only when asked for, by {@link #entities()} (a lazy stream) or
 * by the request slices. At full scale (1.1 million stored entities) the workload itself holds
 * about 20 MB plus the parsed policies.
 *
 * <p>Requests: about 10% are <em>targeted</em> at an enforcement (the principal's or the
 * resource's account is directly under an enforced unit, the action one of its services), so that
 * denials, export windows and resource-side twins all occur; the rest are uniform. 80% of
 * requests act on a resource in the principal's own account.
 */
public final class PlatformWorkload {
    /** The instant requests are made at, and around which export windows end (±60 days). */
    public static final Instant NOW = Instant.parse("2027-01-01T00:00:00Z");

    static final String[] TIERS = {"free", "standard", "enterprise"};
    static final String[] REGIONS = {"eu-west", "eu-central", "us-east", "us-west", "ap-south", "ap-northeast", "sa-east", "af-south"};
    static final String[] PRINCIPLES = {
        "no-mass-surveillance", "no-malware-distribution", "no-fraud", "no-critical-infrastructure-attacks", "no-spam",
    };
    static final String[] RESOURCE_TYPES = {"Object", "Table", "Model"};
    static final String[] CLASSIFICATIONS = {"public", "internal", "confidential"};
    static final int USERS_PER_ACCOUNT = 50;
    static final int WORKLOADS_PER_ACCOUNT = 10;
    static final int RESOURCES_PER_ACCOUNT = 1000;
    static final double TARGETED_REQUESTS = 0.10;
    static final double SAME_ACCOUNT_REQUESTS = 0.80;
    private static final long DAY_MILLIS = 86_400_000L;
    private static final int MAX_UNIT_DEPTH = 6;
    private static final String PRIVATE_RANGE = "10.0.0.0/8";

    private final long seed;
    private final WorkloadCounts counts;
    private final Catalog catalog;
    private final long nowMillis = NOW.toEpochMilli();

    // the hierarchy as arrays; why: a million Entity objects would cost ~500 MB
    private final byte[] orgTier;
    private final int[] unitOrg;
    /** A unit's parent unit, or -1 when its parent is its org. */
    private final int[] unitParent;
    /** An account's parent: a unit u as u, an org o as -(o + 1). */
    private final int[] accountParent;
    private final byte[] accountRegion;
    /** Accounts directly under unit u: {@code unitAccounts[unitAccountStart[u] .. unitAccountStart[u + 1])}. */
    private final int[] unitAccountStart;
    private final int[] unitAccounts;

    private final int[] enforcedUnit;
    private final int[][] enforcedServices;

    private final Map<String, String> policyTexts;
    private final Map<String, Policy> policies;

    private PlatformWorkload(long seed, WorkloadCounts counts) {
        this.seed = seed;
        this.counts = counts;
        this.catalog = new Catalog(counts.services());
        SplitMix rng = SplitMix.forStream(seed, -1);

        orgTier = new byte[counts.orgs()];
        for (int o = 0; o < orgTier.length; o++) {
            orgTier[o] = (byte) rng.nextInt(TIERS.length);
        }

        // units: draw each unit's org (a few large orgs hold 30% of them), then number them so
        // that each org's units are contiguous and a parent always precedes its children
        int units = counts.units();
        int[] perOrg = new int[counts.orgs()];
        for (int u = 0; u < units; u++) {
            perOrg[pickOrg(rng)]++;
        }
        unitOrg = new int[units];
        unitParent = new int[units];
        byte[] depth = new byte[units];
        int next = 0;
        for (int o = 0; o < perOrg.length; o++) {
            int first = next;
            for (int k = 0; k < perOrg[o]; k++, next++) {
                unitOrg[next] = o;
                if (k == 0 || rng.chance(0.25)) {
                    unitParent[next] = -1;
                    depth[next] = 1;
                } else {
                    int p = first + rng.nextInt(k);
                    if (depth[p] >= MAX_UNIT_DEPTH) {
                        p = unitParent[p];
                    }
                    unitParent[next] = p;
                    depth[next] = (byte) (depth[p] + 1);
                }
            }
        }

        accountParent = new int[counts.accounts()];
        accountRegion = new byte[counts.accounts()];
        int[] directAccounts = new int[units + 1];
        for (int a = 0; a < accountParent.length; a++) {
            if (rng.chance(0.05)) {
                accountParent[a] = -(pickOrg(rng) + 1);
            } else {
                int u = rng.nextInt(units);
                accountParent[a] = u;
                directAccounts[u + 1]++;
            }
            accountRegion[a] = (byte) rng.nextInt(REGIONS.length);
        }
        unitAccountStart = new int[units + 1];
        for (int u = 0; u < units; u++) {
            unitAccountStart[u + 1] = unitAccountStart[u] + directAccounts[u + 1];
        }
        unitAccounts = new int[unitAccountStart[units]];
        int[] fill = Arrays.copyOf(unitAccountStart, units);
        for (int a = 0; a < accountParent.length; a++) {
            if (accountParent[a] >= 0) {
                unitAccounts[fill[accountParent[a]]++] = a;
            }
        }

        policyTexts = new LinkedHashMap<>();
        int enforcements = counts.enforcements();
        enforcedUnit = new int[enforcements];
        enforcedServices = new int[enforcements][];
        for (int e = 0; e < enforcements; e++) {
            enforcedUnit[e] = rng.nextInt(units);
            enforcedServices[e] = distinctServices(rng, 1 + rng.nextInt(Math.min(3, counts.services())));
            // exactly half the enforcements have an export window; half of those have ended
            long windowEnd = e % 2 == 0 ? nowMillis + (rng.nextInt(121) - 60) * DAY_MILLIS : Long.MIN_VALUE;
            addEnforcement(e, PRINCIPLES[rng.nextInt(PRINCIPLES.length)], windowEnd);
        }
        for (int p = 0; p < counts.permits(); p++) {
            addPermit(p, rng);
        }
        policyTexts.put("baseline", "@id(\"baseline\")\npermit (principal, action, resource);");

        Map<String, Policy> parsed = new LinkedHashMap<>();
        for (Map.Entry<String, String> t : policyTexts.entrySet()) {
            parsed.put(t.getKey(), PolicyParser.parsePolicy(t.getValue(), t.getKey()));
        }
        policies = Collections.unmodifiableMap(parsed);
    }

    /** The workload of {@link WorkloadCounts#scaled(double) scale} × the full platform. */
    public static PlatformWorkload generate(long seed, double scale) {
        return new PlatformWorkload(seed, WorkloadCounts.scaled(scale));
    }

    public static PlatformWorkload generate(long seed, WorkloadCounts counts) {
        return new PlatformWorkload(seed, counts);
    }

    private int pickOrg(SplitMix rng) {
        int orgs = counts.orgs();
        return rng.chance(0.3) ? rng.nextInt(Math.max(1, orgs / 100)) : rng.nextInt(orgs);
    }

    private int[] distinctServices(SplitMix rng, int n) {
        int[] out = new int[n];
        for (int i = 0; i < n; i++) {
            int s;
            do {
                s = rng.nextInt(counts.services());
            } while (contains(out, i, s));
            out[i] = s;
        }
        Arrays.sort(out);
        return out;
    }

    private static boolean contains(int[] a, int n, int v) {
        for (int i = 0; i < n; i++) {
            if (a[i] == v) {
                return true;
            }
        }
        return false;
    }

    // ---- policies ----

    /** The two policies of enforcement {@code e}, shaped as ARCHITECTURE.md compiles an enforcement. */
    private void addEnforcement(int e, String principle, long windowEnd) {
        String caseId = String.format("C-%05d", e + 1);
        String notice = String.format("N-%05d-1", e + 1);
        String unit = unitUid(enforcedUnit[e]).toString();
        String services = serviceList(enforcedServices[e]);
        String unless = windowEnd == Long.MIN_VALUE ? ""
                : "\nunless { (action in Action::\"access:read\" || action in Action::\"access:export\")\n"
                        + "         && context.now < datetime(\"" + Instant.ofEpochMilli(windowEnd) + "\") }";
        for (String side : new String[] {"p", "r"}) {
            String id = "enf-" + caseId + "-1-" + side;
            String scope = side.equals("p")
                    ? "principal in " + unit + ", action in " + services + ", resource"
                    : "principal, action in " + services + ", resource in " + unit;
            policyTexts.put(id, "@id(\"" + id + "\") @case(\"" + caseId + "\") @principle(\"" + principle
                    + "\") @notice(\"" + notice + "\")\nforbid (" + scope + ")" + unless + ";");
        }
    }

    private String serviceList(int[] services) {
        StringBuilder b = new StringBuilder("[");
        for (int i = 0; i < services.length; i++) {
            b.append(i == 0 ? "" : ", ").append(catalog.serviceGroup(services[i]));
        }
        return b.append(']').toString();
    }

    /**
     * Which kind of permit comes at each position, cycling: the first eight are one of each kind,
     * so that small scales have every kind; over 20 the kinds weigh 7, 4, 3, 2, 1, 1, 1, 1.
     */
    private static final int[] PERMIT_KINDS = {0, 1, 2, 3, 4, 5, 6, 7, 0, 1, 2, 3, 0, 1, 2, 0, 1, 0, 0, 0};

    /**
     * A general permit. Every kind has a scope an index can use (an org or unit, a service or
     * access group, or a single action) and a condition on the context or on attributes; one kind
     * reads {@code principal.level}, which workloads lack, so it fails to evaluate for them.
     */
    private void addPermit(int p, SplitMix rng) {
        String id = String.format("permit-%05d", p + 1);
        String org = orgUid(pickOrg(rng)).toString();
        String unit = unitUid(rng.nextInt(counts.units())).toString();
        String service = catalog.serviceGroup(rng.nextInt(counts.services())).toString();
        String body = switch (PERMIT_KINDS[p % PERMIT_KINDS.length]) {
            case 0 -> "permit (principal in " + org + ", action in " + service + ", resource)\n"
                    + "when { context.mfa == true };";
            case 1 -> "permit (principal in " + unit + ", action in " + serviceList(distinctServices(rng, Math.min(2, counts.services())))
                    + ", resource)\n"
                    + "when { context.sourceIp.isInRange(ip(\"" + PRIVATE_RANGE + "\")) };";
            case 2 -> "permit (principal, action in " + service + ", resource in " + org + ")\n"
                    + "when { resource.region == principal.region };";
            case 3 -> "permit (principal is Workload in " + org + ", action == "
                    + catalog.action(rng.nextInt(catalog.actions())) + ", resource is Object)\n"
                    + "when { resource.classification != \"confidential\" };";
            case 4 -> "permit (principal is User in " + org + ", action in Action::\"access:admin\", resource)\n"
                    + "when { principal.level >= 3 && context.mfa };";
            case 5 -> "permit (principal, action in Action::\"access:write\", resource in " + unit + ")\n"
                    + "when { resource.owner == principal };";
            case 6 -> "permit (principal in " + org + ", action in Action::\"access:write\", resource)\n"
                    + "when { principal.level > 2 };";
            default -> "permit (principal, action in Action::\"access:export\", resource in " + org + ")\n"
                    + "when { principal has level && principal.level >= 4 || context.sourceIp.isInRange(ip(\""
                    + PRIVATE_RANGE + "\")) };";
        };
        policyTexts.put(id, "@id(\"" + id + "\")\n" + body);
    }

    // ---- stored entities ----

    public static EntityUid orgUid(int o) {
        return EntityUid.of("Org", "o" + o);
    }

    /** {@code Unit::"o<org>/u<unit>"}: unit numbers are global, the org is there for people reading. */
    public EntityUid unitUid(int u) {
        return EntityUid.of("Unit", "o" + unitOrg[u] + "/u" + u);
    }

    public static EntityUid accountUid(int a) {
        return EntityUid.of("Account", "a" + a);
    }

    private EntityUid accountParentUid(int a) {
        int p = accountParent[a];
        return p >= 0 ? unitUid(p) : orgUid(-p - 1);
    }

    public Entity org(int o) {
        return Entity.of(orgUid(o), Map.of("tier", new StringValue(TIERS[orgTier[o]])), Set.of(), Map.of());
    }

    public Entity unit(int u) {
        EntityUid parent = unitParent[u] >= 0 ? unitUid(unitParent[u]) : orgUid(unitOrg[u]);
        return Entity.of(unitUid(u), Map.of(), Set.of(parent), Map.of());
    }

    public Entity account(int a) {
        return Entity.of(accountUid(a), Map.of("region", new StringValue(REGIONS[accountRegion[a]])),
                Set.of(accountParentUid(a)), Map.of());
    }

    /**
     * Every stored entity, made as the stream is read: orgs, units, accounts, then the action
     * entities. Principals and resources are not stored; they come with each request.
     */
    public Stream<Entity> entities() {
        return Stream.of(
                        IntStream.range(0, counts.orgs()).mapToObj(this::org),
                        IntStream.range(0, counts.units()).mapToObj(this::unit),
                        IntStream.range(0, counts.accounts()).mapToObj(this::account),
                        catalog.entities().stream())
                .flatMap(s -> s);
    }

    /** The stored entities in a cedar store (computes the closure; use at small scales). */
    public Entities entityStore() {
        return Entities.of(entities().toList());
    }

    // ---- policies ----

    /**
     * What the workload's entities and requests carry, as an extension of Veto's platform schema
     * (a Cedar schema fragment, {@code PUT /v1/schema}): the attributes of orgs, accounts, users,
     * workloads and resources (see {@link #org}, {@link #account}, {@link #user}, {@link #workload},
     * {@link #resource}), the principal and resource types requests bring inline, and the context
     * a PEP sends (without {@code now}, which Veto sets).
     */
    public static String schemaExtension() {
        return """
                entity Org { tier: String };
                entity Account { region: String };
                entity User in [Account] { region: String, level: Long };
                entity Workload in [Account] { region: String };
                entity %s in [Account] { region: String, classification: String, owner: User };
                type Context = { mfa: Bool, sourceIp: ipaddr };
                """.formatted(String.join(", ", RESOURCE_TYPES));
    }

    /** Policy id → Cedar text: the enforcement forbids, the general permits, then the baseline permit. */
    public Map<String, String> policyTexts() {
        return Collections.unmodifiableMap(policyTexts);
    }

    /** Policy id → parsed policy, in the order of {@link #policyTexts()}. */
    public Map<String, Policy> policies() {
        return policies;
    }

    /** All policies as one Cedar file; each carries its id as {@code @id}. */
    public String policyText() {
        return String.join("\n\n", policyTexts.values()) + "\n";
    }

    /** The policies as our cedar module's policy set, each under its {@code @id}. */
    public PolicySet policySet() {
        return PolicySet.parseWithIds(policyText(), "workload");
    }

    // ---- requests ----

    /**
     * Request number {@code index}: a function of the seed and the index alone, so any range of
     * the stream can be made in any order.
     */
    public WorkloadRequest request(long index) {
        SplitMix rng = SplitMix.forStream(seed, index);
        int principalAccount;
        int resourceAccount;
        int action;
        boolean sameAccount = rng.chance(SAME_ACCOUNT_REQUESTS);
        if (rng.chance(TARGETED_REQUESTS)) {
            int e = rng.nextInt(enforcedUnit.length);
            int u = enforcedUnit[e];
            int n = unitAccountStart[u + 1] - unitAccountStart[u];
            int target = n > 0 ? unitAccounts[unitAccountStart[u] + rng.nextInt(n)] : rng.nextInt(counts.accounts());
            int[] services = enforcedServices[e];
            action = services[rng.nextInt(services.length)] * WorkloadCounts.OPERATIONS_PER_SERVICE
                    + rng.nextInt(WorkloadCounts.OPERATIONS_PER_SERVICE);
            int other = rng.nextInt(counts.accounts());
            // across accounts, either side may be the one under the enforced unit
            boolean principalSide = sameAccount || rng.chance(0.5);
            principalAccount = principalSide ? target : other;
            resourceAccount = sameAccount ? target : principalSide ? other : target;
        } else {
            principalAccount = rng.nextInt(counts.accounts());
            resourceAccount = sameAccount ? principalAccount : rng.nextInt(counts.accounts());
            action = rng.nextInt(catalog.actions());
        }
        Entity principal = rng.chance(0.85)
                ? user(principalAccount, rng.nextInt(USERS_PER_ACCOUNT))
                : workload(principalAccount, rng.nextInt(WORKLOADS_PER_ACCOUNT));
        Entity resource = resource(resourceAccount, rng.nextInt(RESOURCES_PER_ACCOUNT));
        Map<String, Value> context = new LinkedHashMap<>();
        context.put("now", new Datetime(nowMillis + (index % 86_400) * 1000));
        context.put("mfa", BoolValue.of(rng.chance(0.7)));
        context.put("sourceIp", rng.chance(0.6)
                ? IpAddr.parse("10." + rng.nextInt(256) + "." + rng.nextInt(256) + "." + rng.nextInt(256))
                : IpAddr.parse("203.0.113." + rng.nextInt(256)));
        Request request = new Request(principal.uid(), catalog.action(action), resource.uid(), new RecordValue(context));
        return new WorkloadRequest(index, request, List.of(principal, resource));
    }

    /** Requests {@code from} … {@code from + n - 1}. */
    public List<WorkloadRequest> requests(long from, int n) {
        List<WorkloadRequest> out = new ArrayList<>(n);
        for (long i = from; i < from + n; i++) {
            out.add(request(i));
        }
        return out;
    }

    /** The endless request stream, from request 0. */
    public Stream<WorkloadRequest> requestStream() {
        return LongStream.iterate(0, i -> i + 1).mapToObj(this::request);
    }

    /**
     * User {@code k} of account {@code a}. Its attributes depend only on (seed, a, k), so the same
     * user looks the same in every request.
     */
    public Entity user(int a, int k) {
        long h = SplitMix.hash(seed, a, k);
        int region = (h & 0xF) < 14 ? accountRegion[a] : (int) ((h >>> 4) % REGIONS.length);
        return Entity.of(EntityUid.of("User", "a" + a + "/user" + k),
                Map.of("region", new StringValue(REGIONS[region]), "level", LongValue.of(1 + (h >>> 12) % 5)),
                Set.of(accountUid(a)), Map.of());
    }

    /** Workload {@code k} of account {@code a}: a service identity, with no {@code level}. */
    public Entity workload(int a, int k) {
        return Entity.of(EntityUid.of("Workload", "a" + a + "/wl" + k),
                Map.of("region", new StringValue(REGIONS[accountRegion[a]])), Set.of(accountUid(a)), Map.of());
    }

    /** Resource {@code k} of account {@code a}, owned by one of the account's users. */
    public Entity resource(int a, int k) {
        long h = SplitMix.hash(~seed, a, k);
        String type = RESOURCE_TYPES[(int) (h & 0xFF) % RESOURCE_TYPES.length];
        int region = ((h >>> 8) & 0xF) < 13 ? accountRegion[a] : (int) ((h >>> 12) % REGIONS.length);
        Map<String, Value> attrs = Map.of(
                "region", new StringValue(REGIONS[region]),
                "classification", new StringValue(CLASSIFICATIONS[(int) ((h >>> 16) % CLASSIFICATIONS.length)]),
                "owner", EntityUid.of("User", "a" + a + "/user" + (h >>> 24) % USERS_PER_ACCOUNT));
        return Entity.of(EntityUid.of(type, "a" + a + "/" + type.toLowerCase(java.util.Locale.ROOT) + k),
                attrs, Set.of(accountUid(a)), Map.of());
    }

    /**
     * {@code r} with every entity the request can reach: principal, resource, their accounts,
     * units and orgs, and the action with its service and access groups. What an engine with no
     * entity store (cedar-java) needs.
     */
    public WorkloadRequest withFullSlice(WorkloadRequest r) {
        return new WorkloadRequest(r.index(), r.request(), fullSlice(r));
    }

    /** The entities of {@link #withFullSlice(WorkloadRequest)}, principal and resource first. */
    public List<Entity> fullSlice(WorkloadRequest r) {
        Map<EntityUid, Entity> out = new LinkedHashMap<>();
        for (Entity e : r.slice()) {
            out.put(e.uid(), e);
        }
        for (Entity e : r.slice()) {
            for (EntityUid p : e.parents()) {
                addAncestry(p, out);
            }
        }
        int a = catalog.actionIndex(r.request().action());
        if (a >= 0) {
            Entity action = catalog.actionEntity(a);
            out.put(action.uid(), action);
            for (EntityUid g : action.parents()) {
                out.putIfAbsent(g, Entity.of(g, Map.of(), Set.of(), Map.of()));
            }
        }
        return new ArrayList<>(out.values());
    }

    /** Adds account {@code uid} and everything above it. */
    private void addAncestry(EntityUid uid, Map<EntityUid, Entity> out) {
        if (!uid.type().equals("Account") || out.containsKey(uid)) {
            return;
        }
        int a = Integer.parseInt(uid.id().substring(1));
        out.put(uid, account(a));
        int p = accountParent[a];
        while (p >= 0) {
            Entity u = unit(p);
            if (out.putIfAbsent(u.uid(), u) != null) {
                return;
            }
            if (unitParent[p] < 0) {
                break;
            }
            p = unitParent[p];
        }
        int o = p >= 0 ? unitOrg[p] : -p - 1;
        out.putIfAbsent(orgUid(o), org(o));
    }

    // ---- facts ----

    public long seed() {
        return seed;
    }

    public WorkloadCounts counts() {
        return counts;
    }

    public Catalog catalog() {
        return catalog;
    }

    /** The unit enforcement {@code e} closes; its policies are {@code enf-C-<e+1>-1-p} and {@code -r}. */
    public EntityUid enforcedUnit(int e) {
        return unitUid(enforcedUnit[e]);
    }

    /** How many units deep the deepest unit is (at most 6). */
    public int maxUnitDepth() {
        int max = 0;
        for (int u = 0; u < unitParent.length; u++) {
            int d = 1;
            for (int p = unitParent[u]; p >= 0; p = unitParent[p]) {
                d++;
            }
            max = Math.max(max, d);
        }
        return max;
    }

    /** Accounts whose parent is their org directly. */
    public int accountsDirectlyUnderOrgs() {
        return counts.accounts() - unitAccounts.length;
    }
}
