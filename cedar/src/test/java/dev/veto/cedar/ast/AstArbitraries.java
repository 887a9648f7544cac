package dev.veto.cedar.ast;

import dev.veto.cedar.value.BoolValue;
import dev.veto.cedar.value.EntityUid;
import dev.veto.cedar.value.LongValue;
import dev.veto.cedar.value.StringValue;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/** Random Cedar ASTs (with {@link Loc#NONE}) covering every expression variant and scope form. */
public final class AstArbitraries {
    private AstArbitraries() {}

    private static final Set<String> RESERVED = Set.of("true", "false", "if", "then", "else", "in", "is", "like", "has",
            "__cedar", "principal", "action", "resource", "context", "permit", "forbid", "when", "unless");

    public static Arbitrary<String> identifiers() {
        return Arbitraries.strings().withCharRange('a', 'z').withChars('_', 'A', 'Z', '0').ofMinLength(1).ofMaxLength(6)
                .filter(s -> !Character.isDigit(s.charAt(0)) && !RESERVED.contains(s));
    }

    /** Any Unicode text without lone surrogates (which Cedar strings cannot hold). */
    public static Arbitrary<String> text() {
        return Arbitraries.oneOf(
                Arbitraries.strings().ascii().ofMaxLength(8),
                Arbitraries.strings().withChars('"', '\\', '*', '\n', '\t', '\0', 'é', '世').ofMaxLength(5),
                Arbitraries.integers().between(0x20, 0x10ffff).filter(cp -> cp < 0xd800 || cp > 0xdfff)
                        .list().ofMaxSize(4)
                        .map(cps -> new String(cps.stream().mapToInt(Integer::intValue).toArray(), 0, cps.size())));
    }

    public static Arbitrary<String> typeNames() {
        return identifiers().list().ofMinSize(1).ofMaxSize(3).map(l -> String.join("::", l));
    }

    public static Arbitrary<EntityUid> uids() {
        return Combinators.combine(typeNames(), text()).as(EntityUid::of);
    }

    public static Arbitrary<EntityUid> actionUids() {
        return Combinators.combine(identifiers().list().ofMaxSize(2), text())
                .as((ns, id) -> EntityUid.of(ns.isEmpty() ? "Action" : String.join("::", ns) + "::Action", id));
    }

    private static Arbitrary<Expr> literals() {
        return Arbitraries.oneOf(
                Arbitraries.of(true, false).map(b -> new Expr.Lit(BoolValue.of(b), Loc.NONE)),
                Arbitraries.longs().map(v -> new Expr.Lit(LongValue.of(v), Loc.NONE)),
                Arbitraries.of(Long.MIN_VALUE, Long.MAX_VALUE, 0L, -1L).map(v -> new Expr.Lit(LongValue.of(v), Loc.NONE)),
                text().map(s -> new Expr.Lit(new StringValue(s), Loc.NONE)),
                uids().map(u -> new Expr.Lit(u, Loc.NONE)),
                Arbitraries.of(Variable.values()).map(v -> new Expr.Var(v, Loc.NONE)));
    }

