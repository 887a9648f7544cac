package dev.veto.cedar.ast;

import dev.veto.cedar.value.BoolValue;
import dev.veto.cedar.value.EntityUid;
import dev.veto.cedar.value.LongValue;
import dev.veto.cedar.value.Strings;
import dev.veto.cedar.value.Value;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Prints policies and expressions as Cedar text that parses back to an equal tree. Compound
 * operands are parenthesised, so the output does not depend on precedence subtleties.
 */
public final class PolicyPrinter {
    private PolicyPrinter() {}

    public static String print(Policy p) {
        StringBuilder b = new StringBuilder();
        for (Map.Entry<String, String> a : p.annotations().entrySet()) {
            b.append('@').append(a.getKey()).append('(').append(Strings.quote(a.getValue())).append(")\n");
        }
        b.append(p.effect().keyword()).append(" (\n  ");
        scope(b, "principal", p.principal());
        b.append(",\n  ");
        action(b, p.action());
        b.append(",\n  ");
        scope(b, "resource", p.resource());
        b.append("\n)");
        for (Condition c : p.conditions()) {
            b.append(c.when() ? "\nwhen { " : "\nunless { ").append(print(c.body())).append(" }");
        }
        return b.append(';').toString();
    }

    public static String print(List<Policy> policies) {
        return policies.stream().map(PolicyPrinter::print).collect(Collectors.joining("\n\n", "", "\n"));
    }

    private static void scope(StringBuilder b, String var, ScopeConstraint c) {
        b.append(var);
        switch (c) {
            case ScopeConstraint.Any a -> { }
            case ScopeConstraint.Eq e -> b.append(" == ").append(ref(e.ref()));
            case ScopeConstraint.In i -> b.append(" in ").append(ref(i.ref()));
            case ScopeConstraint.Is i -> b.append(" is ").append(i.entityType());
            case ScopeConstraint.IsIn i -> b.append(" is ").append(i.entityType()).append(" in ").append(ref(i.ref()));
        }
    }

    private static String ref(EntityRef r) {
        return switch (r) {
            case EntityRef.Entity e -> e.uid().toString();
            case EntityRef.SlotRef s -> s.slot().text();
        };
    }

    private static void action(StringBuilder b, ActionConstraint c) {
        b.append("action");
        switch (c) {
            case ActionConstraint.Any a -> { }
            case ActionConstraint.Eq e -> b.append(" == ").append(e.uid());
            case ActionConstraint.In i -> {
                if (i.list()) {
                    b.append(" in ").append(i.uids().stream().map(EntityUid::toString).collect(Collectors.joining(", ", "[", "]")));
                } else {
                    b.append(" in ").append(i.uids().get(0));
                }
            }
        }
    }

    public static String print(Expr e) {
        StringBuilder b = new StringBuilder();
        expr(b, e);
        return b.toString();
    }

    private static void expr(StringBuilder b, Expr e) {
        switch (e) {
            case Expr.Lit l -> literal(b, l.value());
            case Expr.Var v -> b.append(v.variable().keyword());
            case Expr.Slot s -> b.append(s.slot().text());
            case Expr.If i -> {
                b.append("if ");
                operand(b, i.condition());
                b.append(" then ");
                operand(b, i.then());
                b.append(" else ");
                operand(b, i.otherwise());
            }
            case Expr.And a -> infix(b, a.left(), "&&", a.right());
            case Expr.Or o -> infix(b, o.left(), "||", o.right());
            case Expr.Unary u -> {
                b.append(u.op().symbol());
                if (u.operand() instanceof Expr.Lit l && l.value() instanceof LongValue) {
                    // "-5" would read back as the literal -5, not as negation applied to 5
                    b.append('(');
                    expr(b, u.operand());
                    b.append(')');
                } else {
                    operand(b, u.operand());
                }
            }
            case Expr.Binary x -> infix(b, x.left(), x.op().symbol(), x.right());
            case Expr.MethodCall m -> {
                operand(b, m.receiver());
                b.append('.').append(m.name()).append('(');
                args(b, m.args());
                b.append(')');
            }
            case Expr.FunctionCall f -> {
                b.append(f.name()).append('(');
                args(b, f.args());
                b.append(')');
            }
            case Expr.GetAttr g -> {
                operand(b, g.target());
                b.append('[').append(Strings.quote(g.attribute())).append(']');
            }
            case Expr.HasAttr h -> {
                operand(b, h.target());
                b.append(" has ");
                if (h.path().size() == 1) {
                    b.append(Strings.quote(h.path().get(0)));
                } else {
                    b.append(String.join(".", h.path()));
                }
            }
            case Expr.Like l -> {
                operand(b, l.target());
                b.append(" like ").append(l.pattern().toLiteral());
            }
            case Expr.Is i -> {
                operand(b, i.target());
                b.append(" is ").append(i.entityType());
                if (i.in() != null) {
                    b.append(" in ");
                    operand(b, i.in());
                }
            }
            case Expr.SetLit s -> {
                b.append('[');
                args(b, s.elements());
                b.append(']');
            }
            case Expr.RecordLit r -> {
                b.append('{');
                boolean first = true;
                for (Map.Entry<String, Expr> f : r.fields().entrySet()) {
                    if (!first) {
                        b.append(", ");
                    }
                    first = false;
                    b.append(Strings.quote(f.getKey())).append(": ");
                    expr(b, f.getValue());
                }
                b.append('}');
            }
        }
    }

    private static void infix(StringBuilder b, Expr l, String op, Expr r) {
        operand(b, l);
        b.append(' ').append(op).append(' ');
        operand(b, r);
    }

    private static void args(StringBuilder b, List<Expr> args) {
        for (int i = 0; i < args.size(); i++) {
            if (i > 0) {
                b.append(", ");
            }
            expr(b, args.get(i));
        }
    }

    /** Prints {@code e} in parentheses unless it is atomic, so it binds as one operand anywhere. */
    private static void operand(StringBuilder b, Expr e) {
        boolean atomic = switch (e) {
            case Expr.Lit l -> !(l.value() instanceof LongValue lv && lv.value() < 0);
            case Expr.Var v -> true;
            case Expr.Slot s -> true;
            case Expr.FunctionCall f -> true;
            case Expr.SetLit s -> true;
            case Expr.RecordLit r -> true;
            case Expr.GetAttr g -> true;
            case Expr.MethodCall m -> true;
            default -> false;
        };
        if (atomic) {
            expr(b, e);
        } else {
            b.append('(');
            expr(b, e);
            b.append(')');
        }
    }

    private static void literal(StringBuilder b, Value v) {
        switch (v) {
            case BoolValue bv -> b.append(bv.value());
            case LongValue lv -> b.append(lv.value());
            case EntityUid uid -> b.append(uid);
            case dev.veto.cedar.value.StringValue s -> b.append(Strings.quote(s.value()));
            default -> throw new IllegalArgumentException("not a literal: " + v);
        }
    }
}
