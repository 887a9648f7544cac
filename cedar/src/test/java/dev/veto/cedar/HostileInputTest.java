package dev.veto.cedar;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.veto.cedar.entity.Entities;
import dev.veto.cedar.entity.EntitiesException;
import dev.veto.cedar.entity.Entity;
import dev.veto.cedar.json.CedarJson;
import dev.veto.cedar.json.JsonFormatException;
import dev.veto.cedar.parser.CedarSyntaxError;
import dev.veto.cedar.parser.PolicyParser;
import dev.veto.cedar.value.EntityUid;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * Hostile input gets a clean error: never a StackOverflowError, an OutOfMemoryError or a hang.
 * Parsing runs on a thread with a deliberately small stack, so a recursion that is not bounded
 * would show here first.
 */
class HostileInputTest {

    /** Runs {@code r} on a thread with a 512 KiB stack (half the JVM default) and returns what it threw (or null). */
    private static Throwable onSmallStack(Runnable r) throws InterruptedException {
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        Thread t = new Thread(null, () -> {
            try {
                r.run();
            } catch (Throwable e) {
                thrown.set(e);
            }
        }, "small-stack", 512 * 1024);
        t.start();
        t.join(Duration.ofSeconds(20).toMillis());
        assertThat(t.isAlive()).as("finished in time").isFalse();
        return thrown.get();
    }

    private static void assertCleanSyntaxError(String src, String expectedMessage) throws InterruptedException {
        Throwable e = onSmallStack(() -> PolicyParser.parsePolicies(src, "hostile.cedar"));
        assertThat(e).isInstanceOf(CedarSyntaxError.class).hasMessageContaining(expectedMessage);
    }

    private static String policyWhen(String expr) {
        return "permit(principal, action, resource) when { " + expr + " };";
    }

    @Test
    void deeplyNestedParenthesesSetsRecordsAndIfs() throws InterruptedException {
        int n = 100_000;
        assertCleanSyntaxError(policyWhen("(".repeat(n) + "true" + ")".repeat(n)), "nested too deeply");
        assertCleanSyntaxError(policyWhen("[".repeat(n) + "]".repeat(n)), "nested too deeply");
        assertCleanSyntaxError(policyWhen("{a:".repeat(n) + "1" + "}".repeat(n)), "nested too deeply");
        assertCleanSyntaxError(policyWhen("if true then ".repeat(n) + "true" + " else false".repeat(n)), "nested too deeply");
        assertCleanSyntaxError(policyWhen("!(".repeat(n) + "true" + ")".repeat(n)), "nested too deeply");
    }

    @Test
    void longOperatorChainsThatWouldBuildDeepTrees() throws InterruptedException {
        int n = 100_000;
        assertCleanSyntaxError(policyWhen("1" + " + 1".repeat(n) + " == 2"), "nested too deeply");
        assertCleanSyntaxError(policyWhen("true" + " && true".repeat(n)), "nested too deeply");
        assertCleanSyntaxError(policyWhen("context" + ".a".repeat(n) + " == 1"), "nested too deeply");
    }

    @Test
    void expressionsUpToTheLimitParseEvaluateAndPrint() throws InterruptedException {
        int n = PolicyParser.MAX_DEPTH / PolicyParser.NESTING_COST - 2;
        int links = PolicyParser.MAX_DEPTH - 2 * PolicyParser.NESTING_COST;
        for (String src : List.of(
                "[".repeat(n) + "true" + "]".repeat(n) + " == []",
                "{a:".repeat(n) + "true" + "}".repeat(n) + " == {}",
                "!(".repeat(n) + "true" + ")".repeat(n),
                "if true then ".repeat(n) + "true" + " else false".repeat(n),
                "false" + " || false".repeat(links),
                "1" + " + 1".repeat(links) + " == 0",
                "[".repeat(n / 2) + "false" + " || false".repeat(links / 2) + "]".repeat(n / 2) + " == []")) {
            Throwable e = onSmallStack(() -> {
                var policies = PolicyParser.parsePolicies(policyWhen(src), "ok");
                var printed = dev.veto.cedar.ast.PolicyPrinter.print(policies);
                // compared as text: record equality recurses through several frames a level
                assertThat(dev.veto.cedar.ast.PolicyPrinter.print(PolicyParser.parsePolicies(printed, "printed"))).isEqualTo(printed);
                var request = new dev.veto.cedar.ast.Request(EntityUid.of("U", "u"), EntityUid.of("Action", "a"),
                        EntityUid.of("R", "r"), null);
                new dev.veto.cedar.eval.Evaluator(request, Entities.EMPTY).isSatisfied(policies.get(0));
            });
            assertThat(e).as(src.substring(0, Math.min(40, src.length()))).isNull();
        }
    }

    @Test
    void hugeIntegerLiteral() throws InterruptedException {
        assertCleanSyntaxError(policyWhen("9".repeat(1_000_000) + " == 1"), "out of range");
    }

    @Test
    void veryLongStringsParse() {
        String big = "x".repeat(5_000_000);
        assertThat(PolicyParser.parsePolicies(policyWhen("context.s == \"" + big + "\""), "big.cedar")).hasSize(1);
    }

    @Test
    void unterminatedStringAtEndOfInput() throws InterruptedException {
        assertCleanSyntaxError(policyWhen("\"abc"), "unterminated string");
    }

    @Test
    void deeplyNestedJson() throws InterruptedException {
        String json = "[{\"uid\":{\"type\":\"A\",\"id\":\"a\"},\"attrs\":{\"x\":" + "[".repeat(100_000) + "]".repeat(100_000) + "},\"parents\":[]}]";
        Throwable e = onSmallStack(() -> CedarJson.parseEntities(json, "deep.json", null));
        assertThat(e).isInstanceOf(JsonFormatException.class).hasMessageContaining("deep.json");
    }

    @Test
    void cyclicParentsAreRefusedNamingTheCycle() {
        EntityUid a = EntityUid.of("G", "a");
        EntityUid b = EntityUid.of("G", "b");
        EntityUid c = EntityUid.of("G", "c");
        List<Entity> es = List.of(
                Entity.of(a, Map.of(), Set.of(b), Map.of()),
                Entity.of(b, Map.of(), Set.of(c), Map.of()),
                Entity.of(c, Map.of(), Set.of(a), Map.of()));
        assertThatThrownBy(() -> Entities.of(es)).isInstanceOf(EntitiesException.class)
                .hasMessageContaining("cycle").hasMessageContaining("G::\"a\"");
        assertThatThrownBy(() -> Entities.of(List.of(Entity.of(a, Map.of(), Set.of(a), Map.of()))))
                .isInstanceOf(EntitiesException.class).hasMessageContaining("cycle");
    }

    @Test
    void longParentChainsDoNotOverflowTheStackAndQuadraticClosuresAreBounded() throws InterruptedException {
        int n = 5_000;
        List<Entity> chain = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            chain.add(Entity.of(EntityUid.of("G", "g" + i), Map.of(), i + 1 < n ? Set.of(EntityUid.of("G", "g" + (i + 1))) : Set.of(), Map.of()));
        }
        AtomicReference<Entities> built = new AtomicReference<>();
        assertThat(onSmallStack(() -> built.set(Entities.of(chain)))).isNull();
        assertThat(built.get().get(EntityUid.of("G", "g0")).isIn(EntityUid.of("G", "g" + (n - 1)))).isTrue();
        Throwable e = onSmallStack(() -> Entities.of(chain, 1_000_000));
        assertThat(e).isInstanceOf(EntitiesException.class).hasMessageContaining("too large");
    }
}
