package dev.veto.engine;

import dev.veto.cedar.ast.ActionConstraint;
import dev.veto.cedar.ast.EntityRef;
import dev.veto.cedar.ast.Expr;
import dev.veto.cedar.ast.Policy;
import dev.veto.cedar.ast.ScopeConstraint;
import dev.veto.cedar.authz.PolicySet;
import dev.veto.cedar.value.EntityUid;
import dev.veto.cedar.value.StringValue;
import java.util.List;

/**
 * A policy prepared for the engine: constant extension calls folded, and the scope key under
 * which the index files it.
 *
 * <p>Each policy is filed in exactly one family: under its principal scope entity when the
 * principal is constrained to one ({@code ==}, {@code in}, {@code is … in}); else under its
 * resource scope entity; else under each action its action scope names; else among the
 * unconstrained. A request then looks only at the keys on its principal's, resource's and
 * action's ancestor chains, so the cost grows with the policies that can match, not with all.
 */
final class CompiledPolicy {
    enum Family { PRINCIPAL, RESOURCE, ACTION, UNCONSTRAINED, NEVER }

    final PolicySet.Entry entry;
    final EngineResponse.Reason reason;
    /** The reason as a list of one: a decision this policy alone determines answers with it, making no list. */
    final List<EngineResponse.Reason> reasonAlone;
    final boolean forbid;
    final boolean hasConditions;
    final Family family;
    /** The scope entities it is filed under (one, except for action lists). */
    final EntityUid[] keys;
    /** Filed under several keys, so a request can meet it twice. */
    final boolean multiKey;
    /*
     * The principal and resource scopes, flattened into this object rather than held as two
     * Scope records: a policy a request meets is usually not in cache, and each object followed
     * to match its scope would be one more miss. Type (interned, compared by reference) and key
     * (an entity id) are null/-1 when not constrained.
     */
    final String principalType;
    final int principalKey;
    final boolean principalEquality;
    final String resourceType;
    final int resourceKey;
    final boolean resourceEquality;
    /** Null when the action is unconstrained; else the actions it names ({@code ==} is a list of one). */
    final int[] actions;
    /** {@code action == …} rather than {@code action in …}. */
    final boolean actionEquality;

    /** A principal or resource constraint in ids, before it is flattened into the policy. */
    private record Scope(String type, int key, boolean equality) {
        static final Scope ANY = new Scope(null, -1, false);
    }

    private static boolean matches(String type, int key, boolean equality, Snapshot.Chain c) {
        if (type != null && c.uid.type() != type) {
            return false;
        }
        if (key < 0) {
            return true;
        }
        return equality ? c.self == key : c.isIn(key);
    }

    CompiledPolicy(String id, Policy policy, EntityIds ids) {
        Policy folded = fold(policy);
        this.entry = new PolicySet.Entry(id, folded, null);
        this.reason = new EngineResponse.Reason(id, policy.effect(), policy.annotations());
        this.reasonAlone = List.of(reason);
        this.forbid = policy.effect() == dev.veto.cedar.ast.Effect.FORBID;
        this.hasConditions = !policy.conditions().isEmpty();
        Scope principal = scope(policy.principal(), ids);
        Scope resource = scope(policy.resource(), ids);
        this.principalType = principal.type();
        this.principalKey = principal.key();
        this.principalEquality = principal.equality();
        this.resourceType = resource.type();
        this.resourceKey = resource.key();
        this.resourceEquality = resource.equality();
        this.actionEquality = policy.action() instanceof ActionConstraint.Eq;
        this.actions = switch (policy.action()) {
            case ActionConstraint.Any a -> null;
            case ActionConstraint.Eq e -> new int[] {ids.intern(e.uid())};
            case ActionConstraint.In in -> in.uids().stream().mapToInt(ids::intern).toArray();
        };
        EntityUid p = scopeEntity(policy.principal());
        EntityUid r = scopeEntity(policy.resource());
        if (p != null) {
            family = Family.PRINCIPAL;
            keys = new EntityUid[] {p};
        } else if (r != null) {
            family = Family.RESOURCE;
            keys = new EntityUid[] {r};
        } else {
            switch (policy.action()) {
                case ActionConstraint.Any a -> {
                    family = Family.UNCONSTRAINED;
                    keys = new EntityUid[0];
                }
                case ActionConstraint.Eq e -> {
                    family = Family.ACTION;
                    keys = new EntityUid[] {e.uid()};
                }
                case ActionConstraint.In in -> {
                    keys = in.uids().stream().distinct().toArray(EntityUid[]::new);
                    family = keys.length == 0 ? Family.NEVER : Family.ACTION;
                }
            }
        }
        multiKey = keys.length > 1;
    }

    String id() {
        return entry.id();
    }

