package dev.veto.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.veto.cedar.value.EntityUid;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class EntityIdsTest {
    /** Every way a key's text is held: inline, in the arena, through the object; Latin-1 or not. */
    static List<EntityUid> keys() {
        List<EntityUid> out = new ArrayList<>();
        String[] types = {"Account", "Unit", "Org", "Action"};
        for (int i = 0; i < 20_000; i++) {
            String type = types[i % types.length];
            String id = switch (i % 7) {
                case 0 -> "a" + i;
                case 1 -> "x".repeat(EntityIds.INLINE_CHARS - 6) + String.format("%06d", i);   // exactly inline-sized
                case 2 -> "x".repeat(EntityIds.INLINE_CHARS - 5) + String.format("%06d", i);   // one too long: arena
                case 3 -> "ünit-" + i;                                                         // Latin-1, inline
                case 4 -> "部署-" + i;                                                          // not Latin-1: arena
                case 5 -> "y".repeat(EntityIds.ARENA_LIMIT) + i;                               // too long: object
                default -> "";                                                                 // empty ids are valid
            };
            out.add(EntityUid.of(type, id + (i % 7 == 6 ? String.valueOf(i) : "")));
        }
        return out;
    }

    @Test
    void everyKeyFindsItsOwnIdAndNoOther() {
        EntityIds ids = new EntityIds();
        List<EntityUid> keys = keys();
        for (int i = 0; i < keys.size(); i++) {
            assertThat(ids.intern(keys.get(i))).isEqualTo(i);
        }
        for (int i = 0; i < keys.size(); i++) {
            // a fresh object with the same type and id, as a request brings
            EntityUid k = keys.get(i);
            EntityUid copy = EntityUid.of(new String(k.type()), new String(k.id()));
            assertThat(ids.idOf(copy)).as("%s", k).isEqualTo(i);
            assertThat(ids.uid(i)).isSameAs(k);
        }
        assertThat(ids.size()).isEqualTo(keys.size());
    }

    @Test
    void aReservedTableTakesTheBulkLoadWithoutGrowing() {
        EntityIds ids = new EntityIds();
        List<EntityUid> keys = keys();
        ids.reserve(keys.size());
        EntityIds.Table sized = ids.table();
        for (int i = 0; i < keys.size(); i++) {
            assertThat(ids.intern(keys.get(i))).isEqualTo(i);
        }
        assertThat(ids.table()).isSameAs(sized);
        for (int i = 0; i < keys.size(); i++) {
            assertThat(ids.idOf(keys.get(i))).isEqualTo(i);
        }
    }

    @Test
    void nearMissesAreAbsent() {
        EntityIds ids = new EntityIds();
        keys().forEach(ids::intern);
        for (EntityUid k : keys()) {
            String id = k.id();
            assertThat(ids.idOf(EntityUid.of(k.type(), id + "z"))).isEqualTo(-1);
            assertThat(ids.idOf(EntityUid.of(k.type().equals("Unit") ? "Org" : "Unit", id))
                    == ids.idOf(k)).isFalse();
            if (!id.isEmpty()) {
                String changed = id.substring(0, id.length() - 1) + (char) (id.charAt(id.length() - 1) ^ 1);
                assertThat(ids.idOf(EntityUid.of(k.type(), changed))).isNotEqualTo(ids.idOf(k));
            }
        }
        assertThat(ids.idOf(EntityUid.of("User", "a0"))).isEqualTo(-1);
    }

    /**
     * "Aa" and "BB" have the same String hash, so these uids share a stored hash and only the
     * key comparison tells them apart, in each place a key's text can be held.
     */
    @Test
    void colliding_hashes_are_told_apart_by_the_key_text() {
        EntityIds ids = new EntityIds();
        for (String prefix : new String[] {"", "x".repeat(EntityIds.INLINE_CHARS), "部署", "y".repeat(EntityIds.ARENA_LIMIT)}) {
            EntityUid aa = EntityUid.of("Account", prefix + "Aa");
            EntityUid bb = EntityUid.of("Account", prefix + "BB");
            assertThat(aa.hashCode()).isEqualTo(bb.hashCode());
            int a = ids.intern(aa);
            assertThat(ids.idOf(EntityUid.of("Account", prefix + "BB"))).as(prefix).isEqualTo(-1);
            int b = ids.intern(bb);
            assertThat(b).isNotEqualTo(a);
            assertThat(ids.idOf(EntityUid.of("Account", prefix + "Aa"))).isEqualTo(a);
            assertThat(ids.idOf(EntityUid.of("Account", prefix + "BB"))).isEqualTo(b);
        }
    }

    @Test
    void ancestorsHoldFromTheSnapshotThatSetThemOn() {
        EntityIds ids = new EntityIds();
        EntityUid account = EntityUid.of("Account", "a1");
        int a = ids.intern(account);
        int u = ids.intern(EntityUid.of("Unit", "u1"));
        int v = ids.intern(EntityUid.of("Unit", "u2"));
        int o = ids.intern(EntityUid.of("Org", "o1"));
        assertThat(held(ids, account, 0)).isNull();
        ids.setAncestors(a, 3, new int[] {u, o});
        assertThat(held(ids, account, 3)).containsExactly(u, o);
        assertThat(held(ids, account, 9)).containsExactly(u, o);
        // a reader on an older snapshot must not see ancestors set for a newer one
        assertThat(held(ids, account, 2)).isNull();
        ids.setAncestors(a, 4, new int[] {v, o});
        assertThat(held(ids, account, 3)).isNull();
        assertThat(held(ids, account, 4)).containsExactly(v, o);
        ids.setAncestors(a, 5, new int[0]);
        assertThat(held(ids, account, 5)).isEmpty();
        // an odd count, the most the slot holds, and one more than that
        int[] eight = {1, 2, 3, 4, 5, 6, 7, 8};
        ids.setAncestors(a, 6, java.util.Arrays.copyOf(eight, 7));
        assertThat(held(ids, account, 6)).containsExactly(1, 2, 3, 4, 5, 6, 7);
        ids.setAncestors(a, 7, eight);
        assertThat(held(ids, account, 7)).containsExactly(eight);
        ids.setAncestors(a, 8, new int[] {1, 2, 3, 4, 5, 6, 7, 8, 9});
        assertThat(held(ids, account, 8)).isNull();
        // ids take 24 bits in a slot: every bit of each is kept, and a larger id is not held
        int[] wide = {0x00AB_CDEF, 0x00F0_0F0F, 0x00FF_FFF8, 0x00FF_FFFF};
        ids.setAncestors(a, 8, java.util.Arrays.copyOf(wide, 4));
        assertThat(held(ids, account, 8)).containsExactly(wide);
        int[] wideEight = {0x0001_0000, 0x0012_3456, 0x0023_4567, 0x0034_5678, 0x0045_6789, 0x0056_789A, 0x0067_89AB, 0x00FF_FFFF};
        ids.setAncestors(a, 8, wideEight);
        assertThat(held(ids, account, 8)).containsExactly(wideEight);
        ids.setAncestors(a, 8, new int[] {u, EntityIds.INLINE_ID_LIMIT});
        assertThat(held(ids, account, 8)).isNull();
        // growing the table keeps what the slots held
        ids.setAncestors(a, 9, new int[] {u});
        keys().forEach(ids::intern);
        assertThat(held(ids, account, 9)).containsExactly(u);
        ids.forgetAncestors();
        assertThat(held(ids, account, Integer.MAX_VALUE)).isNull();
        assertThat(ids.find(ids.table(), EntityUid.of("Account", "nope"))).isEqualTo(-1);
    }

    private static int[] held(EntityIds ids, EntityUid uid, int seq) {
        EntityIds.Table t = ids.table();
        int at = ids.find(t, uid);
        assertThat(EntityIds.idAt(t, at)).isEqualTo(ids.idOf(uid));
        return EntityIds.ancestorsAt(t, at, seq);
    }
}
