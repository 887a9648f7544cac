package dev.veto.cedar.parser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.veto.cedar.ast.ActionConstraint;
import dev.veto.cedar.ast.BinaryOp;
import dev.veto.cedar.ast.Effect;
import dev.veto.cedar.ast.EntityRef;
import dev.veto.cedar.ast.Expr;
import dev.veto.cedar.ast.Loc;
import dev.veto.cedar.ast.Policy;
import dev.veto.cedar.ast.PolicyPrinter;
import dev.veto.cedar.ast.ScopeConstraint;
import dev.veto.cedar.ast.SlotId;
import dev.veto.cedar.ast.UnaryOp;
import dev.veto.cedar.ast.Variable;
import dev.veto.cedar.value.EntityUid;
import dev.veto.cedar.value.LongValue;
import dev.veto.cedar.value.StringValue;
import java.util.List;
import org.junit.jupiter.api.Test;

class PolicyParserTest {

    private static Expr expr(String s) {
        return PolicyParser.parseExpr(s, "test");
    }

    private static Expr.Lit lit(long v) {
        return new Expr.Lit(LongValue.of(v), Loc.NONE);
    }

    @Test
    void parsesTheArchitectureEnforcementPolicy() {
        Policy p = PolicyParser.parsePolicy("""
                @id("enf-C-0042-1") @case("C-0042") @principle("no-mass-surveillance") @notice("N-0042-1")
                forbid (principal in Unit::"mx/u42", action in [Action::"service:storage", Action::"service:speech"], resource)
                unless { (action in Action::"access:read" || action in Action::"access:export")
                         && context.now < datetime("2027-01-28T00:00:00Z") };
                """, "enf.cedar");
        assertThat(p.effect()).isEqualTo(Effect.FORBID);
        assertThat(p.annotations()).containsEntry("case", "C-0042").containsEntry("notice", "N-0042-1").hasSize(4);
        assertThat(p.principal()).isEqualTo(new ScopeConstraint.In(new EntityRef.Entity(EntityUid.of("Unit", "mx/u42"))));
        assertThat(p.action()).isEqualTo(new ActionConstraint.In(
                List.of(EntityUid.of("Action", "service:storage"), EntityUid.of("Action", "service:speech")), true));
        assertThat(p.resource()).isEqualTo(ScopeConstraint.ANY);
        assertThat(p.conditions()).hasSize(1);
        assertThat(p.conditions().get(0).when()).isFalse();
        assertThat(p.loc().start()).isZero();
    }

    @Test
    void precedenceFollowsCedar() {
        // * binds tighter than +, + tighter than ==, == tighter than &&, && tighter than ||
        assertThat(expr("1 + 2 * 3 == 7 && true || false")).isEqualTo(new Expr.Or(
                new Expr.And(
                        new Expr.Binary(BinaryOp.EQ,
                                new Expr.Binary(BinaryOp.ADD, lit(1), new Expr.Binary(BinaryOp.MUL, lit(2), lit(3), Loc.NONE), Loc.NONE),
                                lit(7), Loc.NONE),
                        new Expr.Lit(dev.veto.cedar.value.BoolValue.TRUE, Loc.NONE), Loc.NONE),
                new Expr.Lit(dev.veto.cedar.value.BoolValue.FALSE, Loc.NONE), Loc.NONE));
        assertThat(expr("1 - 2 - 3")).isEqualTo(new Expr.Binary(BinaryOp.SUB,
                new Expr.Binary(BinaryOp.SUB, lit(1), lit(2), Loc.NONE), lit(3), Loc.NONE));
    }

    @Test
    void minusBeforeAnIntegerIsPartOfTheLiteral() {
        assertThat(expr("-9223372036854775808")).isEqualTo(lit(Long.MIN_VALUE));
        assertThat(expr("-(5)")).isEqualTo(new Expr.Unary(UnaryOp.NEG, lit(5), Loc.NONE));
        assertThat(expr("--5")).isEqualTo(new Expr.Unary(UnaryOp.NEG, lit(-5), Loc.NONE));
        assertThatThrownBy(() -> expr("9223372036854775808")).isInstanceOf(CedarSyntaxError.class)
                .hasMessageContaining("out of range");
    }

    @Test
    void atMostFourRepeatedUnaryOperators() {
        assertThat(expr("!!!!true")).isInstanceOf(Expr.Unary.class);
        assertThatThrownBy(() -> expr("!!!!!true")).hasMessageContaining("too many `!`");
    }

    @Test
    void memberAccessMethodsAndIndexing() {
        assertThat(expr("principal.owner[\"a b\"].contains(1)")).isEqualTo(new Expr.MethodCall("contains",
                new Expr.GetAttr(new Expr.GetAttr(new Expr.Var(Variable.PRINCIPAL, Loc.NONE), "owner", Loc.NONE), "a b", Loc.NONE),
                List.of(lit(1)), Loc.NONE));
    }

    @Test
    void hasWithNestedPathAndIsIn() {
        assertThat(expr("context has a.b.c")).isEqualTo(new Expr.HasAttr(new Expr.Var(Variable.CONTEXT, Loc.NONE),
                List.of("a", "b", "c"), Loc.NONE));
        assertThat(expr("resource is NS::Photo in Album::\"x\"")).isEqualTo(new Expr.Is(
                new Expr.Var(Variable.RESOURCE, Loc.NONE), "NS::Photo",
                new Expr.Lit(EntityUid.of("Album", "x"), Loc.NONE), Loc.NONE));
    }

