package dev.veto.cedar.validation;

import dev.veto.cedar.ast.BinaryOp;
import dev.veto.cedar.ast.Expr;
import dev.veto.cedar.ast.Loc;
import dev.veto.cedar.ast.PolicyPrinter;
import dev.veto.cedar.ast.SlotId;
import dev.veto.cedar.ast.Variable;
import dev.veto.cedar.eval.EvalError;
import dev.veto.cedar.eval.Extensions;
import dev.veto.cedar.validation.CedarType.Attr;
import dev.veto.cedar.validation.CedarType.Bool;
import dev.veto.cedar.validation.CedarType.BoolKind;
import dev.veto.cedar.validation.CedarType.Entity;
import dev.veto.cedar.validation.CedarType.Ext;
import dev.veto.cedar.validation.CedarType.Rec;
import dev.veto.cedar.validation.CedarType.SetOf;
import dev.veto.cedar.validation.ValidationIssue.Kind;
import dev.veto.cedar.value.BoolValue;
import dev.veto.cedar.value.Datetime;
import dev.veto.cedar.value.Decimal;
import dev.veto.cedar.value.Duration;
import dev.veto.cedar.value.EntityUid;
import dev.veto.cedar.value.ExtensionValue;
import dev.veto.cedar.value.IpAddr;
import dev.veto.cedar.value.LongValue;
import dev.veto.cedar.value.RecordValue;
import dev.veto.cedar.value.SetValue;
import dev.veto.cedar.value.StringValue;
import dev.veto.cedar.value.Strings;
import dev.veto.cedar.value.Value;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Cedar's strict typechecker for one request environment at a time, rule for rule the Lean
 * model's {@code typeOf} ({@code cedar-lean/Cedar/Validation/Typechecker.lean}) with the
 * {@code action} variable standing for the environment's action literal.
 *
 * <p>Where Lean stops at the first error, this checker reports it and goes on with the sibling
 * operands that do not depend on it (both sides of {@code ==}, every set element, ...), so one
 * pass names every independent mistake; an operand whose type is unknown fails its parent
 * silently. It never looks past a guard that failed ({@code &&}, {@code ||}, {@code if}): what
 * comes after may rely on it. Whether a policy passes is therefore exactly Lean's answer. A
 * failed entity literal is silent too: {@link EntityReferences} reports those once per policy.
 *
 * <p>Not thread-safe: one instance per validation run, re-pointed at each environment.
 */
final class Typechecker {
    /** A typed expression: its type and the capabilities its truth proves. Failure is null. */
    record Typed(CedarType type, Caps caps) {
        Typed(CedarType type) {
            this(type, Caps.EMPTY);
        }
    }

    private final SchemaTables tables;
    private Issues issues;
    private final TypeErrors errors = new TypeErrors();
    /**
     * Extension literals already parsed ({@code name\0text} → the parse error, or "" when it
     * parses): a policy set repeats the same few, e.g. one {@code datetime} per export window.
     */
    private final Map<String, String> literalProblems = new HashMap<>();

    private Entity principal;
    private Entity resource;
    private EntityUid action;
    private Entity actionType;
    private Rec context;

    Typechecker(SchemaTables tables) {
        this.tables = tables;
    }

    /** Points the checker at one request environment; issues go to {@code out}. */
    void environment(int principalType, int actionIndex, int resourceType, Issues out) {
        principal = new Entity(tables.entityTypes.get(principalType));
        resource = new Entity(tables.entityTypes.get(resourceType));
        action = tables.actions.get(actionIndex);
        actionType = new Entity(action.type());
        context = tables.context(actionIndex);
        issues = out;
        errors.issues = out;
    }

    // ---- the rules

