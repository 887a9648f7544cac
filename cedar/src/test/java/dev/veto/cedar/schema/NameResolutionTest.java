package dev.veto.cedar.schema;

import static dev.veto.cedar.schema.CedarSchemaSyntaxTest.action;
import static dev.veto.cedar.schema.CedarSchemaSyntaxTest.cedar;
import static dev.veto.cedar.schema.CedarSchemaSyntaxTest.entity;
import static dev.veto.cedar.schema.CedarSchemaSyntaxTest.record;
import static org.assertj.core.api.Assertions.assertThat;

import dev.veto.cedar.schema.SchemaType.EntityRef;
import dev.veto.cedar.schema.SchemaType.Extension;
import dev.veto.cedar.schema.SchemaType.SetType;
import dev.veto.cedar.value.EntityUid;
import org.junit.jupiter.api.Test;

/** The reference's name-resolution rules (RFC 24 and RFC 70), on the human-readable format. */
class NameResolutionTest {

    @Test
    void builtinTypesWithAndWithoutCedarPrefix() {
        Schema s = cedar("""
                namespace N {
                    entity E {
                        a: Bool, b: Long, c: String,
                        d: __cedar::Bool, e: __cedar::Long, f: __cedar::String,
                        g: ipaddr, h: decimal, i: datetime, j: duration,
                        k: __cedar::ipaddr, l: __cedar::decimal, m: __cedar::datetime, n: __cedar::duration,
                    };
                }
                """);
        assertThat(entity(s, "N::E").shape()).isEqualTo(record(
                "a", SchemaType.BOOL, true, "b", SchemaType.LONG, true, "c", SchemaType.STRING, true,
                "d", SchemaType.BOOL, true, "e", SchemaType.LONG, true, "f", SchemaType.STRING, true,
                "g", new Extension("ipaddr"), true, "h", new Extension("decimal"), true,
                "i", new Extension("datetime"), true, "j", new Extension("duration"), true,
                "k", new Extension("ipaddr"), true, "l", new Extension("decimal"), true,
                "m", new Extension("datetime"), true, "n", new Extension("duration"), true));
    }

    @Test
    void namespaceDeclarationsShadowBuiltins() {
        Schema s = cedar("""
                namespace Demo {
                    entity Host { ip: ipaddr, bandwidth: decimal, name: String, groups: Set<__cedar::String> };
                    entity String;
                    type ipaddr = { repr: String, isV4: Bool };
                }
                """);
        assertThat(entity(s, "Demo::Host").shape()).isEqualTo(record(
                "ip", record("repr", new EntityRef("Demo::String"), true, "isV4", SchemaType.BOOL, true), true,
                "bandwidth", new Extension("decimal"), true,
                "name", new EntityRef("Demo::String"), true,
                "groups", new SetType(SchemaType.STRING), true));
    }

    @Test
    void emptyNamespaceEntityNamedLikeABuiltinReplacesIt() {
        Schema s = cedar("entity Long; entity E { n: Long, m: __cedar::Long };");
        assertThat(entity(s, "E").shape())
                .isEqualTo(record("n", new EntityRef("Long"), true, "m", SchemaType.LONG, true));
    }

    @Test
    void commonTypeWinsOverEntityTypeOfTheSameName() {
        Schema s = cedar("""
                namespace N {
                    type T = Long;
                    entity T;
                    entity E in [T] { t: T, s: Set<T> };
                    action a appliesTo { principal: T, resource: T };
                }
                """);
        assertThat(entity(s, "N::E").shape())
                .isEqualTo(record("t", SchemaType.LONG, true, "s", new SetType(SchemaType.LONG), true));
        // Parents and principal/resource types only ever name entity types.
        assertThat(entity(s, "N::E").memberOfTypes()).containsExactly("N::T");
        assertThat(action(s, "N::Action", "a").principalTypes()).containsExactly("N::T");
    }

    @Test
    void unqualifiedNamesFallBackToTheEmptyNamespace() {
        Schema s = cedar("""
                entity Root;
                type Shared = { r: Root };
                action "g";
                namespace N {
                    entity E in Root { s: Shared, r: Root };
                    action "a" in ["g"] appliesTo { principal: Root, resource: E };
                }
                """);
        assertThat(entity(s, "N::E").memberOfTypes()).containsExactly("Root");
        assertThat(entity(s, "N::E").shape()).isEqualTo(record(
                "s", record("r", new EntityRef("Root"), true), true,
                "r", new EntityRef("Root"), true));
        ActionDef a = action(s, "N::Action", "a");
        assertThat(a.memberOf()).containsExactly(new EntityUid("Action", "g"));
        assertThat(a.principalTypes()).containsExactly("Root");
        assertThat(a.resourceTypes()).containsExactly("N::E");
    }

    @Test
    void commonTypesResolveInTheirOwnNamespace() {
        Schema s = cedar("""
                namespace A { type T = { u: U, l: Set<Long> }; entity U; }
                namespace B { entity U; entity E { t: A::T, u: U, au: A::U }; }
                """);
        assertThat(entity(s, "B::E").shape()).isEqualTo(record(
                "t", record("u", new EntityRef("A::U"), true, "l", new SetType(SchemaType.LONG), true), true,
                "u", new EntityRef("B::U"), true,
                "au", new EntityRef("A::U"), true));
    }

    @Test
    void commonTypesReferToCommonTypes() {
        Schema s = cedar("""
                type A = B;
                type B = Set<C>;
                type C = { x: ipaddr };
                entity E { a: A };
                """);
        assertThat(entity(s, "E").shape())
                .isEqualTo(record("a", new SetType(record("x", new Extension("ipaddr"), true)), true));
    }

    @Test
    void actionTypesAreEntityTypes() {
        Schema s = cedar("""
                namespace N {
                    entity E { act: Action, acts: Set<N::Action> };
                    action view;
                }
                """);
        assertThat(entity(s, "N::E").shape()).isEqualTo(record(
                "act", new EntityRef("N::Action"), true,
                "acts", new SetType(new EntityRef("N::Action")), true));
        assertThat(s.isActionType("N::Action")).isTrue();
        assertThat(s.isActionType("Action")).isFalse();
        assertThat(s.entityType("N::Action")).isEmpty();
    }

    @Test
    void actionParentsPreferTheCurrentNamespace() {
        Schema s = cedar("""
                namespace N { action p; action c in p; action q in Action::"p"; action r in N::Action::"p"; }
                """);
        EntityUid p = new EntityUid("N::Action", "p");
        assertThat(action(s, "N::Action", "c").memberOf()).containsExactly(p);
        assertThat(action(s, "N::Action", "q").memberOf()).containsExactly(p);
        assertThat(action(s, "N::Action", "r").memberOf()).containsExactly(p);
    }
}