    /** Expressions up to {@code depth} levels deep. */
    public static Arbitrary<Expr> exprs(int depth) {
        if (depth <= 0) {
            return literals();
        }
        Arbitrary<Expr> sub = Arbitraries.lazy(() -> exprs(depth - 1));
        Arbitrary<Pattern> patterns = Arbitraries.oneOf(
                        Arbitraries.just(Pattern.wildcard()),
                        text().filter(s -> !s.isEmpty()).map(s -> s.codePointAt(0)))
                .list().ofMaxSize(5).map(Pattern::of);
        List<String> methods = new ArrayList<>(Builtins.methodNames());
        methods.sort(null);
        List<String> functions = new ArrayList<>(Builtins.functionNames());
        functions.sort(null);
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(4, literals()),
                net.jqwik.api.Tuple.of(1, Combinators.combine(sub, sub, sub).as((a, b, c) -> new Expr.If(a, b, c, Loc.NONE))),
                net.jqwik.api.Tuple.of(1, Combinators.combine(sub, sub).as((a, b) -> new Expr.And(a, b, Loc.NONE))),
                net.jqwik.api.Tuple.of(1, Combinators.combine(sub, sub).as((a, b) -> new Expr.Or(a, b, Loc.NONE))),
                net.jqwik.api.Tuple.of(1, Combinators.combine(Arbitraries.of(UnaryOp.values()), sub)
                        .as((op, a) -> new Expr.Unary(op, a, Loc.NONE))),
                net.jqwik.api.Tuple.of(2, Combinators.combine(Arbitraries.of(BinaryOp.values()), sub, sub)
                        .as((op, a, b) -> new Expr.Binary(op, a, b, Loc.NONE))),
                net.jqwik.api.Tuple.of(1, Combinators.combine(Arbitraries.of(methods), sub, sub.list().ofSize(1))
                        .as((m, r, args) -> new Expr.MethodCall(m, r, args.subList(0, Builtins.methodArity(m)), Loc.NONE))),
                net.jqwik.api.Tuple.of(1, Combinators.combine(Arbitraries.of(functions), sub)
                        .as((f, a) -> new Expr.FunctionCall(f, List.of(a), Loc.NONE))),
                net.jqwik.api.Tuple.of(1, Combinators.combine(sub, text()).as((t, a) -> new Expr.GetAttr(t, a, Loc.NONE))),
                net.jqwik.api.Tuple.of(1, Combinators.combine(sub, Arbitraries.oneOf(
                                text().map(List::of), identifiers().list().ofMinSize(2).ofMaxSize(3)))
                        .as((t, p) -> new Expr.HasAttr(t, p, Loc.NONE))),
                net.jqwik.api.Tuple.of(1, Combinators.combine(sub, patterns).as((t, p) -> new Expr.Like(t, p, Loc.NONE))),
                net.jqwik.api.Tuple.of(1, Combinators.combine(sub, typeNames(), Arbitraries.oneOf(sub, Arbitraries.just(null)))
                        .as((t, ty, in) -> new Expr.Is(t, ty, in, Loc.NONE))),
                net.jqwik.api.Tuple.of(1, sub.list().ofMaxSize(3).map(l -> new Expr.SetLit(l, Loc.NONE))),
                net.jqwik.api.Tuple.of(1, Arbitraries.maps(text(), sub).ofMaxSize(3)
                        .map(m -> new Expr.RecordLit(new LinkedHashMap<>(m), Loc.NONE))));
    }

    private static Arbitrary<EntityRef> refs(SlotId slot) {
        return Arbitraries.oneOf(uids().map(EntityRef.Entity::new), Arbitraries.just(new EntityRef.SlotRef(slot)));
    }

    private static Arbitrary<ScopeConstraint> scopes(SlotId slot) {
        return Arbitraries.oneOf(
                Arbitraries.just(ScopeConstraint.ANY),
                refs(slot).map(ScopeConstraint.Eq::new),
                refs(slot).map(ScopeConstraint.In::new),
                typeNames().map(ScopeConstraint.Is::new),
                Combinators.combine(typeNames(), refs(slot)).as(ScopeConstraint.IsIn::new));
    }

    private static Arbitrary<ActionConstraint> actions() {
        return Arbitraries.oneOf(
                Arbitraries.just(ActionConstraint.ANY),
                actionUids().map(ActionConstraint.Eq::new),
                actionUids().map(u -> new ActionConstraint.In(List.of(u), false)),
                actionUids().list().ofMaxSize(3).map(l -> new ActionConstraint.In(l, true)));
    }

    public static Arbitrary<Policy> policies() {
        Arbitrary<Map<String, String>> annotations = Arbitraries.maps(identifiers(), text()).ofMaxSize(3);
        Arbitrary<List<Condition>> conditions = Combinators.combine(Arbitraries.of(true, false), exprs(3))
                .as((w, e) -> new Condition(w, e, Loc.NONE)).list().ofMaxSize(3);
        return Combinators.combine(annotations, Arbitraries.of(Effect.values()), scopes(SlotId.PRINCIPAL), actions(),
                        scopes(SlotId.RESOURCE), conditions)
                .as((a, e, p, act, r, c) -> new Policy(a, e, p, act, r, c, Loc.NONE));
    }
}
