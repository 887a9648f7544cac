package dev.veto.cedar.validation;

import dev.veto.cedar.ast.ActionConstraint;
import dev.veto.cedar.ast.EntityRef;
import dev.veto.cedar.ast.Loc;
import dev.veto.cedar.ast.Policy;
import dev.veto.cedar.ast.ScopeConstraint;
import dev.veto.cedar.validation.ValidationIssue.Kind;
import dev.veto.cedar.value.EntityUid;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;

/**
 * The reference's check that a policy's scope admits at least one request the schema allows
 * ({@code validate_action_application}): some action the action constraint names must apply to a
 * principal type and a resource type the principal and resource constraints admit. A policy that
 * fails it can never apply, which for a {@code forbid} means it silently forbids nothing; so the
 * error points at the part of the scope that rules the requests out.
 */
final class ActionApplication {
    private ActionApplication() {}

    static void check(SchemaTables t, Policy p, Issues out) {
        BitSet actions = actionsIn(t, p.action());
        BitSet principals = typesIn(t, p.principal());
        BitSet resources = typesIn(t, p.resource());
        boolean principalFits = false;
        boolean resourceFits = false;
        BitSet principalTypes = new BitSet();
        BitSet resourceTypes = new BitSet();
        for (int a = actions.nextSetBit(0); a >= 0; a = actions.nextSetBit(a + 1)) {
            boolean pf = t.principalTypes(a).intersects(principals);
            boolean rf = t.resourceTypes(a).intersects(resources);
            if (pf && rf) {
                return;
            }
            principalFits |= pf;
            resourceFits |= rf;
            principalTypes.or(t.principalTypes(a));
            resourceTypes.or(t.resourceTypes(a));
        }
        String message = "unable to find an applicable action given the policy scope constraints";
        Loc loc = p.loc();
        List<String> help = new ArrayList<>();
        boolean principalFix = inWouldFix(t, p.principal(), actions, true);
        boolean resourceFix = inWouldFix(t, p.resource(), actions, false);
        if (principalFix || resourceFix) {
            help.add("try replacing `==` with `in` in the " + (principalFix && resourceFix
                    ? "principal clause and the resource clause" : principalFix ? "principal clause" : "resource clause"));
        }
        if (actions.isEmpty()) {
            loc = at(p.action(), loc);
            help.add("no declared action matches the action constraint");
        } else if (principalFits && !resourceFits) {
            loc = at(p.resource(), loc);
            help.add("the actions in scope apply to resource types " + names(t, resourceTypes));
        } else if (resourceFits && !principalFits) {
            loc = at(p.principal(), loc);
            help.add("the actions in scope apply to principal types " + names(t, principalTypes));
        } else if (!principalFits) {
            help.add("the actions in scope apply to principal types " + names(t, principalTypes)
                    + " and resource types " + names(t, resourceTypes));
        } else {
            help.add("no action in scope applies to both a principal type and a resource type the scope admits");
        }
        out.add(Kind.INVALID_ACTION_APPLICATION, loc, message, String.join("; ", help));
    }

    /** Actions {@code action in ...} can match; none when it names an undeclared action. */
    static BitSet actionsIn(SchemaTables t, ActionConstraint c) {
        BitSet out = new BitSet(t.actions.size());
        switch (c) {
            case ActionConstraint.Any a -> out.set(0, t.actions.size());
            case ActionConstraint.Eq e -> {
                int i = t.actionIndex(e.uid());
                if (i >= 0) {
                    out.set(i);
                }
            }
            case ActionConstraint.In in -> {
                for (EntityUid u : in.uids()) {
                    int i = t.actionIndex(u);
                    if (i < 0) {
                        out.clear();
                        return out;
                    }
                    out.or(t.actionsIn(i));
                }
            }
        }
        return out;
    }

    /** Entity types a principal or resource constraint admits. */
    private static BitSet typesIn(SchemaTables t, ScopeConstraint c) {
        BitSet out = new BitSet(t.entityTypes.size());
        switch (c) {
            case ScopeConstraint.Any a -> out.set(0, t.entityTypes.size());
            case ScopeConstraint.Eq e -> {
                if (e.ref() instanceof EntityRef.Entity x) {
                    set(out, t.entityIndex(x.uid().type()));
                } else {
                    out.set(0, t.entityTypes.size());
                }
            }
            case ScopeConstraint.In in -> {
                if (in.ref() instanceof EntityRef.Entity x) {
                    int i = t.entityIndex(x.uid().type());
                    if (i >= 0) {
                        out.or(t.typesIn(i));
                    }
                } else {
                    out.set(0, t.entityTypes.size());
                }
            }
            case ScopeConstraint.Is is -> set(out, t.entityIndex(is.entityType()));
            case ScopeConstraint.IsIn is -> {
                int type = t.entityIndex(is.entityType());
                if (is.ref() instanceof EntityRef.Entity x) {
                    int i = t.entityIndex(x.uid().type());
                    if (type >= 0 && i >= 0 && t.typesIn(i).get(type)) {
                        out.set(type);
                    }
                } else {
                    set(out, type);
                }
            }
        }
        return out;
    }

    private static void set(BitSet b, int i) {
        if (i >= 0) {
            b.set(i);
        }
    }

    /** The reference's hint: {@code ==} names a type no action takes there, but one some action takes may be in it. */
    private static boolean inWouldFix(SchemaTables t, ScopeConstraint c, BitSet actions, boolean principal) {
        if (!(c instanceof ScopeConstraint.Eq eq) || !(eq.ref() instanceof EntityRef.Entity x)) {
            return false;
        }
        int type = t.entityIndex(x.uid().type());
        if (type < 0) {
            return false;
        }
        BitSet within = (BitSet) t.typesIn(type).clone();
        within.clear(type);
        boolean anyEqual = false;
        boolean anyWithin = false;
        for (int a = actions.nextSetBit(0); a >= 0; a = actions.nextSetBit(a + 1)) {
            BitSet applies = principal ? t.principalTypes(a) : t.resourceTypes(a);
            anyEqual |= applies.get(type);
            anyWithin |= applies.intersects(within);
        }
        return !anyEqual && anyWithin;
    }

    private static Loc at(ActionConstraint c, Loc fallback) {
        return EntityReferences.at(c.loc(), fallback);
    }

    private static Loc at(ScopeConstraint c, Loc fallback) {
        return EntityReferences.at(c.loc(), fallback);
    }

    private static String names(SchemaTables t, BitSet types) {
        if (types.isEmpty()) {
            return "(none)";
        }
        List<String> out = new ArrayList<>();
        for (int i = types.nextSetBit(0); i >= 0; i = types.nextSetBit(i + 1)) {
            out.add("`" + t.entityTypes.get(i) + "`");
        }
        return String.join(", ", out);
    }
}