    Typed typeOf(Expr e, Caps c) {
        return switch (e) {
            case Expr.Lit l -> literal(l.value());
            case Expr.Var v -> new Typed(switch (v.variable()) {
                case PRINCIPAL -> principal;
                case ACTION -> actionType;
                case RESOURCE -> resource;
                case CONTEXT -> context;
            });
            // Slots appear only in the scope, where PolicyChecker types them (every link it
            // considers makes a slot of the variable's own type or one of its ancestors).
            case Expr.Slot s -> new Typed(s.slot() == SlotId.PRINCIPAL ? principal : resource);
            case Expr.If i -> ifThenElse(i, c);
            case Expr.And a -> and(a.left(), a.right(), c);
            case Expr.Or o -> or(o, c);
            case Expr.Unary u -> unary(u, c);
            case Expr.Binary b -> binary(b, c);
            case Expr.MethodCall m -> method(m, c);
            case Expr.FunctionCall f -> constructor(f, c);
            case Expr.GetAttr g -> getAttr(g, c);
            case Expr.HasAttr h -> hasPath(h, c);
            case Expr.Like l -> {
                Typed t = typeOf(l.target(), c);
                yield t == null ? null : errors.expect(l.target(), t, CedarType.STRING) ? new Typed(CedarType.ANY_BOOL) : null;
            }
            case Expr.Is i -> is(i, c);
            case Expr.SetLit s -> set(s, c);
            case Expr.RecordLit r -> record(r, c);
        };
    }

    private Typed literal(Value v) {
        return switch (v) {
            case BoolValue b -> new Typed(b.value() ? CedarType.TRUE : CedarType.FALSE);
            case LongValue l -> new Typed(CedarType.LONG);
            case StringValue s -> new Typed(CedarType.STRING);
            case EntityUid u -> tables.isValidLiteral(u) ? new Typed(new Entity(u.type())) : null;
            case SetValue s -> {
                CedarType t = valueType(s);
                yield t == null ? null : new Typed(t);
            }
            case RecordValue r -> {
                CedarType t = valueType(r);
                yield t == null ? null : new Typed(t);
            }
            case ExtensionValue x -> new Typed(extensionType(x));
        };
    }

    private static Ext extensionType(ExtensionValue x) {
        return switch (x) {
            case IpAddr i -> Ext.IPADDR;
            case Decimal d -> Ext.DECIMAL;
            case Datetime d -> Ext.DATETIME;
            case Duration d -> Ext.DURATION;
        };
    }

    /** Literal sets and records occur only in ASTs built in code; they type as their values would. */
    private CedarType valueType(Value v) {
        return switch (v) {
            case BoolValue b -> b.value() ? CedarType.TRUE : CedarType.FALSE;
            case LongValue l -> CedarType.LONG;
            case StringValue s -> CedarType.STRING;
            case EntityUid u -> tables.isValidLiteral(u) ? new Entity(u.type()) : null;
            case ExtensionValue x -> extensionType(x);
            case SetValue s -> {
                CedarType lub = null;
                for (Value x : s.elements()) {
                    CedarType t = valueType(x);
                    lub = t == null ? null : lub == null ? t : CedarType.lub(lub, t);
                    if (lub == null) {
                        yield null;
                    }
                }
                yield lub == null ? null : new SetOf(lub);
            }
            case RecordValue r -> {
                Map<String, Attr> attrs = new TreeMap<>();
                for (Map.Entry<String, Value> a : r.attributes().entrySet()) {
                    CedarType t = valueType(a.getValue());
                    if (t == null) {
                        yield null;
                    }
                    attrs.put(a.getKey(), new Attr(t, true));
                }
                yield new Rec(attrs);
            }
        };
    }

