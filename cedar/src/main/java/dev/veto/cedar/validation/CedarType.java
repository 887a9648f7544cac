package dev.veto.cedar.validation;

import dev.veto.cedar.schema.Attribute;
import dev.veto.cedar.schema.SchemaType;
import java.util.Collections;
import java.util.Iterator;
import java.util.Map;
import java.util.TreeMap;

/**
 * The types the strict typechecker gives expressions (Lean's {@code CedarType}). Booleans carry
 * what is known of their value ({@code true}, {@code false} or either), which is how the
 * typechecker sees that a policy can never apply. Entity types are nominal, records closed, and
 * two types are compatible only when their least upper bound ({@link #lub}) exists: in strict
 * mode there are no union types.
 */
sealed interface CedarType {

    /** What is known of a boolean: Lean's {@code BoolType}. */
    enum BoolKind {
        ANY, TRUE, FALSE;

        BoolKind not() {
            return switch (this) {
                case ANY -> ANY;
                case TRUE -> FALSE;
                case FALSE -> TRUE;
            };
        }
    }

    Bool ANY_BOOL = new Bool(BoolKind.ANY);
    Bool TRUE = new Bool(BoolKind.TRUE);
    Bool FALSE = new Bool(BoolKind.FALSE);
    Prim LONG = Prim.LONG;
    Prim STRING = Prim.STRING;

    static Bool bool(BoolKind kind) {
        return switch (kind) {
            case ANY -> ANY_BOOL;
            case TRUE -> TRUE;
            case FALSE -> FALSE;
        };
    }

    /** Every boolean type prints as {@code Bool}: singleton booleans are the checker's knowledge, not a type users write. */
    record Bool(BoolKind kind) implements CedarType {
        @Override
        public String toString() {
            return "Bool";
        }
    }

    enum Prim implements CedarType {
        LONG("Long"), STRING("String");

        private final String display;

        Prim(String display) {
            this.display = display;
        }

        @Override
        public String toString() {
            return display;
        }
    }

    record Entity(String name) implements CedarType {
        @Override
        public String toString() {
            return name;
        }
    }

    record SetOf(CedarType element) implements CedarType {
        @Override
        public String toString() {
            return "Set<" + element + ">";
        }
    }

    /** An attribute's type and whether it is always present. */
    record Attr(CedarType type, boolean required) {}

    /** A closed record; attributes sorted by name. */
    record Rec(Map<String, Attr> attrs) implements CedarType {
        static final Rec EMPTY = new Rec(Map.of());

        public Rec {
            attrs = Collections.unmodifiableMap(new TreeMap<>(attrs));
        }

        @Override
        public String toString() {
            StringBuilder b = new StringBuilder("{");
            String sep = "";
            for (Map.Entry<String, Attr> a : attrs.entrySet()) {
                b.append(sep).append(a.getKey()).append(a.getValue().required() ? "" : "?").append(": ")
                        .append(a.getValue().type());
                sep = ", ";
            }
            return b.append('}').toString();
        }
    }

    /** {@code ipaddr}, {@code decimal}, {@code datetime} or {@code duration}. */
    record Ext(String name) implements CedarType {
        static final Ext IPADDR = new Ext("ipaddr");
        static final Ext DECIMAL = new Ext("decimal");
        static final Ext DATETIME = new Ext("datetime");
        static final Ext DURATION = new Ext("duration");

        @Override
        public String toString() {
            return name;
        }
    }

    /**
     * The least upper bound of two types, or null when they have none (Lean's {@code lub?}):
     * booleans join to {@code Bool}, sets and records join element-wise, records only with the
     * same attributes and the same optionality, everything else only with itself.
     */
    static CedarType lub(CedarType a, CedarType b) {
        if (a instanceof Bool x && b instanceof Bool y) {
            return x.kind() == y.kind() ? x : ANY_BOOL;
        }
        if (a instanceof SetOf x && b instanceof SetOf y) {
            CedarType e = lub(x.element(), y.element());
            return e == null ? null : e.equals(x.element()) ? x : new SetOf(e);
        }
        if (a instanceof Rec x && b instanceof Rec y) {
            if (x.attrs().size() != y.attrs().size()) {
                return null;
            }
            Map<String, Attr> out = new TreeMap<>();
            Iterator<Map.Entry<String, Attr>> i = x.attrs().entrySet().iterator();
            Iterator<Map.Entry<String, Attr>> j = y.attrs().entrySet().iterator();
            while (i.hasNext()) {
                Map.Entry<String, Attr> p = i.next();
                Map.Entry<String, Attr> q = j.next();
                if (!p.getKey().equals(q.getKey()) || p.getValue().required() != q.getValue().required()) {
                    return null;
                }
                CedarType t = lub(p.getValue().type(), q.getValue().type());
                if (t == null) {
                    return null;
                }
                out.put(p.getKey(), new Attr(t, p.getValue().required()));
            }
            return new Rec(out);
        }
        return a.equals(b) ? a : null;
    }

    /** A schema type as the typechecker sees it: declared booleans may be either value. */
    static CedarType of(SchemaType t) {
        return switch (t) {
            case SchemaType.Bool b -> ANY_BOOL;
            case SchemaType.Long l -> LONG;
            case SchemaType.StringType s -> STRING;
            case SchemaType.SetType s -> new SetOf(of(s.element()));
            case SchemaType.RecordType r -> of(r);
            case SchemaType.EntityRef e -> new Entity(e.typeName());
            case SchemaType.Extension e -> new Ext(e.name());
        };
    }

    static Rec of(SchemaType.RecordType r) {
        Map<String, Attr> attrs = new TreeMap<>();
        for (Map.Entry<String, Attribute> a : r.attributes().entrySet()) {
            attrs.put(a.getKey(), new Attr(of(a.getValue().type()), a.getValue().required()));
        }
        return new Rec(attrs);
    }
}
