package dev.veto.cedar.eval;

import dev.veto.cedar.ast.ActionConstraint;
import dev.veto.cedar.ast.Condition;
import dev.veto.cedar.ast.EntityRef;
import dev.veto.cedar.ast.Expr;
import dev.veto.cedar.ast.Policy;
import dev.veto.cedar.ast.Request;
import dev.veto.cedar.ast.ScopeConstraint;
import dev.veto.cedar.entity.Entity;
import dev.veto.cedar.entity.EntitySource;
import dev.veto.cedar.value.BoolValue;
import dev.veto.cedar.value.Datetime;
import dev.veto.cedar.value.Duration;
import dev.veto.cedar.value.EntityUid;
import dev.veto.cedar.value.LongValue;
import dev.veto.cedar.value.RecordValue;
import dev.veto.cedar.value.SetValue;
import dev.veto.cedar.value.StringValue;
import dev.veto.cedar.value.Value;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Evaluates expressions and policies against one request and an entity source, with Cedar's
 * semantics: {@code &&}, {@code ||} and {@code if} short-circuit; arithmetic is checked 64-bit;
 * a failure is an {@link EvalError}, which the authorizer reports instead of crashing.
 *
 * <p>Recursion depth is bounded by the parser's nesting limit, so evaluation cannot overflow
 * the stack. Instances are cheap and not thread-safe; make one per request.
 */
public final class Evaluator {
    private final Request request;
    private final EntitySource entities;

    public Evaluator(Request request, EntitySource entities) {
        this.request = request;
        this.entities = entities;
    }

    /**
     * Whether the policy applies to the request: its scope matches and every condition holds.
     *
     * @throws EvalError when a condition fails to evaluate or is not a boolean
     * @throws IllegalArgumentException when the policy is an unlinked template
     */
    public boolean isSatisfied(Policy p) {
        return scopeMatches(p) && conditionsHold(p);
    }

    /**
     * Whether every {@code when} holds and no {@code unless} does, without looking at the scope
     * (for callers that matched the scope themselves, as the indexed engine does).
     *
     * @throws EvalError when a condition fails to evaluate or is not a boolean
     */
    public boolean conditionsHold(Policy p) {
        for (Condition c : p.conditions()) {
            boolean v = asBool(eval(c.body()), c.when() ? "`when` condition" : "`unless` condition");
            if (v != c.when()) {
                return false;
            }
        }
        return true;
    }

    /** Whether the scope matches; scope constraints never error. */
    public boolean scopeMatches(Policy p) {
        return matches(p.principal(), request.principal())
                && matches(p.action(), request.action())
                && matches(p.resource(), request.resource());
    }

    private boolean matches(ScopeConstraint c, EntityUid uid) {
        return switch (c) {
            case ScopeConstraint.Any a -> true;
            case ScopeConstraint.Eq e -> uid.equals(entity(e.ref()));
            case ScopeConstraint.In i -> isIn(uid, entity(i.ref()));
            case ScopeConstraint.Is i -> uid.type().equals(i.entityType());
            case ScopeConstraint.IsIn i -> uid.type().equals(i.entityType()) && isIn(uid, entity(i.ref()));
        };
    }

    private static EntityUid entity(EntityRef ref) {
        return switch (ref) {
            case EntityRef.Entity e -> e.uid();
            case EntityRef.SlotRef s -> throw new IllegalArgumentException(
                    "template slot " + s.slot().text() + " is not linked; link the template before evaluating it");
        };
    }

    private boolean matches(ActionConstraint c, EntityUid action) {
        return switch (c) {
            case ActionConstraint.Any a -> true;
            case ActionConstraint.Eq e -> action.equals(e.uid());
            case ActionConstraint.In in -> {
                for (EntityUid u : in.uids()) {
                    if (isIn(action, u)) {
                        yield true;
                    }
                }
                yield false;
            }
        };
    }

    /** Cedar's {@code in} on two entities: equal, or {@code b} is an ancestor of {@code a}. */
    private boolean isIn(EntityUid a, EntityUid b) {
        return a.equals(b) || entities.isAncestor(a, b);
    }