    private Typed ifThenElse(Expr.If i, Caps c) {
        Typed cond = guard(i.condition(), c);
        if (cond == null) {
            return null;
        }
        return switch (((Bool) cond.type()).kind()) {
            case TRUE -> {
                Typed then = typeOf(i.then(), c.union(cond.caps()));
                yield then == null ? null : new Typed(then.type(), cond.caps().union(then.caps()));
            }
            case FALSE -> typeOf(i.otherwise(), c);
            case ANY -> {
                Typed then = typeOf(i.then(), c.union(cond.caps()));
                Typed otherwise = typeOf(i.otherwise(), c);
                if (then == null || otherwise == null) {
                    yield null;
                }
                CedarType lub = CedarType.lub(then.type(), otherwise.type());
                if (lub == null) {
                    errors.incompatible(i.loc(), List.of(then.type(), otherwise.type()), "both branches of a conditional");
                    yield null;
                }
                yield new Typed(lub, cond.caps().union(then.caps()).intersect(otherwise.caps()));
            }
        };
    }

    /** {@code left && right}: the right side is typed knowing the left holds, and not at all when it cannot. */
    Typed and(Expr left, Expr right, Caps c) {
        Typed l = guard(left, c);
        if (l == null) {
            return null;
        }
        BoolKind lk = ((Bool) l.type()).kind();
        if (lk == BoolKind.FALSE) {
            return new Typed(CedarType.FALSE);
        }
        Typed r = guard(right, c.union(l.caps()));
        if (r == null) {
            return null;
        }
        return switch (((Bool) r.type()).kind()) {
            case FALSE -> new Typed(CedarType.FALSE);
            case TRUE -> new Typed(CedarType.bool(lk), l.caps().union(r.caps()));
            case ANY -> new Typed(CedarType.ANY_BOOL, l.caps().union(r.caps()));
        };
    }

    private Typed or(Expr.Or o, Caps c) {
        Typed l = guard(o.left(), c);
        if (l == null) {
            return null;
        }
        BoolKind lk = ((Bool) l.type()).kind();
        if (lk == BoolKind.TRUE) {
            return new Typed(CedarType.TRUE);
        }
        Typed r = guard(o.right(), c);
        if (r == null) {
            return null;
        }
        if (lk == BoolKind.FALSE) {
            return r;
        }
        return switch (((Bool) r.type()).kind()) {
            case TRUE -> new Typed(CedarType.TRUE);
            case FALSE -> new Typed(CedarType.ANY_BOOL, l.caps());
            case ANY -> new Typed(CedarType.ANY_BOOL, l.caps().intersect(r.caps()));
        };
    }

    /** An operand that must be boolean; null (reported) otherwise. */
    private Typed guard(Expr e, Caps c) {
        Typed t = typeOf(e, c);
        return t != null && errors.expect(e, t, CedarType.ANY_BOOL) ? t : null;
    }

    private Typed unary(Expr.Unary u, Caps c) {
        Typed t = typeOf(u.operand(), c);
        if (t == null) {
            return null;
        }
        return switch (u.op()) {
            case NOT -> errors.expect(u.operand(), t, CedarType.ANY_BOOL)
                    ? new Typed(CedarType.bool(((Bool) t.type()).kind().not())) : null;
            case NEG -> errors.expect(u.operand(), t, CedarType.LONG) ? new Typed(CedarType.LONG) : null;
        };
    }

    private Typed binary(Expr.Binary b, Caps c) {
        Typed l = typeOf(b.left(), c);
        Typed r = typeOf(b.right(), c);
        if (l == null || r == null) {
            return null;
        }
        return switch (b.op()) {
            case EQ -> equality(b.left(), l, b.right(), r, b.loc());
            case NE -> {
                Typed eq = equality(b.left(), l, b.right(), r, b.loc());
                yield eq == null ? null : new Typed(CedarType.bool(((Bool) eq.type()).kind().not()));
            }
            case LT, LE, GT, GE -> {
                CedarType lt = l.type();
                boolean ordered = lt == CedarType.LONG || lt.equals(Ext.DATETIME) || lt.equals(Ext.DURATION);
                if (!ordered) {
                    errors.unexpected(b.left(), "Long, datetime or duration", lt, null);
                    yield null;
                }
                yield errors.expect(b.right(), r, lt) ? new Typed(CedarType.ANY_BOOL) : null;
            }
            case ADD, SUB, MUL -> {
                String help = b.op() == BinaryOp.ADD && l.type() == CedarType.STRING
                        ? "Cedar does not support string concatenation" : null;
                boolean ok = errors.expect(b.left(), l, CedarType.LONG, help);
                ok &= errors.expect(b.right(), r, CedarType.LONG, help);
                yield ok ? new Typed(CedarType.LONG) : null;
            }
            case IN -> in(b.left(), l, b.right(), r);
        };
    }

