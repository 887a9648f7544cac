package dev.veto.cedar.ast;

import static org.assertj.core.api.Assertions.assertThat;

import dev.veto.cedar.parser.PolicyParser;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Printing an AST and parsing it back gives the same AST. */
class RoundTripProperties {

    @Provide
    Arbitrary<Expr> expressions() {
        return AstArbitraries.exprs(4);
    }

    @Provide
    Arbitrary<Policy> policies() {
        return AstArbitraries.policies();
    }

    @Property(tries = 2000)
    void expressionsRoundTrip(@ForAll("expressions") Expr e) {
        String printed = PolicyPrinter.print(e);
        assertThat(PolicyParser.parseExpr(printed, "printed")).as(printed).isEqualTo(e);
    }

    @Property(tries = 1000)
    void policiesRoundTrip(@ForAll("policies") Policy p) {
        String printed = PolicyPrinter.print(p);
        assertThat(PolicyParser.parsePolicy(printed, "printed")).as(printed).isEqualTo(p);
    }
}
