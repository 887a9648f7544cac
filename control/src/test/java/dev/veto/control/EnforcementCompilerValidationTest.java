package dev.veto.control;

import static org.assertj.core.api.Assertions.assertThat;

import dev.veto.cedar.entity.Entity;
import dev.veto.cedar.value.EntityUid;
import dev.veto.control.Event.CompiledPolicy;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * What the enforcement compiler writes validates strictly against the platform schema, for every
 * shape a catalog and a remedy can take: services offering any non-empty set of the four access
 * kinds, one to three services per remedy, a scope of every level of the hierarchy, a start now
 * or later, and the policies kept on an entity moved out of the scope. Validated with requests
 * checked, so an impossible {@code forbid} would be refused too.
 */
class EnforcementCompilerValidationTest {
    static final Instant NOW = Instant.parse("2027-03-01T09:00:00Z");

    private static PlatformSchema.Observed platform() {
        PlatformSchema.Observed o = new PlatformSchema.Observed();
        EntityUid org = EntityUid.of("Org", "mx");
        EntityUid unit = EntityUid.of("Unit", "mx/u1");
        EntityUid sub = EntityUid.of("Unit", "mx/u1/a");
        EntityUid account = EntityUid.of("Account", "a1");
        for (Entity e : List.of(entity(org), entity(unit, org), entity(sub, unit), entity(account, sub), entity(EntityUid.of("Account", "a2"), org),
                entity(EntityUid.of("User", "alice"), account), entity(EntityUid.of("Bucket", "b"), account))) {
            o.observe(e);
        }
        return o;
    }

    private static Entity entity(EntityUid uid, EntityUid... parents) {
        return Entity.of(uid, Map.of(), Set.of(parents), Map.of());
    }

    /** Fifteen services, one per non-empty set of access kinds, each kind offered by one operation. */
    private static List<Event.ServicePut> catalog() {
        List<Event.ServicePut> services = new ArrayList<>();
        List<String> kinds = Catalog.ACCESS_KINDS;
        for (int mask = 1; mask < 1 << kinds.size(); mask++) {
            List<Event.Operation> ops = new ArrayList<>();
            for (int k = 0; k < kinds.size(); k++) {
                if ((mask & 1 << k) != 0) {
                    ops.add(new Event.Operation("Op" + kinds.get(k), kinds.get(k)));
                }
            }
            services.add(new Event.ServicePut("s" + mask, ops, "adam"));
        }
        return services;
    }

    @Test
    void everyCompiledPolicyValidatesStrictly() {
        List<Event.ServicePut> services = catalog();
        Event.SchemaPut checked = new Event.SchemaPut("cedar", "entity User { name?: String };", true, "adam");
        for (Event.SchemaPut extension : java.util.Arrays.asList(null, checked)) {
            PlatformSchema schema = PlatformSchema.build(platform(), services, extension);
            Map<String, String> texts = new LinkedHashMap<>();
            List<EntityUid> scopes = List.of(EntityUid.of("Org", "mx"), EntityUid.of("Unit", "mx/u1"), EntityUid.of("Unit", "mx/u1/a"),
                    EntityUid.of("Account", "a1"), EntityUid.of("User", "alice"), EntityUid.of("Bucket", "b"));
            int n = 0;
            for (EntityUid scope : scopes) {
                for (int first = 0; first < services.size(); first++) {
                    for (int count = 1; count <= 3; count++) {
                        List<String> chosen = new ArrayList<>();
                        for (int k = 0; k < count; k++) {
                            chosen.add(services.get((first + 5 * k) % services.size()).service());
                        }
                        for (Instant start : java.util.Arrays.asList(null, NOW.plus(Duration.ofDays(3)))) {
                            n++;
                            EnforcementCompiler.Remedy r = new EnforcementCompiler.Remedy("C-" + n, "no-mass-surveillance", "ENF-" + n + "-1",
                                    "N-" + n + "-1", scope, chosen, start, NOW.plus(Duration.ofDays(30)));
                            add(texts, EnforcementCompiler.compile(r, NOW));
                            add(texts, EnforcementCompiler.compile(r.keptOn(EntityUid.of("Account", "a2"), 1), NOW));
                        }
                    }
                }
            }
            assertThat(texts).hasSizeGreaterThan(2000);
            PlatformSchema.Findings found = schema.validateTexts(texts);
            assertThat(found.refused()).as("errors (and dead forbids) with %s", extension).isEmpty();
            assertThat(found.warnings()).isEmpty();
            // and the same check does catch a slip in such a text
            String slip = texts.values().iterator().next().replace("context.now", "context.nwo");
            assertThat(schema.validateTexts(Map.of("slip", slip)).refused()).extracting(PolicyIssue::kind).containsExactly("unsafe_attribute_access");
        }
    }

    private static void add(Map<String, String> texts, List<CompiledPolicy> policies) {
        policies.forEach(p -> texts.put(p.id(), p.text()));
    }
}
