package dev.veto.cedar.schema;

import static dev.veto.cedar.schema.CedarSchemaSyntaxTest.cedar;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import org.junit.jupiter.api.Test;

/** Every rejection carries the source name, a position and what is wrong. */
class SchemaErrorTest {

    private static SchemaException error(String text) {
        SchemaException e = catchThrowableOfType(SchemaException.class, () -> cedar(text));
        assertThat(e).as("expected a SchemaException for:\n" + text).isNotNull();
        assertThat(e.sourceName()).isEqualTo("test.cedarschema");
        assertThat(e.getMessage()).startsWith("test.cedarschema:" + e.line() + ":" + e.column() + ": ");
        assertThat(e.line()).isPositive();
        assertThat(e.column()).isPositive();
        return e;
    }

    private static void rejects(String text, String messagePart) {
        assertThat(error(text).detail()).contains(messagePart);
    }

    @Test
    void syntaxErrorsPointAtTheOffendingToken() {
        SchemaException e = error("entity A;\nentity B {\n  x: Long\n}\n");
        assertThat(e.detail()).isEqualTo("expected `;`, found end of input");
        assertThat(e.line()).isEqualTo(5);

        e = error("entity A {\n  x Long };");
        assertThat(e.detail()).isEqualTo("expected `:`, found `Long`");
        assertThat(e.line()).isEqualTo(2);
        assertThat(e.column()).isEqualTo(5);

        rejects("entity A, B,;", "expected an identifier, found `;`");
        rejects("entity A in [B,];", "expected an identifier, found `]`");
        rejects("foo A;", "expected `entity`, `action` or `type` or `namespace`, found `foo`");
        rejects("namespace N { namespace M {} }", "expected `entity`, `action` or `type`, found `namespace`");
        rejects("namespace N {} ;", "found `;`");
        rejects("entity E enum [];", "expected a string literal, found `]`");
        rejects("entity A = Long;", "expected `{`");
        rejects("action a appliesTo {};", "expected `principal`, `resource` or `context`, found `}`");
        rejects("action a in [N::b];", "`::` followed by the action id as a string literal");
        rejects("action a attributes { x: Long };", "expected `}`");
        rejects("entity A { x: 1 };", "found number `1`");
        rejects("entity A # B;", "unexpected character `#`");
        rejects("action \"abc;", "unterminated string literal");
        rejects("action \"\\q\";", "invalid escape `\\q`");
        rejects("action \"\\u{110000}\";", "not a Unicode scalar value");
        rejects("action \"\\x80\";", "invalid `\\x` escape");
    }

    @Test
    void reservedWordsAndNames() {
        rejects("entity in;", "`in` is a reserved identifier");
        rejects("entity A { if: Long };", "`if` is a reserved identifier");
        rejects("entity __cedar;", "`__cedar` is reserved");
        rejects("namespace __cedar::N { entity A; }", "`__cedar` is reserved");
        rejects("type Long = String;", "`Long` is reserved and cannot be the name of a common type");
        rejects("type Boolean = String;", "`Boolean` is reserved");
        rejects("namespace N { entity Action; }", "cannot be named `Action`");
    }

    @Test
    void undefinedNames() {
        SchemaException e = error("namespace N {\n  entity A { b: B };\n}");
        assertThat(e.detail()).isEqualTo("undefined type name `B`: neither `N::B` nor `B` has been declared as "
                + "a common or entity type");
        assertThat(e.line()).isEqualTo(2);
        assertThat(e.column()).isEqualTo(17);
        rejects("entity A in [B];", "`B` has not been declared as an entity type");
        rejects("type T = Long; entity A in [T];", "`T` has not been declared as an entity type");
        rejects("entity U; action a appliesTo { principal: U, resource: X };", "undefined type name `X`");
        rejects("entity U; action a appliesTo { principal: U, resource: U, context: U };",
                "`U` has not been declared as a common type");
        rejects("entity A { b: N::B };", "`N::B` has not been declared");
        rejects("entity A { b: Boolean };", "undefined type name `Boolean`");
        rejects("action a in b;", "undefined action Action::\"b\"");
        rejects("namespace N { action a in M::Action::\"b\"; }", "undefined action M::Action::\"b\"");
        rejects("entity A { b: Action };", "undefined type name `Action`");
        rejects("action a; entity A in [Action];", "action type `Action` cannot be a parent type");
        rejects("namespace N { entity U; action a appliesTo { principal: Action, resource: U }; }",
                "action type `N::Action` cannot be a principal type");
    }