    /** Lean's {@code typeOfEq}: two literals compare by value; otherwise the types must meet, or be two entity types. */
    private Typed equality(Expr left, Typed l, Expr right, Typed r, Loc loc) {
        Value lv = literalValue(left);
        Value rv = literalValue(right);
        if (lv != null && rv != null) {
            return new Typed(lv.equals(rv) ? CedarType.TRUE : CedarType.FALSE);
        }
        if (CedarType.lub(l.type(), r.type()) != null) {
            return new Typed(CedarType.ANY_BOOL);
        }
        if (l.type() instanceof Entity && r.type() instanceof Entity) {
            // different entity types: never equal, but not an error
            return new Typed(CedarType.FALSE);
        }
        errors.incompatible(loc, List.of(l.type(), r.type()), "both operands to a `==` expression");
        return null;
    }

    /** A literal's value; {@code action} counts as the environment's action literal. */
    private Value literalValue(Expr e) {
        if (e instanceof Expr.Lit l) {
            return l.value();
        }
        if (e instanceof Expr.Var v && v.variable() == Variable.ACTION) {
            return action;
        }
        return null;
    }

    private EntityUid entityLiteral(Expr e) {
        return literalValue(e) instanceof EntityUid u ? u : null;
    }

    /** Lean's {@code typeOfInₑ} and {@code typeOfInₛ}: exact for an action literal in action literals, else by type. */
    private Typed in(Expr left, Typed l, Expr right, Typed r) {
        if (!(l.type() instanceof Entity le)) {
            errors.unexpected(left, "entity", l.type(), l.type() instanceof SetOf
                    ? "try using `contains` to test if a single element is in a set" : null);
            return null;
        }
        EntityUid leftAction = entityLiteral(left);
        if (leftAction != null && tables.actionIndex(leftAction) < 0) {
            leftAction = null;
        }
        if (r.type() instanceof Entity re) {
            EntityUid target = entityLiteral(right);
            if (leftAction != null && target != null) {
                return new Typed(tables.actionIn(leftAction, target) ? CedarType.TRUE : CedarType.FALSE);
            }
            return new Typed(tables.mayBeIn(le.name(), re.name()) ? CedarType.ANY_BOOL : CedarType.FALSE);
        }
        if (r.type() instanceof SetOf s && s.element() instanceof Entity re) {
            List<EntityUid> targets = leftAction == null ? null : entityLiterals(right);
            if (targets != null) {
                for (EntityUid t : targets) {
                    if (tables.actionIn(leftAction, t)) {
                        return new Typed(CedarType.TRUE);
                    }
                }
                return new Typed(CedarType.FALSE);
            }
            return new Typed(tables.mayBeIn(le.name(), re.name()) ? CedarType.ANY_BOOL : CedarType.FALSE);
        }
        errors.unexpected(right, "entity or set of entities", r.type(),
                r.type() == CedarType.STRING ? "try using `like` to examine the contents of a string" : null);
        return null;
    }

    private List<EntityUid> entityLiterals(Expr e) {
        if (!(e instanceof Expr.SetLit s)) {
            return null;
        }
        List<EntityUid> out = new ArrayList<>(s.elements().size());
        for (Expr x : s.elements()) {
            EntityUid u = entityLiteral(x);
            if (u == null) {
                return null;
            }
            out.add(u);
        }
        return out;
    }

