package dev.veto.cedar.validation;

import dev.veto.cedar.ast.ActionConstraint;
import dev.veto.cedar.ast.Condition;
import dev.veto.cedar.ast.EntityRef;
import dev.veto.cedar.ast.Expr;
import dev.veto.cedar.ast.Loc;
import dev.veto.cedar.ast.Policy;
import dev.veto.cedar.ast.ScopeConstraint;
import dev.veto.cedar.schema.EntityTypeDef;
import dev.veto.cedar.validation.ValidationIssue.Kind;
import dev.veto.cedar.value.EntityUid;
import dev.veto.cedar.value.Strings;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The reference's checks that every entity type, action and enumerated entity a policy names
 * exists in the schema ({@code validate_entity_types}, {@code validate_action_ids},
 * {@code validate_enum_entity}): run once per policy over its scope and conditions, whether or
 * not typechecking ever reaches the name. A type named {@code Action} (or {@code NS::Action}) is
 * always a known type, as in the reference; its uids must be declared actions.
 */
final class EntityReferences {
    private final SchemaTables tables;
    private final Issues out;

    private EntityReferences(SchemaTables tables, Issues out) {
        this.tables = tables;
        this.out = out;
    }

    static void check(SchemaTables tables, Policy p, Issues out) {
        EntityReferences r = new EntityReferences(tables, out);
        r.scope(p.principal(), p.loc());
        r.action(p.action(), p.loc());
        r.scope(p.resource(), p.loc());
        for (Condition c : p.conditions()) {
            r.expr(c.body());
        }
    }

    /** Slot values of a template link: only their types must exist. */
    static void checkSlotTypes(SchemaTables tables, List<EntityUid> values, Loc loc, Issues out) {
        EntityReferences r = new EntityReferences(tables, out);
        for (EntityUid v : values) {
            r.type(v.type(), loc);
        }
    }

    private void scope(ScopeConstraint c, Loc policyLoc) {
        switch (c) {
            case ScopeConstraint.Any a -> { }
            case ScopeConstraint.Eq e -> ref(e.ref(), at(c.loc(), policyLoc));
            case ScopeConstraint.In i -> ref(i.ref(), at(c.loc(), policyLoc));
            case ScopeConstraint.Is i -> type(i.entityType(), at(c.loc(), policyLoc));
            case ScopeConstraint.IsIn i -> {
                type(i.entityType(), at(i.loc(), policyLoc));
                ref(i.ref(), at(i.loc(), policyLoc));
            }
        }
    }

    private void action(ActionConstraint c, Loc policyLoc) {
        switch (c) {
            case ActionConstraint.Any a -> { }
            case ActionConstraint.Eq e -> uid(e.uid(), at(e.loc(), policyLoc));
            case ActionConstraint.In in -> in.uids().forEach(u -> uid(u, at(in.loc(), policyLoc)));
        }
    }

    static Loc at(Loc loc, Loc fallback) {
        return loc.isKnown() ? loc : fallback;
    }

    private void ref(EntityRef ref, Loc loc) {
        if (ref instanceof EntityRef.Entity e) {
            uid(e.uid(), loc);
        }
    }

    private void expr(Expr e) {
        if (e instanceof Expr.Lit l && l.value() instanceof EntityUid u) {
            uid(u, l.loc());
        } else if (e instanceof Expr.Is i) {
            type(i.entityType(), i.loc());
        }
        forEachChild(e, this::expr);
    }

    private void uid(EntityUid uid, Loc loc) {
        String type = uid.type();
        if (isActionTypeName(type)) {
            if (tables.actionIndex(uid) < 0) {
                out.add(Kind.UNRECOGNIZED_ACTION_ID, loc, "unrecognized action `" + uid + "`", actionHelp(uid));
            }
            return;
        }
        if (!type(type, loc)) {
            return;
        }
        EntityTypeDef def = tables.schema.entityTypes().get(type);
        if (def.isEnum() && !def.enumIds().contains(uid.id())) {
            List<String> ids = new ArrayList<>();
            for (String id : def.enumIds()) {
                ids.add(Strings.quote(id));
            }
            out.add(Kind.INVALID_ENUM_ENTITY, loc, "entity `" + uid + "` is of an enumerated entity type, but `"
                    + Strings.quote(uid.id()) + "` is not declared as a valid eid", "valid entity eids: " + String.join(", ", ids));
        }
    }

    /** Whether {@code type} is known; reports it when not. */
    private boolean type(String type, Loc loc) {
        if (tables.entityIndex(type) >= 0 || isActionTypeName(type)) {
            return true;
        }
        String near = Spelling.closest(type, tables.entityTypes);
        out.add(Kind.UNRECOGNIZED_ENTITY_TYPE, loc, "unrecognized entity type `" + type + "`",
                near == null ? null : "did you mean `" + near + "`?");
        return false;
    }

    static boolean isActionTypeName(String type) {
        return type.equals("Action") || type.endsWith("::Action");
    }

    private String actionHelp(EntityUid uid) {
        List<String> sameId = new ArrayList<>();
        List<String> all = new ArrayList<>();
        for (EntityUid a : tables.actions) {
            all.add(a.toString());
            if (a.id().equals(uid.id())) {
                sameId.add(a.toString());
            }
        }
        if (sameId.size() == 1) {
            return "did you intend to include the type in action `" + sameId.get(0) + "`?";
        }
        String near = Spelling.closest(uid.toString(), all);
        return near == null ? null : "did you mean `" + near + "`?";
    }

    /** Calls {@code f} on each direct subexpression of {@code e}. */
    static void forEachChild(Expr e, Consumer<Expr> f) {
        switch (e) {
            case Expr.Lit l -> { }
            case Expr.Var v -> { }
            case Expr.Slot s -> { }
            case Expr.If i -> {
                f.accept(i.condition());
                f.accept(i.then());
                f.accept(i.otherwise());
            }
            case Expr.And a -> {
                f.accept(a.left());
                f.accept(a.right());
            }
            case Expr.Or o -> {
                f.accept(o.left());
                f.accept(o.right());
            }
            case Expr.Unary u -> f.accept(u.operand());
            case Expr.Binary b -> {
                f.accept(b.left());
                f.accept(b.right());
            }
            case Expr.MethodCall m -> {
                f.accept(m.receiver());
                m.args().forEach(f);
            }
            case Expr.FunctionCall fc -> fc.args().forEach(f);
            case Expr.GetAttr g -> f.accept(g.target());
            case Expr.HasAttr h -> f.accept(h.target());
            case Expr.Like l -> f.accept(l.target());
            case Expr.Is i -> {
                f.accept(i.target());
                if (i.in() != null) {
                    f.accept(i.in());
                }
            }
            case Expr.SetLit s -> s.elements().forEach(f);
            case Expr.RecordLit r -> r.fields().values().forEach(f);
        }
    }
}