    /** Whether the scope matches the request, given its three chains: ints only, no look-ups. */
    boolean scopeMatches(Snapshot.Chain p, Snapshot.Chain a, Snapshot.Chain r) {
        if (!matches(principalType, principalKey, principalEquality, p)
                || !matches(resourceType, resourceKey, resourceEquality, r)) {
            return false;
        }
        if (actions == null) {
            return true;
        }
        if (actionEquality) {
            return a.self == actions[0];
        }
        for (int id : actions) {
            if (a.isIn(id)) {
                return true;
            }
        }
        return false;
    }

    private static Scope scope(ScopeConstraint c, EntityIds ids) {
        return switch (c) {
            case ScopeConstraint.Any x -> Scope.ANY;
            case ScopeConstraint.Is i -> new Scope(i.entityType().intern(), -1, false);
            case ScopeConstraint.Eq e -> new Scope(null, ids.intern(uid(e.ref())), true);
            case ScopeConstraint.In i -> new Scope(null, ids.intern(uid(i.ref())), false);
            case ScopeConstraint.IsIn i -> new Scope(i.entityType().intern(), ids.intern(uid(i.ref())), false);
        };
    }

    private static EntityUid scopeEntity(ScopeConstraint c) {
        return switch (c) {
            case ScopeConstraint.Any a -> null;
            case ScopeConstraint.Is i -> null;
            case ScopeConstraint.Eq e -> uid(e.ref());
            case ScopeConstraint.In i -> uid(i.ref());
            case ScopeConstraint.IsIn i -> uid(i.ref());
        };
    }

    private static EntityUid uid(EntityRef ref) {
        return switch (ref) {
            case EntityRef.Entity e -> e.uid();
            case EntityRef.SlotRef s -> throw new IllegalArgumentException("unlinked template slot " + s.slot().text());
        };
    }

    /** The policy with {@code ip("…")}, {@code datetime("…")} and the like evaluated once, here. */
    static Policy fold(Policy p) {
        return new Policy(p.annotations(), p.effect(), p.principal(), p.action(), p.resource(),
                p.conditions().stream().map(c -> new dev.veto.cedar.ast.Condition(c.when(), fold(c.body()), c.loc())).toList(),
                p.loc());
    }

    /**
     * Folds extension constructor calls whose argument is a string literal into literals. A call
     * that fails stays a call, so it fails at evaluation exactly as before.
     */
    static Expr fold(Expr e) {
        return switch (e) {
            case Expr.FunctionCall f -> {
                List<Expr> args = f.args().stream().map(CompiledPolicy::fold).toList();
                if (args.size() == 1 && args.get(0) instanceof Expr.Lit l && l.value() instanceof StringValue) {
                    try {
                        yield new Expr.Lit(dev.veto.cedar.eval.Extensions.construct(f.name(), l.value()), f.loc());
                    } catch (dev.veto.cedar.eval.EvalError err) {
                        yield new Expr.FunctionCall(f.name(), args, f.loc());
                    }
                }
                yield new Expr.FunctionCall(f.name(), args, f.loc());
            }
            case Expr.Lit l -> l;
            case Expr.Var v -> v;
            case Expr.Slot s -> s;
            case Expr.If i -> new Expr.If(fold(i.condition()), fold(i.then()), fold(i.otherwise()), i.loc());
            case Expr.And a -> new Expr.And(fold(a.left()), fold(a.right()), a.loc());
            case Expr.Or o -> new Expr.Or(fold(o.left()), fold(o.right()), o.loc());
            case Expr.Unary u -> new Expr.Unary(u.op(), fold(u.operand()), u.loc());
            case Expr.Binary b -> new Expr.Binary(b.op(), fold(b.left()), fold(b.right()), b.loc());
            case Expr.MethodCall m -> new Expr.MethodCall(m.name(), fold(m.receiver()),
                    m.args().stream().map(CompiledPolicy::fold).toList(), m.loc());
            case Expr.GetAttr g -> new Expr.GetAttr(fold(g.target()), g.attribute(), g.loc());
            case Expr.HasAttr h -> new Expr.HasAttr(fold(h.target()), h.path(), h.loc());
            case Expr.Like l -> new Expr.Like(fold(l.target()), l.pattern(), l.loc());
            case Expr.Is i -> new Expr.Is(fold(i.target()), i.entityType(), i.in() == null ? null : fold(i.in()), i.loc());
            case Expr.SetLit s -> {
                List<Expr> elems = s.elements().stream().map(CompiledPolicy::fold).toList();
                if (elems.stream().allMatch(x -> x instanceof Expr.Lit)) {
                    // a constant set is built once here rather than at every request
                    yield new Expr.Lit(dev.veto.cedar.value.SetValue.of(elems.stream().map(x -> ((Expr.Lit) x).value()).toList()), s.loc());
                }
                yield new Expr.SetLit(elems, s.loc());
            }
            case Expr.RecordLit r -> {
                java.util.LinkedHashMap<String, Expr> m = new java.util.LinkedHashMap<>();
                r.fields().forEach((k, v) -> m.put(k, fold(v)));
                yield new Expr.RecordLit(m, r.loc());
            }
        };
    }
}