    private Typed is(Expr.Is i, Caps c) {
        Typed t = typeOf(i.target(), c);
        if (t == null) {
            return null;
        }
        if (!(t.type() instanceof Entity e)) {
            errors.unexpected(i.target(), "entity", t.type(), "Cedar only supports run time type tests for entities");
            return null;
        }
        BoolKind is = e.name().equals(i.entityType()) ? BoolKind.TRUE : BoolKind.FALSE;
        if (i.in() == null || is == BoolKind.FALSE) {
            return new Typed(CedarType.bool(is));
        }
        // `x is T in y` is `x is T && x in y`
        Typed in = typeOf(i.in(), c);
        if (in == null) {
            return null;
        }
        return in(i.target(), t, i.in(), in);
    }

    /** Each expression typed (all of them, so that every mistake is reported); null when one failed. */
    private List<Typed> typeEach(List<Expr> exprs, Caps c) {
        List<Typed> out = new ArrayList<>(exprs.size());
        boolean failed = false;
        for (Expr x : exprs) {
            Typed t = typeOf(x, c);
            failed |= t == null;
            out.add(t);
        }
        return failed ? null : out;
    }

    private Typed set(Expr.SetLit s, Caps c) {
        List<Typed> elements = typeEach(s.elements(), c);
        if (elements == null) {
            return null;
        }
        List<CedarType> types = new ArrayList<>(elements.size());
        for (Typed t : elements) {
            types.add(t.type());
        }
        if (types.isEmpty()) {
            issues.add(Kind.EMPTY_SET_FORBIDDEN, s.loc(), "empty set literals are forbidden in policies", null);
            return null;
        }
        CedarType lub = types.get(0);
        for (int i = 1; i < types.size() && lub != null; i++) {
            lub = CedarType.lub(lub, types.get(i));
        }
        if (lub == null) {
            errors.incompatible(s.loc(), types, "elements of a set");
            return null;
        }
        return new Typed(new SetOf(lub));
    }

    private Typed record(Expr.RecordLit r, Caps c) {
        Map<String, Attr> attrs = new TreeMap<>();
        boolean failed = false;
        for (Map.Entry<String, Expr> f : r.fields().entrySet()) {
            Typed t = typeOf(f.getValue(), c);
            failed |= t == null;
            if (t != null) {
                attrs.put(f.getKey(), new Attr(t.type(), true));
            }
        }
        return failed ? null : new Typed(new Rec(attrs));
    }

    // ---- attributes

    private Typed getAttr(Expr.GetAttr g, Caps c) {
        Typed t = typeOf(g.target(), c);
        if (t == null) {
            return null;
        }
        Rec attrs = attributesOf(g.target(), t.type());
        if (attrs == null) {
            return null;
        }
        Attr a = attrs.attrs().get(g.attribute());
        if (a == null) {
            String near = Spelling.closest(g.attribute(), attrs.attrs().keySet());
            issues.add(Kind.UNSAFE_ATTRIBUTE_ACCESS, g.loc(),
                    "attribute " + access(g.target(), t.type(), g.attribute()) + " not found",
                    near == null ? null : "did you mean `" + near + "`?");
            return null;
        }
        if (!a.required() && !c.hasAttribute(g.target(), g.attribute())) {
            issues.add(Kind.UNSAFE_OPTIONAL_ATTRIBUTE_ACCESS, g.loc(),
                    "unable to guarantee safety of access to optional attribute " + access(g.target(), t.type(), g.attribute()),
                    "try testing for the attribute's presence with `" + hasGuard(g.target(), g.attribute()) + " && ..`");
            return null;
        }
        return new Typed(a.type());
    }

