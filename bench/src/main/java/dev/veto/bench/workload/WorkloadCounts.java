package dev.veto.bench.workload;

/**
 * How many of each thing a {@link PlatformWorkload} holds. {@link #FULL} is the platform the
 * benchmarks aim at; {@link #scaled(double)} shrinks every count proportionally.
 *
 * @param orgs customer organizations
 * @param units organizational units, in trees under the orgs
 * @param accounts accounts, under a unit or directly under an org
 * @param services services in the catalog, each with {@link #OPERATIONS_PER_SERVICE} operations
 * @param enforcementPolicies enforcement {@code forbid} policies: principal-side and resource-side
 *     twins, so half as many enforcements
 * @param permits general {@code permit} policies with conditions, besides the baseline permit
 */
public record WorkloadCounts(int orgs, int units, int accounts, int services, int enforcementPolicies, int permits) {
    /** Operations per service; not scaled, so that every service keeps all four access kinds. */
    public static final int OPERATIONS_PER_SERVICE = 20;

    public static final WorkloadCounts FULL = new WorkloadCounts(10_000, 100_000, 1_000_000, 200, 10_000, 1_000);

    public WorkloadCounts {
        if (orgs < 1 || units < 1 || accounts < 1 || services < 1 || enforcementPolicies < 2 || permits < 0) {
            throw new IllegalArgumentException("counts must be at least 1 (enforcement policies at least 2): "
                    + orgs + ", " + units + ", " + accounts + ", " + services + ", " + enforcementPolicies + ", " + permits);
        }
        if (enforcementPolicies % 2 != 0) {
            throw new IllegalArgumentException("enforcement policies come in twins; got an odd count " + enforcementPolicies);
        }
    }

    /** {@link #FULL} times {@code scale} (0 < scale ≤ 1), at least one of each (one enforcement). */
    public static WorkloadCounts scaled(double scale) {
        if (!(scale > 0 && scale <= 1)) {
            throw new IllegalArgumentException("scale must be in (0, 1], got " + scale);
        }
        return new WorkloadCounts(
                atLeastOne(FULL.orgs * scale),
                atLeastOne(FULL.units * scale),
                atLeastOne(FULL.accounts * scale),
                atLeastOne(FULL.services * scale),
                2 * atLeastOne(FULL.enforcementPolicies / 2 * scale),
                atLeastOne(FULL.permits * scale));
    }

    private static int atLeastOne(double d) {
        return (int) Math.max(1, Math.round(d));
    }

    public int enforcements() {
        return enforcementPolicies / 2;
    }

    public int operations() {
        return services * OPERATIONS_PER_SERVICE;
    }

    /** Policies in the set: enforcement forbids, general permits and the baseline permit. */
    public int policies() {
        return enforcementPolicies + permits + 1;
    }

    /** Stored entities: orgs, units, accounts and action entities (operations, service groups, access groups). */
    public long storedEntities() {
        return (long) orgs + units + accounts + operations() + services + Access.values().length;
    }

    public WorkloadCounts withPermits(int permits) {
        return new WorkloadCounts(orgs, units, accounts, services, enforcementPolicies, permits);
    }

    public WorkloadCounts withServices(int services) {
        return new WorkloadCounts(orgs, units, accounts, services, enforcementPolicies, permits);
    }
}
