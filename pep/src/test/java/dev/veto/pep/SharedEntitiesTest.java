package dev.veto.pep;

import static org.assertj.core.api.Assertions.assertThat;

import dev.veto.cedar.entity.Entity;
import dev.veto.cedar.value.EntityUid;
import dev.veto.cedar.value.StringValue;
import dev.veto.cedar.value.Value;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SharedEntitiesTest {
    /** An entity as a decoder makes it: every uid, string and map a fresh object. */
    private static Entity decoded(String id, String region, String... parents) {
        Map<String, Value> attrs = new HashMap<>();
        attrs.put(new String("region"), new StringValue(new String(region)));
        Set<EntityUid> ps = new LinkedHashSet<>();
        for (String p : parents) {
            ps.add(EntityUid.of("Unit", new String(p)));
        }
        return Entity.of(EntityUid.of("Account", new String(id)), attrs, ps, Map.of());
    }

    @Test
    void pointsJoiningTogetherHoldOneInstanceOfEachEqualValue() {
        SharedEntities first = SharedEntities.join();
        SharedEntities second = SharedEntities.join();
        try {
            Entity a = first.share(decoded("a1", "eu-west", "u1"));
            Entity sibling = first.share(decoded("a2", "eu-west", "u1"));
            Entity again = second.share(decoded("a1", "eu-west", "u1"));
            assertThat(again).isSameAs(a);
            assertThat(sibling.parents()).isSameAs(a.parents());
            assertThat(sibling.attributes()).isSameAs(a.attributes());
            assertThat(a).isEqualTo(decoded("a1", "eu-west", "u1"));
            Entity twoParents = first.share(decoded("a3", "eu-west", "u1", "u2"));
            assertThat(second.share(decoded("a4", "eu-west", "u2", "u1")).parents()).isSameAs(twoParents.parents());
            assertThat(twoParents.parents()).contains(a.parents().iterator().next());
            // a point that decoded something else (another revision) keeps its own
            Entity moved = second.share(decoded("a1", "eu-west", "u2"));
            assertThat(moved).isEqualTo(decoded("a1", "eu-west", "u2")).isNotEqualTo(a);
            assertThat(first.share(decoded("a1", "eu-west", "u1"))).isSameAs(a);
        } finally {
            second.leave();
            first.leave();
        }
    }

    @Test
    void nothingIsHeldOnceNoPointIsJoining() {
        SharedEntities first = SharedEntities.join();
        Entity a = first.share(decoded("a1", "eu-west", "u1"));
        first.leave();
        SharedEntities later = SharedEntities.join();
        try {
            assertThat(later).isNotSameAs(first);
            Entity b = later.share(decoded("a1", "eu-west", "u1"));
            assertThat(b).isEqualTo(a).isNotSameAs(a);
        } finally {
            later.leave();
        }
    }
}