    /**
     * The attributes of a record or entity type, or null (reported) for any other type. Entities
     * of action types have none.
     */
    private Rec attributesOf(Expr target, CedarType type) {
        if (type instanceof Rec r) {
            return r;
        }
        if (type instanceof Entity e) {
            int i = tables.entityIndex(e.name());
            if (i >= 0) {
                return tables.attributes(i);
            }
            if (tables.isActionType(e.name())) {
                return Rec.EMPTY;
            }
            issues.add(Kind.UNRECOGNIZED_ENTITY_TYPE, target.loc(), "unrecognized entity type `" + e.name() + "`", null);
            return null;
        }
        errors.unexpected(target, "entity or record", type, null);
        return null;
    }

    /** {@code e has a.b.c} is {@code e has a && e.a has b && e.a.b has c}. */
    private Typed hasPath(Expr.HasAttr h, Caps c) {
        Expr target = h.target();
        Typed acc = null;
        for (String attr : h.path()) {
            Caps known = acc == null ? c : c.union(acc.caps());
            Typed step = has(target, attr, known, h.loc());
            if (step == null) {
                return null;
            }
            BoolKind sk = ((Bool) step.type()).kind();
            if (acc == null) {
                acc = step;
            } else if (sk == BoolKind.FALSE) {
                acc = new Typed(CedarType.FALSE);
            } else {
                BoolKind ak = ((Bool) acc.type()).kind();
                acc = new Typed(sk == BoolKind.TRUE ? CedarType.bool(ak) : CedarType.ANY_BOOL, acc.caps().union(step.caps()));
            }
            if (((Bool) acc.type()).kind() == BoolKind.FALSE) {
                return new Typed(CedarType.FALSE);
            }
            target = new Expr.GetAttr(target, attr, h.loc());
        }
        return acc;
    }

    /** Lean's {@code typeOfHasAttr}: present and required on a record is true; a test proves the attribute. */
    private Typed has(Expr target, String attr, Caps c, Loc loc) {
        Typed t = typeOf(target, c);
        if (t == null) {
            return null;
        }
        Rec attrs = attributesOf(target, t.type());
        if (attrs == null) {
            return null;
        }
        Attr a = attrs.attrs().get(attr);
        if (a == null) {
            return new Typed(CedarType.FALSE);
        }
        boolean knownToExist = t.type() instanceof Rec;
        if (c.hasAttribute(target, attr) || (a.required() && knownToExist)) {
            return new Typed(CedarType.TRUE);
        }
        return new Typed(CedarType.ANY_BOOL, Caps.attribute(target, attr));
    }

    /** How the reference names an attribute access: relative to the nearest entity, or to the context. */
    private String access(Expr target, CedarType targetType, String attr) {
        if (targetType instanceof Entity e) {
            return "`" + path(List.of(attr)) + "` on entity type `" + e.name() + "`";
        }
        List<String> path = new ArrayList<>();
        path.add(attr);
        Expr base = target;
        while (base instanceof Expr.GetAttr g) {
            path.add(0, g.attribute());
            base = g.target();
        }
        CedarType t = base instanceof Expr.Var || base instanceof Expr.Lit ? typeOfQuietly(base) : null;
        String entity = null;
        int from = 0;
        if (t instanceof Entity e) {
            entity = e.name();
        }
        for (int i = 0; i < path.size() - 1 && t != null; i++) {
            Attr a = t instanceof Rec r ? r.attrs().get(path.get(i))
                    : t instanceof Entity e && tables.entityIndex(e.name()) >= 0
                            ? tables.attributes(tables.entityIndex(e.name())).attrs().get(path.get(i)) : null;
            t = a == null ? null : a.type();
            if (t instanceof Entity e) {
                entity = e.name();
                from = i + 1;
            }
        }
        String shown = "`" + path(path.subList(from, path.size())) + "`";
        if (entity != null) {
            return shown + " on entity type `" + entity + "`";
        }
        if (base instanceof Expr.Var v && v.variable() == Variable.CONTEXT) {
            return shown + " in context for `" + action + "`";
        }
        return shown;
    }

