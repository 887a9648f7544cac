package dev.veto.cedar.ast;

import dev.veto.cedar.value.Value;
import java.util.List;
import java.util.Map;

/**
 * A Cedar expression. The variants are closed: a {@code switch} over them without {@code default}
 * stops compiling when one is added, which is the point.
 */
public sealed interface Expr {

    Loc loc();

    /** A literal: boolean, long, string or entity reference. */
    record Lit(Value value, Loc loc) implements Expr {}

    /** {@code principal}, {@code action}, {@code resource} or {@code context}. */
    record Var(Variable variable, Loc loc) implements Expr {}

    /** A template slot, {@code ?principal} or {@code ?resource}. */
    record Slot(SlotId slot, Loc loc) implements Expr {}

    record If(Expr condition, Expr then, Expr otherwise, Loc loc) implements Expr {}

    record And(Expr left, Expr right, Loc loc) implements Expr {}

    record Or(Expr left, Expr right, Loc loc) implements Expr {}

    record Unary(UnaryOp op, Expr operand, Loc loc) implements Expr {}

    record Binary(BinaryOp op, Expr left, Expr right, Loc loc) implements Expr {}

    /** {@code receiver.name(args)}: set, tag and extension methods. */
    record MethodCall(String name, Expr receiver, List<Expr> args, Loc loc) implements Expr {
        public MethodCall {
            args = List.copyOf(args);
        }
    }

    /** {@code name(args)}: extension constructors such as {@code ip("10.0.0.1")}. */
    record FunctionCall(String name, List<Expr> args, Loc loc) implements Expr {
        public FunctionCall {
            args = List.copyOf(args);
        }
    }

    /** {@code target.attribute} or {@code target["attribute"]}. */
    record GetAttr(Expr target, String attribute, Loc loc) implements Expr {}

    /** {@code target has a.b.c}: every step of the path exists. */
    record HasAttr(Expr target, List<String> path, Loc loc) implements Expr {
        public HasAttr {
            path = List.copyOf(path);
            if (path.isEmpty()) {
                throw new IllegalArgumentException("has needs at least one attribute");
            }
        }
    }

    record Like(Expr target, Pattern pattern, Loc loc) implements Expr {}

    /** {@code target is Type} or {@code target is Type in container} (container may be null). */
    record Is(Expr target, String entityType, Expr in, Loc loc) implements Expr {}

    record SetLit(List<Expr> elements, Loc loc) implements Expr {
        public SetLit {
            elements = List.copyOf(elements);
        }
    }

    /** A record literal; keys keep the order they were written in. */
    record RecordLit(Map<String, Expr> fields, Loc loc) implements Expr {
        public RecordLit {
            fields = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(fields));
        }
    }
}
