package dev.veto.cedar.schema;

import static org.assertj.core.api.Assertions.assertThat;

import dev.veto.cedar.schema.SchemaType.EntityRef;
import dev.veto.cedar.schema.SchemaType.Extension;
import dev.veto.cedar.schema.SchemaType.RecordType;
import dev.veto.cedar.schema.SchemaType.SetType;
import dev.veto.cedar.value.EntityUid;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Each feature of the human-readable format, checked on the resolved model. */
class CedarSchemaSyntaxTest {
    static Schema cedar(String text) {
        return Schema.parseCedar(text, "test.cedarschema");
    }

    static EntityTypeDef entity(Schema s, String name) {
        return s.entityType(name).orElseThrow(() -> new AssertionError("no entity type " + name + " in " + s));
    }

    static ActionDef action(Schema s, String type, String id) {
        EntityUid uid = new EntityUid(type, id);
        return s.action(uid).orElseThrow(() -> new AssertionError("no action " + uid + " in " + s));
    }

    static RecordType record(Object... nameTypeRequired) {
        Map<String, Attribute> attrs = new java.util.LinkedHashMap<>();
        for (int i = 0; i < nameTypeRequired.length; i += 3) {
            attrs.put((String) nameTypeRequired[i],
                    new Attribute((SchemaType) nameTypeRequired[i + 1], (Boolean) nameTypeRequired[i + 2]));
        }
        return new RecordType(attrs);
    }

    @Test
    void namespacesAndTopLevelDeclarations() {
        Schema s = cedar("""
                entity Top;
                namespace X::Y {
                    entity A;
                    action "a";
                }
                action b;
                """);
        assertThat(s.entityTypes().keySet()).containsExactly("Top", "X::Y::A");
        assertThat(s.actions().keySet())
                .containsExactly(new EntityUid("X::Y::Action", "a"), new EntityUid("Action", "b"));
    }

    @Test
    void entityWithSeveralNamesParentsShapeAndTags() {
        Schema s = cedar("""
                entity C, D;
                entity A, B in [C, D] = { n: Long } tags String;
                entity E in C { s: String };
                entity F in [];
                """);
        for (String name : List.of("A", "B")) {
            EntityTypeDef def = entity(s, name);
            assertThat(def.memberOfTypes()).containsExactly("C", "D");
            assertThat(def.shape()).isEqualTo(record("n", SchemaType.LONG, true));
            assertThat(def.tags()).isEqualTo(SchemaType.STRING);
            assertThat(def.isEnum()).isFalse();
        }
        assertThat(entity(s, "E").memberOfTypes()).containsExactly("C");
        assertThat(entity(s, "E").shape()).isEqualTo(record("s", SchemaType.STRING, true));
        assertThat(entity(s, "E").tags()).isNull();
        assertThat(entity(s, "F").memberOfTypes()).isEmpty();
        assertThat(entity(s, "C").shape()).isEqualTo(RecordType.EMPTY);
    }

    @Test
    void enumeratedEntity() {
        Schema s = cedar("entity Color enum [\"red\", \"green\", \"\\u{1F600}\"];");
        EntityTypeDef def = entity(s, "Color");
        assertThat(def.enumIds()).containsExactly("red", "green", "\uD83D\uDE00");
        assertThat(def.isEnum()).isTrue();
        assertThat(def.memberOfTypes()).isEmpty();
        assertThat(def.shape()).isEqualTo(RecordType.EMPTY);
    }

    @Test
    void actionsWithParentsAndAppliesTo() {
        Schema s = cedar("""
                namespace X { action "e"; }
                namespace N {
                    entity A, B, C;
                    action c, "d";
                    action "a", b in [c, "d", X::Action::"e"] appliesTo {
                        principal: [A, B],
                        resource: C,
                        context: { ip: ipaddr, n?: Long, },
                    };
                    action single in c;
                }
                """);
        for (String id : List.of("a", "b")) {
            ActionDef def = action(s, "N::Action", id);
            assertThat(def.memberOf()).containsExactly(new EntityUid("N::Action", "c"),
                    new EntityUid("N::Action", "d"), new EntityUid("X::Action", "e"));
            assertThat(def.principalTypes()).containsExactly("N::A", "N::B");
            assertThat(def.resourceTypes()).containsExactly("N::C");
            assertThat(def.context()).isEqualTo(record("ip", new Extension("ipaddr"), true, "n", SchemaType.LONG, false));
        }
        assertThat(action(s, "N::Action", "single").memberOf()).containsExactly(new EntityUid("N::Action", "c"));
    }