    private CedarType typeOfQuietly(Expr base) {
        Typed t = base instanceof Expr.Lit l ? literal(l.value()) : typeOf(base, Caps.EMPTY);
        return t == null ? null : t.type();
    }

    private static String path(List<String> attrs) {
        StringBuilder b = new StringBuilder();
        for (String a : attrs) {
            if (isIdentifier(a)) {
                b.append(b.isEmpty() ? "" : ".").append(a);
            } else {
                b.append("[").append(Strings.quote(a)).append("]");
            }
        }
        return b.toString();
    }

    private static String hasGuard(Expr target, String attr) {
        String base = PolicyPrinter.print(target);
        return base + " has " + (isIdentifier(attr) ? attr : Strings.quote(attr));
    }

    private static boolean isIdentifier(String s) {
        if (s.isEmpty() || !(Character.isLetter(s.charAt(0)) || s.charAt(0) == '_')) {
            return false;
        }
        for (int i = 1; i < s.length(); i++) {
            char ch = s.charAt(i);
            if (!(ch < 128 && (Character.isLetterOrDigit(ch) || ch == '_'))) {
                return false;
            }
        }
        return true;
    }

    // ---- methods and functions

    private Typed method(Expr.MethodCall m, Caps c) {
        Typed recv = typeOf(m.receiver(), c);
        List<Typed> args = typeEach(m.args(), c);
        if (recv == null || args == null) {
            return null;
        }
        ExtensionMethod ext = ExtensionMethod.named(m.name());
        if (ext != null) {
            return extensionMethod(m, ext, recv, args);
        }
        int arity = switch (m.name()) {
            case "isEmpty" -> 0;
            case "contains", "containsAll", "containsAny", "hasTag", "getTag" -> 1;
            default -> -1;
        };
        if (arity < 0) {
            issues.add(Kind.UNDEFINED_FUNCTION, m.loc(), "undefined method `" + m.name() + "`", null);
            return null;
        }
        if (args.size() != arity) {
            errors.wrongArity(m.loc(), m.name(), arity, args.size());
            return null;
        }
        return switch (m.name()) {
            case "isEmpty" -> asSet(m.receiver(), recv) == null ? null : new Typed(CedarType.ANY_BOOL);
            case "contains" -> {
                SetOf s = asSet(m.receiver(), recv);
                if (s == null) {
                    yield null;
                }
                if (CedarType.lub(args.get(0).type(), s.element()) == null) {
                    errors.incompatible(m.loc(), List.of(s.element(), args.get(0).type()),
                            "elements of the first operand and the second operand to a `contains` expression");
                    yield null;
                }
                yield new Typed(CedarType.ANY_BOOL);
            }
            case "containsAll", "containsAny" -> {
                SetOf s = asSet(m.receiver(), recv);
                SetOf o = asSet(m.args().get(0), args.get(0));
                if (s == null || o == null) {
                    yield null;
                }
                if (CedarType.lub(s.element(), o.element()) == null) {
                    errors.incompatible(m.loc(), List.of(s.element(), o.element()),
                            "elements of both set operands to a `containsAll` or `containsAny` expression");
                    yield null;
                }
                yield new Typed(CedarType.ANY_BOOL);
            }
            default -> tag(m, recv, args.get(0), c);
        };
    }

    private SetOf asSet(Expr e, Typed t) {
        if (t.type() instanceof SetOf s) {
            return s;
        }
        errors.unexpected(e, "Set", t.type(), null);
        return null;
    }

