package dev.veto.cedar.validation;

import dev.veto.cedar.ast.Expr;
import dev.veto.cedar.ast.Loc;
import dev.veto.cedar.validation.CedarType.Bool;
import dev.veto.cedar.validation.CedarType.Entity;
import dev.veto.cedar.validation.CedarType.Rec;
import dev.veto.cedar.validation.CedarType.SetOf;
import dev.veto.cedar.validation.Typechecker.Typed;
import dev.veto.cedar.validation.ValidationIssue.Kind;
import java.util.List;
import java.util.TreeSet;

/**
 * How the typechecker reports a type error: the checks that compare a type with the one a rule
 * needs, and the messages and help of Cedar's validator, into the issues of the environment the
 * typechecker is pointed at.
 */
final class TypeErrors {
    /** Where issues go: the typechecker re-points it at each environment. */
    Issues issues;

    /** Whether {@code t} is {@code expected} (any boolean for {@code Bool}); reports when not. */
    boolean expect(Expr e, Typed t, CedarType expected) {
        return expect(e, t, expected, null);
    }

    boolean expect(Expr e, Typed t, CedarType expected, String help) {
        CedarType actual = t.type();
        boolean ok = expected instanceof Bool ? actual instanceof Bool : expected.equals(actual);
        if (!ok) {
            if (help == null && expected instanceof Bool && actual instanceof SetOf) {
                help = "try using `contains`, `containsAny`, or `containsAll` to examine the contents of a set";
            }
            unexpected(e, expected.toString(), actual, help);
        }
        return ok;
    }

    boolean expectEntity(Expr e, Typed t) {
        if (t.type() instanceof Entity) {
            return true;
        }
        unexpected(e, "entity", t.type(), null);
        return false;
    }

    void unexpected(Expr e, String expected, CedarType actual, String help) {
        issues.add(Kind.UNEXPECTED_TYPE, e.loc(), "unexpected type: expected " + expected + " but saw " + actual, help);
    }

    void incompatible(Loc loc, List<CedarType> types, String where) {
        TreeSet<String> names = new TreeSet<>();
        for (CedarType t : types) {
            names.add(t.toString());
        }
        String help = where + " must have compatible types; " + lubHelp(types);
        issues.add(Kind.INCOMPATIBLE_TYPES, loc, "the types " + joinAnd(List.copyOf(names)) + " are not compatible", help);
    }

    private static String lubHelp(List<CedarType> types) {
        boolean entity = false;
        boolean record = false;
        for (CedarType t : types) {
            entity |= t instanceof Entity;
            record |= t instanceof Rec;
        }
        if (entity && record) {
            return "entity and record types are never compatible even when their attributes would be compatible";
        }
        if (entity) {
            return "different entity types are never compatible even when their attributes would be compatible";
        }
        if (record) {
            return "compatible record types must have exactly the same attributes, each equally optional";
        }
        return "types must be exactly equal to be compatible";
    }

    private static String joinAnd(List<String> names) {
        if (names.size() == 1) {
            return names.get(0) + " and " + names.get(0);
        }
        return String.join(", ", names.subList(0, names.size() - 1)) + " and " + names.get(names.size() - 1);
    }

    void wrongArity(Loc loc, String name, int expected, int actual) {
        issues.add(Kind.WRONG_NUMBER_ARGUMENTS, loc, "wrong number of arguments to `" + name + "`: expected "
                + expected + ", got " + actual, null);
    }
}