    @Test
    void actionWithoutAppliesToAppliesToNothing() {
        ActionDef def = action(cedar("action read;"), "Action", "read");
        assertThat(def.principalTypes()).isEmpty();
        assertThat(def.resourceTypes()).isEmpty();
        assertThat(def.memberOf()).isEmpty();
        assertThat(def.context()).isEqualTo(RecordType.EMPTY);
    }

    @Test
    void appliesToInAnyOrderWithContextAsCommonTypeName() {
        Schema s = cedar("""
                entity U;
                type Ctx = { "quoted name": Bool, plain: Set<String> };
                action a appliesTo { context: Ctx, resource: [U], principal: U, };
                action e attributes {};
                """);
        ActionDef def = action(s, "Action", "a");
        assertThat(def.context()).isEqualTo(
                record("quoted name", SchemaType.BOOL, true, "plain", new SetType(SchemaType.STRING), true));
        assertThat(def.principalTypes()).containsExactly("U");
    }

    @Test
    void attributeNamesOptionalityTrailingCommasCommentsAndAnnotations() {
        Schema s = cedar("""
                // a comment
                @doc("the user") @id
                entity User = {   // trailing comment
                    @doc("x") name: String,
                    "has space"?: Long,
                    entity: Bool,
                    type?: { inner: Set<Set<Long>>, },
                };
                @doc("namespace") namespace N { @a("b") type T = Long; @c action x; }
                """);
        RecordType shape = entity(s, "User").shape();
        assertThat(shape).isEqualTo(record(
                "name", SchemaType.STRING, true,
                "has space", SchemaType.LONG, false,
                "entity", SchemaType.BOOL, true,
                "type", record("inner", new SetType(new SetType(SchemaType.LONG)), true), false));
    }

    @Test
    void keywordsAreIdentifiersWhereTheGrammarAllows() {
        Schema s = cedar("""
                entity namespace, action, principal, Set, Long;
                entity appliesTo in [Set] { context: Set<Set>, tags: namespace };
                action appliesTo appliesTo { principal: principal, resource: action };
                """);
        assertThat(entity(s, "appliesTo").memberOfTypes()).containsExactly("Set");
        assertThat(entity(s, "appliesTo").shape()).isEqualTo(record(
                "context", new SetType(new EntityRef("Set")), true,
                "tags", new EntityRef("namespace"), true));
        assertThat(action(s, "Action", "appliesTo").resourceTypes()).containsExactly("action");
    }

    @Test
    void stringEscapesInNames() {
        Schema s = cedar("action \"a\\\"b\\\\c\\n\\t\\0\\x41\\u{e9}\\u{1_F600}\";");
        assertThat(s.actions().keySet())
                .containsExactly(new EntityUid("Action", "a\"b\\c\n\t\0A\u00e9\uD83D\uDE00"));
    }

    @Test
    void emptySchema() {
        Schema s = cedar("  // nothing\n");
        assertThat(s.entityTypes()).isEmpty();
        assertThat(s.actions()).isEmpty();
        assertThat(cedar("namespace Empty {}").entityTypes()).isEmpty();
    }

    @Test
    void modelIsImmutable() {
        Schema s = cedar("entity A in [A] { x: Long }; action a appliesTo { principal: A, resource: A };");
        EntityTypeDef a = entity(s, "A");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> s.entityTypes().clear())
                .isInstanceOf(UnsupportedOperationException.class);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> a.memberOfTypes().add("B"))
                .isInstanceOf(UnsupportedOperationException.class);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> a.shape().attributes().clear())
                .isInstanceOf(UnsupportedOperationException.class);
        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () -> action(s, "Action", "a").principalTypes().clear())
                .isInstanceOf(UnsupportedOperationException.class);
        assertThat(a.memberOfTypes()).isEqualTo(Set.of("A"));
    }
}
