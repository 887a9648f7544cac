package dev.veto.cedar.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.veto.cedar.ast.AstArbitraries;
import dev.veto.cedar.ast.Effect;
import dev.veto.cedar.ast.Expr;
import dev.veto.cedar.ast.Loc;
import dev.veto.cedar.ast.Policy;
import dev.veto.cedar.ast.Request;
import dev.veto.cedar.authz.Authorizer;
import dev.veto.cedar.authz.Decision;
import dev.veto.cedar.authz.PolicySet;
import dev.veto.cedar.authz.Response;
import dev.veto.cedar.entity.Entities;
import dev.veto.cedar.parser.PolicyParser;
import dev.veto.cedar.value.BoolValue;
import dev.veto.cedar.value.EntityUid;
import dev.veto.cedar.value.RecordValue;
import dev.veto.cedar.value.Value;
import java.util.List;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Invariants of Cedar's semantics that must hold for any expression or policy set. */
class EvaluatorProperties {
    /** Always fails when evaluated: a record has no attribute of that name. */
    private static final Expr BOOM = PolicyParser.parseExpr("{}.boom", "boom");

    private static final Request REQUEST = new Request(EntityUid.of("User", "alice"), EntityUid.of("Action", "view"),
            EntityUid.of("Photo", "p"), RecordValue.EMPTY);

    @Provide
    Arbitrary<Expr> expressions() {
        return AstArbitraries.exprs(3);
    }

    /** The outcome of evaluating: a value, or the error. */
    private static Object outcome(Expr e) {
        try {
            return new Evaluator(REQUEST, Entities.EMPTY).eval(e);
        } catch (EvalError err) {
            return err;
        }
    }

    @Property(tries = 3000)
    void andNeverEvaluatesItsRightSideWhenTheLeftIsFalse(@ForAll("expressions") Expr a) {
        Object left = outcome(a);
        Object both = outcome(new Expr.And(a, BOOM, Loc.NONE));
        if (left.equals(BoolValue.FALSE)) {
            assertThat(both).isEqualTo(BoolValue.FALSE);
        } else {
            assertThat(both).isInstanceOf(EvalError.class);
        }
    }

    @Property(tries = 3000)
    void orNeverEvaluatesItsRightSideWhenTheLeftIsTrue(@ForAll("expressions") Expr a) {
        Object left = outcome(a);
        Object both = outcome(new Expr.Or(a, BOOM, Loc.NONE));
        if (left.equals(BoolValue.TRUE)) {
            assertThat(both).isEqualTo(BoolValue.TRUE);
        } else {
            assertThat(both).isInstanceOf(EvalError.class);
        }
    }

    @Property(tries = 3000)
    void ifEvaluatesOnlyTheChosenBranch(@ForAll("expressions") Expr c, @ForAll("expressions") Expr x) {
        Object cond = outcome(c);
        Object thenSide = outcome(new Expr.If(c, x, BOOM, Loc.NONE));
        Object elseSide = outcome(new Expr.If(c, BOOM, x, Loc.NONE));
        if (cond.equals(BoolValue.TRUE)) {
            assertThat(thenSide).hasSameClassAs(outcome(x));
            assertThat(elseSide).isInstanceOf(EvalError.class);
        } else if (cond.equals(BoolValue.FALSE)) {
            assertThat(elseSide).hasSameClassAs(outcome(x));
            assertThat(thenSide).isInstanceOf(EvalError.class);
        } else {
            assertThat(thenSide).isInstanceOf(EvalError.class);
            assertThat(elseSide).isInstanceOf(EvalError.class);
        }
    }

    @Provide
    Arbitrary<List<Policy>> policySets() {
        // Random scopes rarely match the request, so half the policies match by scope and carry
        // conditions that are simple enough to be true, false or an error with similar odds.
        Arbitrary<Policy> matching = net.jqwik.api.Combinators.combine(
                        net.jqwik.api.Arbitraries.of(Effect.values()),
                        net.jqwik.api.Arbitraries.of("true", "false", "1 == 1", "{}.boom", "context has x", "1 + \"a\" == 2")
                                .list().ofMaxSize(2))
                .as((eff, conds) -> PolicyParser.parsePolicy(eff.keyword() + "(principal, action, resource)"
                        + conds.stream().map(c -> " when { " + c + " }").reduce("", String::concat) + ";", "gen"));
        return net.jqwik.api.Arbitraries.oneOf(AstArbitraries.policies().filter(p -> !p.isTemplate()), matching)
                .list().ofMinSize(1).ofMaxSize(6);
    }

    @Property(tries = 1000)
    void forbidAlwaysWinsAndReasonsAreExactlyTheDeterminingPolicies(@ForAll("policySets") List<Policy> policies) {
        PolicySet set = PolicySet.EMPTY;
        for (int i = 0; i < policies.size(); i++) {
            set = set.with("p" + i, policies.get(i));
        }
        Response r = Authorizer.isAuthorized(REQUEST, set, Entities.EMPTY);
        Evaluator ev = new Evaluator(REQUEST, Entities.EMPTY);
        List<String> forbids = new java.util.ArrayList<>();
        List<String> permits = new java.util.ArrayList<>();
        List<String> errors = new java.util.ArrayList<>();
        for (PolicySet.Entry e : set.policies()) {
            try {
                if (ev.isSatisfied(e.policy())) {
                    (e.policy().effect() == Effect.FORBID ? forbids : permits).add(e.id());
                }
            } catch (EvalError err) {
                errors.add(e.id());
            }
        }
        if (!forbids.isEmpty()) {
            assertThat(r.decision()).isEqualTo(Decision.DENY);
            assertThat(r.reasonIds()).containsExactlyInAnyOrderElementsOf(forbids);
        } else if (!permits.isEmpty()) {
            assertThat(r.decision()).isEqualTo(Decision.ALLOW);
            assertThat(r.reasonIds()).containsExactlyInAnyOrderElementsOf(permits);
        } else {
            assertThat(r.decision()).isEqualTo(Decision.DENY);
            assertThat(r.reasonIds()).isEmpty();
        }
        assertThat(r.errors()).extracting(e -> e.policyId()).containsExactlyInAnyOrderElementsOf(errors);
        // adding a satisfied forbid turns any answer into a deny naming it
        Response withForbid = Authorizer.isAuthorized(REQUEST,
                set.with("stop", PolicyParser.parsePolicy("forbid(principal, action, resource);", "stop")), Entities.EMPTY);
        assertThat(withForbid.decision()).isEqualTo(Decision.DENY);
        assertThat(withForbid.reasonIds()).contains("stop");
        assertThat(withForbid.reasons()).allMatch(e -> e.policy().effect() == Effect.FORBID);
    }

    @Property(tries = 500)
    void evaluationIsDeterministic(@ForAll("expressions") Expr e) {
        Object a = outcome(e);
        Object b = outcome(e);
        if (a instanceof Value v) {
            assertThat(b).isEqualTo(v);
        } else {
            assertThat(b).isInstanceOf(EvalError.class);
        }
    }

    @net.jqwik.api.Example
    void boomReallyFails() {
        assertThatThrownBy(() -> new Evaluator(REQUEST, Entities.EMPTY).eval(BOOM)).isInstanceOf(EvalError.class);
    }
}
