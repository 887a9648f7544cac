package dev.veto.bench.workload;

import static org.assertj.core.api.Assertions.assertThat;

import dev.veto.cedar.ast.ActionConstraint;
import dev.veto.cedar.ast.Effect;
import dev.veto.cedar.ast.EntityRef;
import dev.veto.cedar.ast.Policy;
import dev.veto.cedar.ast.ScopeConstraint;
import dev.veto.cedar.entity.Entity;
import dev.veto.cedar.parser.PolicyParser;
import dev.veto.cedar.value.EntityUid;
import java.io.IOException;
import java.io.StringWriter;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class PlatformWorkloadTest {

    @Test
    void sameSeedAndScaleGiveTheSameBytes() throws IOException {
        String a = printed(PlatformWorkload.generate(42, 0.002));
        String b = printed(PlatformWorkload.generate(42, 0.002));
        assertThat(sha256(a)).isEqualTo(sha256(b));
        assertThat(a).isEqualTo(b);
        assertThat(sha256(printed(PlatformWorkload.generate(43, 0.002)))).isNotEqualTo(sha256(a));
    }

    @Test
    void requestsDependOnlyOnSeedAndIndex() {
        PlatformWorkload w = PlatformWorkload.generate(5, 0.001);
        WorkloadRequest later = w.request(77);
        w.requests(0, 100);
        assertThat(PlatformWorkload.generate(5, 0.001).request(77)).isEqualTo(later);
        assertThat(w.requests(70, 10).get(7)).isEqualTo(later);
    }

    @Test
    void countsAtSmallScale() {
        PlatformWorkload w = PlatformWorkload.generate(1, 0.01);
        WorkloadCounts c = w.counts();
        assertThat(c).isEqualTo(new WorkloadCounts(100, 1000, 10_000, 2, 100, 10));
        Map<String, Long> byType = w.entities().collect(Collectors.groupingBy(e -> e.uid().type(), Collectors.counting()));
        assertThat(byType).containsEntry("Org", 100L).containsEntry("Unit", 1000L).containsEntry("Account", 10_000L)
                .containsEntry("Action", 2L * 20 + 2 + 4);
        assertThat(w.entities().count()).isEqualTo(c.storedEntities());
        assertThat(w.policies()).hasSize(c.policies());
        assertThat(w.policies().values().stream().filter(p -> p.effect() == Effect.FORBID)).hasSize(100);
        assertThat(w.accountsDirectlyUnderOrgs()).isBetween(1, 1000);
        assertThat(w.maxUnitDepth()).isBetween(2, 6);
    }

    @Test
    void everyCountIsAtLeastOne() {
        WorkloadCounts c = WorkloadCounts.scaled(1e-9);
        assertThat(c).isEqualTo(new WorkloadCounts(1, 1, 1, 1, 2, 1));
        PlatformWorkload w = PlatformWorkload.generate(1, c);
        assertThat(w.requests(0, 20)).hasSize(20);
        assertThat(WorkloadCounts.scaled(1)).isEqualTo(WorkloadCounts.FULL);
    }

    @Test
    void hierarchyIsATreeOfAtMostSixUnitsUnderAnOrg() {
        PlatformWorkload w = PlatformWorkload.generate(3, 0.01);
        Map<EntityUid, Entity> byUid = new HashMap<>();
        w.entities().forEach(e -> byUid.put(e.uid(), e));
        for (Entity e : byUid.values()) {
            switch (e.uid().type()) {
                case "Org" -> assertThat(e.parents()).isEmpty();
                case "Unit", "Account" -> {
                    assertThat(e.parents()).hasSize(1);
                    int units = 0;
                    EntityUid p = e.parents().iterator().next();
                    while (p.type().equals("Unit")) {
                        units++;
                        p = byUid.get(p).parents().iterator().next();
                    }
                    assertThat(p.type()).isEqualTo("Org");
                    assertThat(units).isLessThanOrEqualTo(e.uid().type().equals("Unit") ? 5 : 6);
                }
                default -> assertThat(e.uid().type()).isEqualTo("Action");
            }
        }
    }

    @Test
    void enforcementPoliciesHaveTheArchitectureShape() {
        PlatformWorkload w = PlatformWorkload.generate(9, 0.01);
        int withWindow = 0;
        for (Map.Entry<String, String> t : w.policyTexts().entrySet()) {
            if (!t.getKey().startsWith("enf-")) {
                continue;
            }
            Policy p = PolicyParser.parsePolicy(t.getValue(), t.getKey());
            assertThat(p).isEqualTo(w.policies().get(t.getKey()));
            assertThat(p.effect()).isEqualTo(Effect.FORBID);
            assertThat(p.annotations().keySet()).containsExactly("id", "case", "principle", "notice");
            assertThat(p.annotations().get("id")).isEqualTo(t.getKey()).matches("enf-C-\\d{5}-1-[pr]");
            ScopeConstraint unitSide = t.getKey().endsWith("-p") ? p.principal() : p.resource();
            ScopeConstraint otherSide = t.getKey().endsWith("-p") ? p.resource() : p.principal();
            assertThat(unitSide).isInstanceOfSatisfying(ScopeConstraint.In.class, in -> assertThat(
                    ((EntityRef.Entity) in.ref()).uid().type()).isEqualTo("Unit"));
            assertThat(otherSide).isInstanceOf(ScopeConstraint.Any.class);
            assertThat(p.action()).isInstanceOfSatisfying(ActionConstraint.In.class, in -> {
                assertThat(in.list()).isTrue();
                assertThat(in.uids()).hasSizeBetween(1, 3)
                        .allSatisfy(u -> assertThat(u.id()).startsWith("service:"));
            });
            if (!p.conditions().isEmpty()) {
                withWindow++;
                assertThat(p.conditions()).singleElement().satisfies(c -> assertThat(c.when()).isFalse());
                assertThat(t.getValue()).contains("unless { (action in Action::\"access:read\" || action in Action::\"access:export\")")
                        .containsPattern("context\\.now < datetime\\(\"\\d{4}-\\d\\d-\\d\\dT00:00:00Z\"\\) };$");
            }
        }
        assertThat(withWindow).isEqualTo(w.counts().enforcementPolicies() / 2);
        // twins close the same unit to the same services
        Policy pSide = w.policies().get("enf-C-00001-1-p");
        Policy rSide = w.policies().get("enf-C-00001-1-r");
        assertThat(rSide.action()).isEqualTo(pSide.action());
        assertThat(((ScopeConstraint.In) rSide.resource()).ref()).isEqualTo(((ScopeConstraint.In) pSide.principal()).ref());
        assertThat(((ScopeConstraint.In) pSide.principal()).ref()).isEqualTo(new EntityRef.Entity(w.enforcedUnit(0)));
    }

    @Test
    void permitsHaveAnIndexableScopeAndTheBaselineIsLast() {
        PlatformWorkload w = PlatformWorkload.generate(9, 0.01);
        List<String> ids = List.copyOf(w.policies().keySet());
        assertThat(ids.getLast()).isEqualTo("baseline");
        Policy baseline = w.policies().get("baseline");
        assertThat(baseline.effect()).isEqualTo(Effect.PERMIT);
        assertThat(baseline.conditions()).isEmpty();
        assertThat(baseline.principal()).isInstanceOf(ScopeConstraint.Any.class);
        w.policies().forEach((id, p) -> {
            if (id.startsWith("permit-")) {
                assertThat(p.effect()).isEqualTo(Effect.PERMIT);
                assertThat(p.conditions()).hasSize(1);
                assertThat(p.action()).isNotInstanceOf(ActionConstraint.Any.class);
            }
        });
    }

    @Test
    void sliceHoldsPrincipalAndResourceAndFullSliceEverythingAbove() {
        PlatformWorkload w = PlatformWorkload.generate(2, 0.01);
        int sameAccount = 0;
        for (WorkloadRequest r : w.requests(0, 200)) {
            assertThat(r.slice()).extracting(Entity::uid).containsExactly(r.request().principal(), r.request().resource());
            EntityUid pa = r.slice().get(0).parents().iterator().next();
            EntityUid ra = r.slice().get(1).parents().iterator().next();
            assertThat(pa.type()).isEqualTo("Account");
            sameAccount += pa.equals(ra) ? 1 : 0;
            List<Entity> full = w.fullSlice(r);
            Set<EntityUid> uids = full.stream().map(Entity::uid).collect(Collectors.toSet());
            assertThat(uids).hasSize(full.size());
            // every parent of every entity in the full slice is in it: the slice is closed upwards
            for (Entity e : full) {
                assertThat(uids).containsAll(e.parents());
            }
            assertThat(uids).contains(r.request().action(), EntityUid.of("Action", "service:" + r.request().action().id().split(":")[0]));
            assertThat(uids.stream().filter(u -> u.type().equals("Org"))).isNotEmpty();
        }
        assertThat(sameAccount).isBetween(140, 180);
    }

    @Test
    void smallScaleIsQuickToGenerate() {
        PlatformWorkload.generate(0, 0.01);
        long t0 = System.nanoTime();
        PlatformWorkload.generate(1, 0.01);
        assertThat((System.nanoTime() - t0) / 1_000_000).isLessThan(1000);
    }

    static String printed(PlatformWorkload w) throws IOException {
        StringWriter out = new StringWriter();
        WorkloadFiles.writePolicies(w, out);
        WorkloadFiles.writeEntities(w, out);
        WorkloadFiles.writeRequests(w, 300, out);
        return out.toString();
    }

    static String sha256(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }
}