    @Test
    void stringEscapes() {
        assertThat(expr("\"a\\n\\t\\\"\\\\\\0\\x41\\u{1F600}\"")).isEqualTo(
                new Expr.Lit(new StringValue("a\n\t\"\\\0A\uD83D\uDE00"), Loc.NONE));
        assertThatThrownBy(() -> expr("\"\\q\"")).hasMessageContaining("invalid escape `\\q`");
        assertThatThrownBy(() -> expr("\"\\*\"")).hasMessageContaining("only in `like` patterns");
        assertThat(expr("\"\\u{1_F6_00}\"")).isEqualTo(new Expr.Lit(new StringValue("\uD83D\uDE00"), Loc.NONE));
        assertThatThrownBy(() -> expr("\"a\rb\"")).hasMessageContaining("bare carriage return");
    }

    @Test
    void likePatternsDistinguishWildcardsFromEscapedStars() {
        Expr.Like l = (Expr.Like) expr("context.s like \"a*b\\*\"");
        assertThat(l.pattern().matches("aXYZb*")).isTrue();
        assertThat(l.pattern().matches("aXYZbc")).isFalse();
    }

    @Test
    void templatesAndSlots() {
        Policy p = PolicyParser.parsePolicy("permit(principal == ?principal, action, resource in ?resource);", "t");
        assertThat(p.isTemplate()).isTrue();
        assertThat(p.principal()).isEqualTo(new ScopeConstraint.Eq(new EntityRef.SlotRef(SlotId.PRINCIPAL)));
        assertThatThrownBy(() -> PolicyParser.parsePolicy("permit(principal == ?resource, action, resource);", "t"))
                .hasMessageContaining("`?resource` cannot stand here");
        assertThatThrownBy(() -> PolicyParser.parsePolicy("permit(principal, action, resource) when { ?principal };", "t"))
                .hasMessageContaining("only appear in the policy scope");
    }

    @Test
    void trailingCommasAreAllowedInListsAndRecords() {
        assertThat(expr("[1, 2,]")).isEqualTo(new Expr.SetLit(List.of(lit(1), lit(2)), Loc.NONE));
        assertThat(expr("{a: 1,}")).isInstanceOf(Expr.RecordLit.class);
    }

    @Test
    void relationsDoNotChain() {
        assertThatThrownBy(() -> expr("1 < 2 < 3")).hasMessageContaining("comparisons do not chain");
    }

    @Test
    void errorsPointAtTheProblemLikeACompiler() {
        String src = "permit(principal, action, resource)\nwhen { principal.age >= };\n";
        assertThatThrownBy(() -> PolicyParser.parsePolicies(src, "policies.cedar"))
                .isInstanceOfSatisfying(CedarSyntaxError.class, e -> {
                    assertThat(e.line()).isEqualTo(2);
                    assertThat(e.column()).isEqualTo(25);
                    assertThat(e.getMessage()).isEqualTo("""
                            policies.cedar:2:25: unexpected `}`, expected an expression
                              |
                            2 | when { principal.age >= };
                              |                         ^""");
                });
    }

    @Test
    void unknownNamesAreRejectedWithTheAlternatives() {
        assertThatThrownBy(() -> expr("ipaddr(\"1.2.3.4\")")).hasMessageContaining("`ipaddr` is not a function")
                .hasMessageContaining("ip");
        assertThatThrownBy(() -> expr("[1].has(1)")).hasMessageContaining("`has` is not a method");
        assertThatThrownBy(() -> expr("[1].contains(1, 2)")).hasMessageContaining("`contains` takes 1 argument, got 2");
        assertThatThrownBy(() -> expr("foo")).hasMessageContaining("unknown identifier `foo`");
    }

    @Test
    void actionScopeMustNameActions() {
        assertThatThrownBy(() -> PolicyParser.parsePolicy("permit(principal, action == User::\"x\", resource);", "t"))
                .hasMessageContaining("is not an action");
        assertThat(PolicyParser.parsePolicy("permit(principal, action in NS::Action::\"a\", resource);", "t").action())
                .isEqualTo(new ActionConstraint.In(List.of(EntityUid.of("NS::Action", "a")), false));
    }

    @Test
    void duplicateAnnotationsAndRecordKeysAreErrors() {
        assertThatThrownBy(() -> PolicyParser.parsePolicy("@a(\"1\") @a(\"2\") permit(principal, action, resource);", "t"))
                .hasMessageContaining("duplicate annotation `@a`");
        assertThatThrownBy(() -> expr("{a: 1, \"a\": 2}")).hasMessageContaining("duplicate attribute `a`");
    }

    @Test
    void annotationWithoutValueIsEmpty() {
        assertThat(PolicyParser.parsePolicy("@flag permit(principal, action, resource);", "t").annotations())
                .containsEntry("flag", "");
    }

    @Test
    void printedPoliciesParseBackEqual() {
        String src = """
                @id("p1")
                permit (principal is User in Group::"g", action in [Action::"a", Action::"b"], resource == Doc::"d")
                when { if context.x like "a\\*b*" then -(1) < -2 else !(resource has a.b) }
                unless { principal.tags.hasTag("k") && ip("10.0.0.0/8").isInRange(context.ip) };
                """;
        Policy p = PolicyParser.parsePolicy(src, "t");
        assertThat(PolicyParser.parsePolicy(PolicyPrinter.print(p), "printed")).isEqualTo(p);
    }
}