    /** Evaluates an expression to a value. */
    public Value eval(Expr e) {
        return switch (e) {
            case Expr.Lit l -> l.value();
            case Expr.Var v -> switch (v.variable()) {
                case PRINCIPAL -> request.principal();
                case ACTION -> request.action();
                case RESOURCE -> request.resource();
                case CONTEXT -> request.context();
            };
            case Expr.Slot s -> throw new EvalError("template slot " + s.slot().text() + " is not linked");
            case Expr.If i -> asBool(eval(i.condition()), "condition of `if`") ? eval(i.then()) : eval(i.otherwise());
            case Expr.And a -> BoolValue.of(asBool(eval(a.left()), "operand of `&&`") && asBool(eval(a.right()), "operand of `&&`"));
            case Expr.Or o -> BoolValue.of(asBool(eval(o.left()), "operand of `||`") || asBool(eval(o.right()), "operand of `||`"));
            case Expr.Unary u -> switch (u.op()) {
                case NOT -> BoolValue.of(!asBool(eval(u.operand()), "operand of `!`"));
                case NEG -> {
                    long x = asLong(eval(u.operand()), "operand of `-`");
                    if (x == Long.MIN_VALUE) {
                        throw new EvalError("overflow while negating " + x);
                    }
                    yield LongValue.of(-x);
                }
            };
            case Expr.Binary b -> binary(b);
            case Expr.MethodCall m -> method(m);
            case Expr.FunctionCall f -> {
                List<Value> args = new ArrayList<>(f.args().size());
                for (Expr a : f.args()) {
                    args.add(eval(a));
                }
                yield Extensions.construct(f.name(), args);
            }
            case Expr.GetAttr g -> getAttr(eval(g.target()), g.attribute());
            case Expr.HasAttr h -> hasAttr(h);
            case Expr.Like l -> BoolValue.of(l.pattern().matches(asString(eval(l.target()), "operand of `like`")));
            case Expr.Is i -> {
                EntityUid uid = asEntity(eval(i.target()), "operand of `is`");
                if (!uid.type().equals(i.entityType())) {
                    yield BoolValue.FALSE;
                }
                yield i.in() == null ? BoolValue.TRUE : BoolValue.of(in(uid, eval(i.in())));
            }
            case Expr.SetLit s -> {
                LinkedHashSet<Value> out = new LinkedHashSet<>();
                for (Expr x : s.elements()) {
                    out.add(eval(x));
                }
                yield SetValue.takeOwnership(out);
            }
            case Expr.RecordLit r -> {
                Map<String, Value> out = new LinkedHashMap<>();
                for (Map.Entry<String, Expr> f : r.fields().entrySet()) {
                    out.put(f.getKey(), eval(f.getValue()));
                }
                yield new RecordValue(out);
            }
        };
    }

    private Value binary(Expr.Binary b) {
        Value l = eval(b.left());
        Value r = eval(b.right());
        return switch (b.op()) {
            case EQ -> BoolValue.of(l.equals(r));
            case NE -> BoolValue.of(!l.equals(r));
            case LT -> BoolValue.of(compare(l, r, "<") < 0);
            case LE -> BoolValue.of(compare(l, r, "<=") <= 0);
            case GT -> BoolValue.of(compare(l, r, ">") > 0);
            case GE -> BoolValue.of(compare(l, r, ">=") >= 0);
            case IN -> BoolValue.of(in(asEntity(l, "left operand of `in`"), r));
            case ADD -> {
                long x = asLong(l, "operand of `+`");
                long y = asLong(r, "operand of `+`");
                long z = x + y;
                if (((x ^ z) & (y ^ z)) < 0) {
                    throw new EvalError("overflow while adding " + x + " and " + y);
                }
                yield LongValue.of(z);
            }
            case SUB -> {
                long x = asLong(l, "operand of `-`");
                long y = asLong(r, "operand of `-`");
                long z = x - y;
                if (((x ^ y) & (x ^ z)) < 0) {
                    throw new EvalError("overflow while subtracting " + y + " from " + x);
                }
                yield LongValue.of(z);
            }
            case MUL -> {
                long x = asLong(l, "operand of `*`");
                long y = asLong(r, "operand of `*`");
                long hi = Math.multiplyHigh(x, y);
                long lo = x * y;
                if ((hi != 0 || lo < 0) && (hi != -1 || lo >= 0)) {
                    throw new EvalError("overflow while multiplying " + x + " by " + y);
                }
                yield LongValue.of(lo);
            }
        };
    }

    /** Orders longs, datetimes and durations; anything else is a type error. */
    private static int compare(Value l, Value r, String op) {
        if (l instanceof LongValue a && r instanceof LongValue b) {
            return Long.compare(a.value(), b.value());
        }
        if (l instanceof Datetime a && r instanceof Datetime b) {
            return a.compareTo(b);
        }
        if (l instanceof Duration a && r instanceof Duration b) {
            return a.compareTo(b);
        }
        if (l instanceof LongValue || l instanceof Datetime || l instanceof Duration) {
            throw typeError(l.typeName(), r, "right operand of `" + op + "`");
        }
        throw typeError("long, datetime or duration", l, "left operand of `" + op + "`");
    }

