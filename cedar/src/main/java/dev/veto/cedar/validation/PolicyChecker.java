package dev.veto.cedar.validation;

import dev.veto.cedar.ast.ActionConstraint;
import dev.veto.cedar.ast.Condition;
import dev.veto.cedar.ast.EntityRef;
import dev.veto.cedar.ast.Expr;
import dev.veto.cedar.ast.Policy;
import dev.veto.cedar.ast.ScopeConstraint;
import dev.veto.cedar.ast.UnaryOp;
import dev.veto.cedar.validation.CedarType.Bool;
import dev.veto.cedar.validation.CedarType.BoolKind;
import dev.veto.cedar.validation.ValidationIssue.Kind;
import dev.veto.cedar.value.EntityUid;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Validates one policy after another against one schema: the reference's per-policy passes
 * (names exist, the scope admits some request) and the strict typechecker in every request
 * environment.
 *
 * <p>A policy's expression is Lean's {@code principalScope && actionScope && resourceScope &&
 * conditions}, typed in each environment. The three scope parts depend on one of principal
 * type, action, resource type each, so they are typed once per value, not per environment; the
 * walk over the environments then only reads arrays and skips those a scope part rules out, as
 * {@code &&} does. The conditions are typed where all three parts may hold, and their result is
 * shared by every environment that agrees on what they read: a condition that mentions only
 * {@code context} is typed once per distinct context type, one that reads {@code action} once per
 * class of actions it cannot tell apart ({@link #actionClass}). A typing that reported an issue
 * is never shared, so every environment's own error is reported. This is what keeps ten
 * thousand policies against a hundred actions well under a second ({@code ValidatorSpeed}).
 *
 * <p>Not thread-safe: scratch arrays are reused from one policy to the next.
 */
final class PolicyChecker {
    /** Outcome codes of a scope part or condition in one environment. */
    private static final byte UNKNOWN = 0;
    private static final byte FALSE = 1;
    private static final byte TRUE = 2;
    private static final byte ANY = 3;
    private static final byte FAIL = 4;

    private static final int USES_PRINCIPAL = 1;
    private static final int USES_ACTION = 2;
    private static final int USES_RESOURCE = 4;
    private static final int USES_CONTEXT = 8;

    private final SchemaTables t;
    private final Typechecker typechecker;
    private final byte[] principalScope;
    private final byte[] resourceScope;
    /** The entity literals the current policy's conditions name, when they read {@code action}. */
    private final List<EntityUid> actionLiterals = new ArrayList<>();
    /** Per policy: (comparisons with those literals, action type) → class number. */
    private final Map<Long, Integer> actionClasses = new HashMap<>();
    /** Each action's class, valid where its stamp is the current policy's. */
    private final int[] actionClassOf;
    private final int[] actionClassStamp;
    private int policyStamp;
    /** The last shared condition outcome, valid for the current policy only. */
    private long lastKey = -1;
    private byte lastKind;

    PolicyChecker(SchemaTables t) {
        this.t = t;
        this.typechecker = new Typechecker(t);
        this.principalScope = new byte[t.entityTypes.size()];
        this.resourceScope = new byte[t.entityTypes.size()];
        this.actionClassOf = new int[t.actions.size()];
        this.actionClassStamp = new int[t.actions.size()];
    }

    /** A static policy or a template (whose slots may be linked to any entity the scope admits). */
    void check(Policy p, Issues out) {
        EntityReferences.check(t, p, out);
        ActionApplication.check(t, p, out);
        typecheck(p, out);
    }

    /**
     * A template link. Like the reference, only what linking adds is checked (the template
     * itself was typechecked for every slot type): the slot values' types exist, and the linked
     * scope admits some request.
     */
    void checkLink(Policy linked, List<EntityUid> slotValues, Issues out) {
        EntityReferences.checkSlotTypes(t, slotValues, linked.loc(), out);
        ActionApplication.check(t, linked, out);
    }

    private void typecheck(Policy p, Issues out) {
        Arrays.fill(principalScope, UNKNOWN);
        Arrays.fill(resourceScope, UNKNOWN);
        ActionScope actions = actionScope(p, out);
        Expr condition = conditions(p.conditions());
        int uses = condition == null ? 0 : variablesUsed(condition, 0);
        actionLiterals.clear();
        actionClasses.clear();
        policyStamp++;
        if ((uses & USES_ACTION) != 0) {
            entityLiterals(condition, actionLiterals);
        }
        Map<Long, Byte> shared = new HashMap<>();
        lastKey = -1;
        boolean allFalse = true;
        boolean failed = false;
        int[] envP = t.envPrincipal;
        int[] envR = t.envResource;
        // Environments of an action the action scope rules out type as false (or fail where the
        // principal part fails, which EntityReferences reports), so only matched actions are visited.
        BitSet visit = actions.matched;
        if (visit == null) {
            visit = new BitSet(t.actions.size());
            visit.set(0, t.actions.size());
        }
        boolean perEnvironment = (uses & (USES_PRINCIPAL | USES_RESOURCE)) != 0;
        // What walking one action's environments adds up to, by (environment class, action
        // class): an action alike in both walks alike, so it is walked once per policy (a
        // permit over `access:write` meets a thousand catalog operations of one class). Kept
        // only from walks that reported nothing, so every environment's own issue is reported.
        Map<Long, Byte> walked = actions.failure == null ? new HashMap<>() : null;
        for (int a = visit.nextSetBit(0); a >= 0; a = visit.nextSetBit(a + 1)) {
            long walkKey = walked == null ? -1 : (long) t.environmentClass(a) << 32 | ((uses & USES_ACTION) != 0 ? actionClass(a) : 0);
            if (walkKey >= 0) {
                Byte done = walked.get(walkKey);
                if (done != null) {
                    allFalse &= (done & 1) != 0;
                    failed |= (done & 2) != 0;
                    continue;
                }
            }
            int reportsBefore = out.reports();
            boolean actionAllFalse = true;
            boolean actionFailed = false;
            int reached = -1;
            for (int e = t.envStart[a]; e < t.envStart[a + 1]; e++) {
                byte pk = scope(p.principal(), envP[e], principalScope);
                if (pk == FALSE || pk == FAIL) {
                    actionFailed |= pk == FAIL;
                    continue;
                }
                if (actions.failure != null) {
                    actions.failure.run();
                    actionFailed = true;
                    continue;
                }
                byte rk = scope(p.resource(), envR[e], resourceScope);
                if (rk == FALSE || rk == FAIL) {
                    actionFailed |= rk == FAIL;
                    continue;
                }
                reached = e;
                if (perEnvironment || condition == null) {
                    byte ck = condition == null ? TRUE : condition(condition, uses, envP[e], a, envR[e], shared, out);
                    actionFailed |= ck == FAIL;
                    actionAllFalse &= ck == FALSE || ck == FAIL;
                }
            }
            if (!perEnvironment && condition != null && reached >= 0) {
                // conditions that read neither principal nor resource type alike in all of this
                // action's environments: typed once for the action
                byte ck = condition(condition, uses, envP[reached], a, envR[reached], shared, out);
                actionFailed |= ck == FAIL;
                actionAllFalse &= ck == FALSE || ck == FAIL;
            }
            allFalse &= actionAllFalse;
            failed |= actionFailed;
            if (walkKey >= 0 && out.reports() == reportsBefore) {
                walked.put(walkKey, (byte) ((actionAllFalse ? 1 : 0) | (actionFailed ? 2 : 0)));
            }
        }
        if (allFalse && !failed && !out.hasErrors()) {
            out.add(Kind.IMPOSSIBLE_POLICY, p.loc(),
                    "policy is impossible: the policy expression evaluates to false for all valid requests", null);
        }
    }

    /**
     * The action part of the scope. With {@code action} standing for the environment's action
     * literal it is always true or false, so it comes down to the set of actions it matches
     * ({@code null}: all), or a failure that holds in every environment the principal part
     * lets through.
     */
    private record ActionScope(BitSet matched, Runnable failure) {}

    private ActionScope actionScope(Policy p, Issues out) {
        ActionConstraint c = p.action();
        // an entity literal that does not exist fails silently: EntityReferences reports it
        Runnable silent = () -> { };
        return switch (c) {
            case ActionConstraint.Any a -> new ActionScope(null, null);
            case ActionConstraint.Eq e -> t.isValidLiteral(e.uid())
                    ? new ActionScope(ActionApplication.actionsIn(t, c), null)
                    : new ActionScope(null, silent);
            case ActionConstraint.In in -> {
                for (EntityUid u : in.uids()) {
                    if (!t.isValidLiteral(u)) {
                        yield new ActionScope(null, silent);
                    }
                }
                if (in.list() && in.uids().isEmpty()) {
                    yield new ActionScope(null, () -> out.add(Kind.EMPTY_SET_FORBIDDEN, EntityReferences.at(in.loc(), p.loc()),
                            "empty set literals are forbidden in policies", null));
                }
                String type = in.uids().get(0).type();
                for (EntityUid u : in.uids()) {
                    if (!u.type().equals(type)) {
                        yield new ActionScope(null, () -> out.add(Kind.INCOMPATIBLE_TYPES, EntityReferences.at(in.loc(), p.loc()),
                                "the types " + String.join(" and ", in.uids().stream().map(EntityUid::type).distinct().sorted().toList())
                                        + " are not compatible",
                                "elements of a set must have compatible types; different entity types are never compatible"));
                    }
                }
                BitSet matched = new BitSet(t.actions.size());
                for (EntityUid u : in.uids()) {
                    int i = t.actionIndex(u);
                    if (i >= 0) {
                        matched.or(t.actionsIn(i));
                    }
                }
                yield new ActionScope(matched, null);
            }
        };
    }

    /** The principal or resource part of the scope for one type of the variable, cached per type. */
    private byte scope(ScopeConstraint c, int type, byte[] cache) {
        byte k = cache[type];
        if (k == UNKNOWN) {
            k = scope(c, t.entityTypes.get(type));
            cache[type] = k;
        }
        return k;
    }

    private byte scope(ScopeConstraint c, String type) {
        return switch (c) {
            case ScopeConstraint.Any a -> TRUE;
            // `var == E`: the types meet only when equal; different entity types are simply unequal
            case ScopeConstraint.Eq e -> e.ref() instanceof EntityRef.Entity x
                    ? !t.isValidLiteral(x.uid()) ? FAIL : x.uid().type().equals(type) ? ANY : FALSE
                    : ANY;
            case ScopeConstraint.In i -> in(i.ref(), type);
            case ScopeConstraint.Is i -> i.entityType().equals(type) ? TRUE : FALSE;
            case ScopeConstraint.IsIn i -> i.entityType().equals(type) ? in(i.ref(), type) : FALSE;
        };
    }

    /**
     * {@code var in E}: possible when the variable's type may be in E's type. A slot's every
     * admissible link (the variable's type or an ancestor type) makes it possible.
     */
    private byte in(EntityRef ref, String type) {
        if (ref instanceof EntityRef.Entity x) {
            return !t.isValidLiteral(x.uid()) ? FAIL : t.mayBeIn(type, x.uid().type()) ? ANY : FALSE;
        }
        return ANY;
    }

    private byte condition(Expr condition, int uses, int p, int a, int r, Map<Long, Byte> shared, Issues out) {
        long key = key(uses, p, a, r);
        if (key >= 0) {
            // consecutive environments (one action's principal × resource types) mostly share a key
            if (key == lastKey) {
                return lastKind;
            }
            Byte k = shared.get(key);
            if (k != null) {
                lastKey = key;
                lastKind = k;
                return k;
            }
        }
        typechecker.environment(p, a, r, out);
        int before = out.reports();
        Typechecker.Typed ty = typechecker.typeOf(condition, Caps.EMPTY);
        byte k;
        if (ty == null) {
            k = FAIL;
        } else if (ty.type() instanceof Bool b) {
            k = b.kind() == BoolKind.FALSE ? FALSE : b.kind() == BoolKind.TRUE ? TRUE : ANY;
        } else {
            out.add(Kind.UNEXPECTED_TYPE, condition.loc(), "unexpected type: expected Bool but saw " + ty.type(), null);
            k = FAIL;
        }
        if (key >= 0 && out.reports() == before) {
            shared.put(key, k);
            lastKey = key;
            lastKind = k;
        }
        return k;
    }

    /**
     * What the conditions' typing depends on in this environment, packed into 64 bits: 16 per
     * principal type, action, resource type and context type, each only when the conditions read
     * it. -1 when an index does not fit (then nothing is shared).
     */
    private long key(int uses, int p, int a, int r) {
        int ctx = t.contextId(a);
        int action = (uses & USES_ACTION) != 0 ? actionClass(a) : 0xffff;
        if (p >= 0xffff || action >= 0xffff || r >= 0xffff || ctx >= 0xffff) {
            return -1;
        }
        long kp = (uses & USES_PRINCIPAL) != 0 ? p : 0xffff;
        long kr = (uses & USES_RESOURCE) != 0 ? r : 0xffff;
        long kc = (uses & USES_CONTEXT) != 0 ? ctx : 0xffff;
        return kp | (long) action << 16 | kr << 32 | kc << 48;
    }

    /**
     * Which actions the conditions cannot tell apart, numbered per policy. The conditions see an
     * action only as {@code action}: its entity type, and how it compares with the entity
     * literals they name ({@code ==}, {@code in} either way). Actions alike in all of that type
     * the conditions alike (an enforcement's {@code unless { action in Action::"access:read" }}
     * then costs one typing for all the storage actions, not one each).
     */
    private int actionClass(int a) {
        if (actionClassStamp[a] == policyStamp) {
            return actionClassOf[a];
        }
        int type = t.actionTypeIndex(a);
        int id;
        if (actionLiterals.size() > 18 || type > 0xff) {
            id = 0x10000 + a;
        } else {
            EntityUid action = t.actions.get(a);
            long bits = 0;
            for (EntityUid lit : actionLiterals) {
                bits = bits << 3 | (action.equals(lit) ? 4 : 0) | (t.actionIn(action, lit) ? 2 : 0) | (t.actionIn(lit, action) ? 1 : 0);
            }
            Integer known = actionClasses.putIfAbsent(bits << 8 | type, actionClasses.size());
            id = known == null ? actionClasses.size() - 1 : known;
        }
        actionClassStamp[a] = policyStamp;
        actionClassOf[a] = id;
        return id;
    }

    private static void entityLiterals(Expr e, List<EntityUid> out) {
        if (e instanceof Expr.Lit l && l.value() instanceof EntityUid u && !out.contains(u)) {
            out.add(u);
        }
        EntityReferences.forEachChild(e, x -> entityLiterals(x, out));
    }

    private static int variablesUsed(Expr e, int uses) {
        if (e instanceof Expr.Var v) {
            return uses | switch (v.variable()) {
                case PRINCIPAL -> USES_PRINCIPAL;
                case ACTION -> USES_ACTION;
                case RESOURCE -> USES_RESOURCE;
                case CONTEXT -> USES_CONTEXT;
            };
        }
        int[] acc = {uses};
        EntityReferences.forEachChild(e, x -> acc[0] = variablesUsed(x, acc[0]));
        return acc[0];
    }

    /** The conditions as one expression: {@code c1 && (c2 && ...)}, an {@code unless} negated; null for none. */
    private static Expr conditions(List<Condition> conditions) {
        Expr acc = null;
        for (int i = conditions.size() - 1; i >= 0; i--) {
            Condition c = conditions.get(i);
            Expr e = c.when() ? c.body() : new Expr.Unary(UnaryOp.NOT, c.body(), c.loc());
            acc = acc == null ? e : new Expr.And(e, acc, e.loc().to(acc.loc()));
        }
        return acc;
    }
}