    @Test
    void duplicates() {
        rejects("entity A; entity A;", "entity type `A` is declared twice");
        rejects("entity A, A;", "entity type `A` is declared twice");
        rejects("action a; action \"a\";", "action Action::\"a\" is declared twice");
        rejects("type T = Long; type T = Bool;", "common type `T` is declared twice");
        rejects("namespace N {} namespace N {}", "namespace `N` is declared twice");
        rejects("@doc(\"a\") @doc(\"b\") entity A;", "duplicate annotation `@doc`");
        rejects("entity U; action a appliesTo { principal: U, principal: U, resource: U };",
                "duplicate `principal` declaration in action `a`");
        rejects("entity U; action a appliesTo { principal: U, resource: U, context: {}, context: {} };",
                "duplicate `context` declaration");
    }

    @Test
    void appliesToNeedsPrincipalAndResource() {
        rejects("entity U; action a appliesTo { resource: U };", "missing `principal` declaration");
        rejects("entity U; action a appliesTo { principal: U, context: {} };", "missing `resource` declaration");
        rejects("entity U; action a appliesTo { principal: [], resource: U };", "lists no entity types");
    }

    @Test
    void shapesAndContextsMustBeRecords() {
        rejects("entity U; type C = Long; action a appliesTo { principal: U, resource: U, context: C };",
                "the context of action Action::\"a\" must be a record type, but is `Long`");
    }

    @Test
    void cyclesAmongCommonTypes() {
        rejects("type A = B; type B = A;", "cycle among common types: A -> B -> A");
        rejects("type A = { next: A }; entity E { a: A };", "cycle among common types: A -> A");
        rejects("type A = Set<A>;", "cycle among common types");
    }

    @Test
    void cyclesInTheActionHierarchy() {
        rejects("action a in b; action b in a;", "cycle in action hierarchy");
        rejects("action a in a;", "cycle in action hierarchy");
    }

    @Test
    void entityTypeCyclesAreAllowed() {
        assertThat(cedar("entity A in B; entity B in A;").entityTypes()).hasSize(2);
    }

    @Test
    void shadowingTheEmptyNamespaceIsRejected() {
        rejects("entity User; namespace N { entity User; }",
                "definition of `N::User` illegally shadows the existing definition of `User`");
        rejects("type id = Long; namespace N { entity id; }", "illegally shadows");
        rejects("action view; namespace N { action view; }", "illegally shadows");
    }

    @Test
    void deepNestingIsACleanError() {
        String deepSet = "entity A { x: " + "Set<".repeat(10_000) + "Long" + ">".repeat(10_000) + " };";
        rejects(deepSet, "nested more than 256 levels deep");
        String deepRecord = "entity A { x: " + "{ a: ".repeat(10_000) + "Long" + " }".repeat(10_000) + " };";
        rejects(deepRecord, "nested more than 256 levels deep");
        StringBuilder chain = new StringBuilder();
        for (int i = 0; i < 300; i++) {
            chain.append("type T").append(i).append(" = { a: T").append(i + 1).append(" };\n");
        }
        chain.append("type T300 = Long;\nentity E { t: T0 };");
        rejects(chain.toString(), "more than 256 levels deep");
        StringBuilder aliases = new StringBuilder();
        for (int i = 0; i < 5_000; i++) {
            aliases.append("type T").append(i).append(" = T").append(i + 1).append(";\n");
        }
        aliases.append("type T5000 = Long;");
        rejects(aliases.toString(), "more than 256 levels deep");
    }

    @Test
    void deepNestingSpreadOverCommonTypesIsACleanError() {
        StringBuilder chain = new StringBuilder();
        for (int i = 0; i < 250; i++) {
            chain.append("type T").append(i).append(" = ").append("Set<".repeat(250))
                    .append("T").append(i + 1).append(">".repeat(250)).append(";\n");
        }
        chain.append("type T250 = Long;\nentity E { t: T0 };");
        rejects(chain.toString(), "more than 256 levels deep");
    }

    @Test
    void nestingWithinTheLimitIsAccepted() {
        String set = "entity A { x: " + "Set<".repeat(200) + "Long" + ">".repeat(200) + " };";
        assertThat(cedar(set).entityTypes()).containsKey("A");
    }

    @Test
    void exceptionCarriesNoStackTraceButAMessage() {
        assertThatThrownBy(() -> cedar("entity"))
                .isInstanceOf(SchemaException.class)
                .hasMessage("test.cedarschema:1:7: expected an identifier, found end of input");
    }
}