    private boolean in(EntityUid lhs, Value rhs) {
        if (rhs instanceof EntityUid target) {
            return isIn(lhs, target);
        }
        if (rhs instanceof SetValue set) {
            // Cedar checks that every element is an entity before looking for a match.
            List<EntityUid> targets = new ArrayList<>(set.elements().size());
            for (Value v : set.elements()) {
                targets.add(asEntity(v, "element of the right operand of `in`"));
            }
            for (EntityUid t : targets) {
                if (isIn(lhs, t)) {
                    return true;
                }
            }
            return false;
        }
        throw typeError("entity or set of entities", rhs, "right operand of `in`");
    }

    private Value method(Expr.MethodCall m) {
        Value recv = eval(m.receiver());
        List<Value> args = new ArrayList<>(m.args().size());
        for (Expr a : m.args()) {
            args.add(eval(a));
        }
        return switch (m.name()) {
            case "contains" -> BoolValue.of(asSet(recv, "contains").elements().contains(args.get(0)));
            case "containsAll" -> BoolValue.of(asSet(recv, "containsAll").elements()
                    .containsAll(asSet(args.get(0), "containsAll").elements()));
            case "containsAny" -> {
                Set<Value> a = asSet(recv, "containsAny").elements();
                Set<Value> b = asSet(args.get(0), "containsAny").elements();
                boolean any = false;
                for (Value v : b) {
                    if (a.contains(v)) {
                        any = true;
                        break;
                    }
                }
                yield BoolValue.of(any);
            }
            case "isEmpty" -> BoolValue.of(asSet(recv, "isEmpty").elements().isEmpty());
            case "hasTag" -> {
                EntityUid uid = asEntity(recv, "receiver of `hasTag`");
                String key = asString(args.get(0), "argument of `hasTag`");
                Entity e = entities.get(uid);
                yield BoolValue.of(e != null && e.tags().containsKey(key));
            }
            case "getTag" -> {
                EntityUid uid = asEntity(recv, "receiver of `getTag`");
                String key = asString(args.get(0), "argument of `getTag`");
                Entity e = entities.get(uid);
                if (e == null) {
                    throw new EvalError("entity `" + uid + "` does not exist");
                }
                Value v = e.tags().get(key);
                if (v == null) {
                    throw new EvalError("`" + uid + "` does not have the tag `" + key + "`");
                }
                yield v;
            }
            default -> Extensions.method(m.name(), recv, args);
        };
    }

    private Value getAttr(Value target, String attr) {
        if (target instanceof RecordValue r) {
            Value v = r.attributes().get(attr);
            if (v == null) {
                throw new EvalError("record does not have the attribute `" + attr + "`");
            }
            return v;
        }
        if (target instanceof EntityUid uid) {
            Entity e = entities.get(uid);
            if (e == null) {
                throw new EvalError("entity `" + uid + "` does not exist");
            }
            Value v = e.attributes().get(attr);
            if (v == null) {
                throw new EvalError("`" + uid + "` does not have the attribute `" + attr + "`");
            }
            return v;
        }
        throw typeError("entity or record", target, "target of `." + attr + "`");
    }

    /** {@code e has a.b.c} means {@code e has a && e.a has b && e.a.b has c}. */
    private Value hasAttr(Expr.HasAttr h) {
        Value current = eval(h.target());
        List<String> path = h.path();
        for (int i = 0; i < path.size(); i++) {
            String attr = path.get(i);
            Value next;
            if (current instanceof RecordValue r) {
                next = r.attributes().get(attr);
            } else if (current instanceof EntityUid uid) {
                Entity e = entities.get(uid);
                next = e == null ? null : e.attributes().get(attr);
            } else {
                throw typeError("entity or record", current, "target of `has`");
            }
            if (next == null) {
                return BoolValue.FALSE;
            }
            current = next;
        }
        return BoolValue.TRUE;
    }

    private static boolean asBool(Value v, String where) {
        if (v instanceof BoolValue b) {
            return b.value();
        }
        throw typeError("bool", v, where);
    }

    private static long asLong(Value v, String where) {
        if (v instanceof LongValue l) {
            return l.value();
        }
        throw typeError("long", v, where);
    }

    private static String asString(Value v, String where) {
        if (v instanceof StringValue s) {
            return s.value();
        }
        throw typeError("string", v, where);
    }

    private static EntityUid asEntity(Value v, String where) {
        if (v instanceof EntityUid u) {
            return u;
        }
        throw typeError("entity", v, where);
    }

    private static SetValue asSet(Value v, String method) {
        if (v instanceof SetValue s) {
            return s;
        }
        throw typeError("set", v, "operand of `" + method + "`");
    }

    static EvalError typeError(String expected, Value got, String where) {
        return new EvalError("type error: expected " + expected + " as " + where + ", got " + got.typeName());
    }
}
