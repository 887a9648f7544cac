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
 * Prints policies and expressions as Cedar text that parses back to an equal tree, with the
 * parentheses that precedence requires and no others.
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
        expr(b, e, IF);
        return b.toString();
    }

    // Precedence levels, loosest first. An operand printed where a tighter level is required
    // gets parentheses; left-associative chains print flat, so the output nests no deeper than
    // the input did (which keeps it within the parser's depth limit).
    private static final int IF = 0;
    private static final int OR = 1;
    private static final int AND = 2;
    private static final int RELATION = 3;
    private static final int ADD = 4;
    private static final int MUL = 5;
    private static final int UNARY = 6;
    private static final int MEMBER = 7;

    private static int level(Expr e) {
        return switch (e) {
            case Expr.If i -> IF;
            case Expr.Or o -> OR;
            case Expr.And a -> AND;
            case Expr.Binary x -> switch (x.op()) {
                case ADD, SUB -> ADD;
                case MUL -> MUL;
                default -> RELATION;
            };
            case Expr.HasAttr h -> RELATION;
            case Expr.Like l -> RELATION;
            case Expr.Is i -> RELATION;
            case Expr.Unary u -> UNARY;
            case Expr.Lit l -> l.value() instanceof LongValue lv && lv.value() < 0 ? UNARY : MEMBER;
            default -> MEMBER;
        };
    }

    private static void expr(StringBuilder b, Expr e, int required) {
        boolean parens = level(e) < required;
        if (parens) {
            b.append('(');
        }
        switch (e) {
            case Expr.Lit l -> literal(b, l.value());
            case Expr.Var v -> b.append(v.variable().keyword());
            case Expr.Slot s -> b.append(s.slot().text());
            case Expr.If i -> {
                b.append("if ");
                expr(b, i.condition(), IF);
                b.append(" then ");
                expr(b, i.then(), IF);
                b.append(" else ");
                expr(b, i.otherwise(), IF);
            }
            case Expr.And a -> infix(b, a.left(), AND, "&&", a.right(), RELATION);
            case Expr.Or o -> infix(b, o.left(), OR, "||", o.right(), AND);
            case Expr.Unary u -> {
                b.append(u.op().symbol());
                if (u.operand() instanceof Expr.Lit l && l.value() instanceof LongValue) {
                    // "-5" would read back as the literal -5, not as negation applied to 5
                    b.append('(');
                    expr(b, u.operand(), IF);
                    b.append(')');
                } else {
                    expr(b, u.operand(), MEMBER);
                }
            }
            case Expr.Binary x -> {
                int lvl = level(x);
                if (lvl == RELATION) {
                    infix(b, x.left(), ADD, x.op().symbol(), x.right(), ADD);
                } else {
                    infix(b, x.left(), lvl, x.op().symbol(), x.right(), lvl + 1);
                }
            }
            case Expr.MethodCall m -> {
                expr(b, m.receiver(), MEMBER);
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
                expr(b, g.target(), MEMBER);
                b.append('[').append(Strings.quote(g.attribute())).append(']');
            }
            case Expr.HasAttr h -> {
                expr(b, h.target(), ADD);
                b.append(" has ");
                if (h.path().size() == 1) {
                    b.append(Strings.quote(h.path().get(0)));
                } else {
                    b.append(String.join(".", h.path()));
                }
            }
            case Expr.Like l -> {
                expr(b, l.target(), ADD);
                b.append(" like ").append(l.pattern().toLiteral());
            }
            case Expr.Is i -> {
                expr(b, i.target(), ADD);
                b.append(" is ").append(i.entityType());
                if (i.in() != null) {
                    b.append(" in ");
                    expr(b, i.in(), ADD);
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
                    expr(b, f.getValue(), IF);
                }
                b.append('}');
            }
        }
        if (parens) {
            b.append(')');
        }
    }

    private static void infix(StringBuilder b, Expr l, int leftLevel, String op, Expr r, int rightLevel) {
        expr(b, l, leftLevel);
        b.append(' ').append(op).append(' ');
        expr(b, r, rightLevel);
    }

    private static void args(StringBuilder b, List<Expr> args) {
        for (int i = 0; i < args.size(); i++) {
            if (i > 0) {
                b.append(", ");
            }
            expr(b, args.get(i), IF);
        }
    }

    private static void literal(StringBuilder b, Value v) {
        switch (v) {
            case BoolValue bv -> b.append(bv.value());
            case LongValue lv -> b.append(lv.value());
            case EntityUid uid -> b.append(uid);
            case dev.veto.cedar.value.StringValue s -> b.append(Strings.quote(s.value()));
            // folded constants (sets, records, extension values) print as the Cedar that builds them
            default -> b.append(v);
        }
    }
}
