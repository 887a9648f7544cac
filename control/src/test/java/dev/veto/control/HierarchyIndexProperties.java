package dev.veto.control;

import static org.assertj.core.api.Assertions.assertThat;

import dev.veto.cedar.entity.Entity;
import dev.veto.cedar.value.EntityUid;
import dev.veto.ledger.Log;
import dev.veto.ledger.note.SignerKey;
import java.nio.file.Files;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The state's downward index of the hierarchy (what an impact preview walks) agrees with reading
 * every stored entity's ancestry, through puts, moves to other parents, several parents, and
 * removals.
 */
class HierarchyIndexProperties {

    @Property(tries = 40)
    void whatLiesUnderAScopeIsWhatEveryEntitysAncestrySays(@ForAll long seed) throws Exception {
        Random rnd = new Random(seed);
        String[] types = {"Org", "Unit", "Account", "User"};
        try (ControlPlane plane = ControlPlane.open(Log.create(Files.createTempDirectory("veto-hier").resolve("veto.db").toString(),
                "test.veto/log", SignerKey.generate("test.veto/log")), new TestClock(Instant.parse("2027-03-01T09:00:00Z")), "Example Cloud")) {
            List<EntityUid> uids = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                uids.add(EntityUid.of(types[Math.min(3, i / 10)], "e" + i));
            }
            for (int round = 0; round < 12; round++) {
                JsonNodeFactory f = JsonNodeFactory.instance;
                ArrayNode batch = f.arrayNode();
                Set<Integer> picked = new HashSet<>();
                for (int k = 0; k < 8; k++) {
                    int i = rnd.nextInt(uids.size());
                    if (!picked.add(i)) {
                        continue;
                    }
                    ObjectNode e = batch.addObject();
                    e.set("uid", f.objectNode().put("type", uids.get(i).type()).put("id", uids.get(i).id()));
                    e.set("attrs", f.objectNode());
                    ArrayNode parents = e.putArray("parents");
                    // parents only among lower indexes: no cycles; sometimes two, sometimes none
                    for (int n = i == 0 ? 0 : rnd.nextInt(3); n > 0; n--) {
                        EntityUid p = uids.get(rnd.nextInt(i));
                        parents.addObject().put("type", p.type()).put("id", p.id());
                    }
                }
                plane.commands().putEntities(Actor.OPERATOR, batch);
                if (rnd.nextInt(3) == 0) {
                    EntityUid gone = uids.get(rnd.nextInt(uids.size()));
                    try {
                        plane.commands().removeEntity(Actor.OPERATOR, gone.type(), gone.id());
                    } catch (Rejection notStored) {
                        // removing what was never stored is refused; the index must not care
                    }
                }
                State s = plane.events().current();
                for (EntityUid scope : uids) {
                    Set<EntityUid> want = new HashSet<>(List.of(scope));
                    for (Entity e : s.entities.values()) {
                        if (below(e.uid(), scope, s)) {
                            want.add(e.uid());
                        }
                    }
                    assertThat(new HashSet<>(s.within(scope))).as("under " + scope).isEqualTo(want);
                }
            }
        }
    }

    /** Whether stored entity {@code u} has {@code scope} among its ancestors, by walking its parents upwards. */
    private static boolean below(EntityUid u, EntityUid scope, State s) {
        List<EntityUid> todo = new ArrayList<>(List.of(u));
        Set<EntityUid> seen = new HashSet<>();
        while (!todo.isEmpty()) {
            Entity e = s.entities.get(todo.remove(todo.size() - 1));
            if (e == null || !seen.add(e.uid())) {
                continue;
            }
            for (EntityUid p : e.parents()) {
                if (p.equals(scope)) {
                    return true;
                }
                todo.add(p);
            }
        }
        return false;
    }
}
