package dev.veto.cedar.authz;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.veto.cedar.ast.Request;
import dev.veto.cedar.ast.SlotId;
import dev.veto.cedar.entity.Entities;
import dev.veto.cedar.entity.Entity;
import dev.veto.cedar.value.EntityUid;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PolicySetTest {
    private static final EntityUid ALICE = EntityUid.of("User", "alice");
    private static final EntityUid BOB = EntityUid.of("User", "bob");
    private static final EntityUid ALBUM = EntityUid.of("Album", "trip");
    private static final EntityUid PHOTO = EntityUid.of("Photo", "p1");
    private static final EntityUid VIEW = EntityUid.of("Action", "view");

    private static final Entities ENTITIES = Entities.of(List.of(
            Entity.of(PHOTO, Map.of(), Set.of(ALBUM), Map.of()),
            Entity.of(ALBUM, Map.of(), Set.of(), Map.of())));

    @Test
    void templatesAreNotEvaluatedButTheirLinksAre() {
        PolicySet set = PolicySet.parse("permit(principal == ?principal, action == Action::\"view\", resource in ?resource);", "t");
        assertThat(set.templates()).containsKey("policy0");
        assertThat(set.policies()).isEmpty();
        Request aliceViews = new Request(ALICE, VIEW, PHOTO, null);
        assertThat(Authorizer.isAuthorized(aliceViews, set, ENTITIES).decision()).isEqualTo(Decision.DENY);

        PolicySet linked = set.link("policy0", "alice-trip", Map.of(SlotId.PRINCIPAL, ALICE, SlotId.RESOURCE, ALBUM));
        Response r = Authorizer.isAuthorized(aliceViews, linked, ENTITIES);
        assertThat(r.decision()).isEqualTo(Decision.ALLOW);
        assertThat(r.reasonIds()).containsExactly("alice-trip");
        assertThat(r.reasons().get(0).templateId()).isEqualTo("policy0");
        assertThat(Authorizer.isAuthorized(new Request(BOB, VIEW, PHOTO, null), linked, ENTITIES).decision())
                .isEqualTo(Decision.DENY);
    }

    @Test
    void linkingNeedsEverySlotAFreshIdAndATemplate() {
        PolicySet set = PolicySet.parse("""
                permit(principal == ?principal, action, resource in ?resource);
                permit(principal, action, resource);
                """, "t");
        assertThatThrownBy(() -> set.link("policy0", "x", Map.of(SlotId.PRINCIPAL, ALICE)))
                .isInstanceOf(PolicySetException.class).hasMessageContaining("?resource");
        assertThatThrownBy(() -> set.link("policy1", "x", Map.of()))
                .hasMessageContaining("is a static policy, not a template");
        assertThatThrownBy(() -> set.link("nope", "x", Map.of())).hasMessageContaining("no template with id `nope`");
        assertThatThrownBy(() -> set.link("policy0", "policy1", Map.of(SlotId.PRINCIPAL, ALICE, SlotId.RESOURCE, ALBUM)))
                .hasMessageContaining("duplicate policy id `policy1`");
    }

    @Test
    void idAnnotationsNameThePoliciesAndMustBeUnique() {
        PolicySet set = PolicySet.parseWithIds("@id(\"a\") permit(principal, action, resource);\npermit(principal, action, resource);", "t");
        assertThat(set.policies()).extracting(PolicySet.Entry::id).containsExactly("a", "policy1");
        assertThatThrownBy(() -> PolicySet.parseWithIds("@id(\"a\") permit(principal, action, resource);\n@id(\"a\") forbid(principal, action, resource);", "t"))
                .isInstanceOf(PolicySetException.class).hasMessageContaining("duplicate policy id `a`");
    }
}