    /** Lean's {@code typeOfHasTag} and {@code typeOfGetTag}: a tag is safe to read once {@code hasTag} proved it. */
    private Typed tag(Expr.MethodCall m, Typed recv, Typed key, Caps c) {
        boolean ok = errors.expectEntity(m.receiver(), recv);
        ok &= errors.expect(m.args().get(0), key, CedarType.STRING);
        if (!ok) {
            return null;
        }
        String type = ((Entity) recv.type()).name();
        int i = tables.entityIndex(type);
        CedarType tagType = i >= 0 ? tables.tagType(i) : null;
        if (i < 0 && !tables.isActionType(type)) {
            issues.add(Kind.UNRECOGNIZED_ENTITY_TYPE, m.receiver().loc(), "unrecognized entity type `" + type + "`", null);
            return null;
        }
        Expr target = m.receiver();
        Expr tag = m.args().get(0);
        if (m.name().equals("hasTag")) {
            if (tagType == null) {
                return new Typed(CedarType.FALSE);
            }
            return c.hasTag(target, tag) ? new Typed(CedarType.TRUE) : new Typed(CedarType.ANY_BOOL, Caps.tag(target, tag));
        }
        if (tagType == null) {
            issues.add(Kind.NO_TAGS_ALLOWED, m.loc(), "`.getTag()` is not allowed on entities of type `" + type
                    + "` because no `tags` were declared on the entity type in the schema", null);
            return null;
        }
        if (!c.hasTag(target, tag)) {
            String shown = PolicyPrinter.print(tag);
            issues.add(Kind.UNSAFE_TAG_ACCESS, m.loc(), "unable to guarantee safety of access to tag `" + shown
                    + "` on entity type `" + type + "`", "try testing for the tag's presence with `.hasTag(" + shown + ") && ..`");
            return null;
        }
        return new Typed(tagType);
    }

    private Typed extensionMethod(Expr.MethodCall m, ExtensionMethod ext, Typed recv, List<Typed> args) {
        if (args.size() + 1 != ext.params.size()) {
            errors.wrongArity(m.loc(), m.name(), ext.params.size() - 1, args.size());
            return null;
        }
        boolean ok = errors.expect(m.receiver(), recv, ext.params.get(0));
        for (int i = 0; i < args.size(); i++) {
            ok &= errors.expect(m.args().get(i), args.get(i), ext.params.get(i + 1));
        }
        return ok ? new Typed(ext.result) : null;
    }

    /** Extension constructors take one string literal that must parse, so their errors show before any request. */
    private Typed constructor(Expr.FunctionCall f, Caps c) {
        List<Typed> args = typeEach(f.args(), c);
        if (args == null) {
            return null;
        }
        Ext result = switch (f.name()) {
            case "ip" -> Ext.IPADDR;
            case "decimal" -> Ext.DECIMAL;
            case "datetime" -> Ext.DATETIME;
            case "duration" -> Ext.DURATION;
            default -> null;
        };
        if (result == null) {
            issues.add(Kind.UNDEFINED_FUNCTION, f.loc(), "undefined extension function `" + f.name() + "`", null);
            return null;
        }
        if (args.size() != 1) {
            errors.wrongArity(f.loc(), f.name(), 1, args.size());
            return null;
        }
        Expr arg = f.args().get(0);
        if (!(arg instanceof Expr.Lit l && l.value() instanceof StringValue s)) {
            if (args.get(0).type() == CedarType.STRING) {
                issues.add(Kind.NON_LIT_EXT_CONSTRUCTOR, f.loc(),
                        "extension constructors may not be called with non-literal expressions",
                        "consider applying extension constructors inside attribute values when constructing entity or context data");
            } else {
                errors.unexpected(arg, "String", args.get(0).type(), null);
            }
            return null;
        }
        String problem = literalProblems.computeIfAbsent(f.name() + '\0' + s.value(), k -> {
            try {
                Extensions.construct(f.name(), s);
                return "";
            } catch (EvalError e) {
                return e.getMessage();
            }
        });
        if (!problem.isEmpty()) {
            issues.add(Kind.FUNCTION_ARGUMENT_VALIDATION, f.loc(),
                    "error during extension function argument validation: " + problem, null);
            return null;
        }
        return new Typed(result);
    }
}
