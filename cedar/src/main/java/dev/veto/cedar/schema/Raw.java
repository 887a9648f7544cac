package dev.veto.cedar.schema;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Declarations as written, before name resolution; both schema formats parse into this form so
 * that one resolver applies the same rules to both.
 */
final class Raw {
    private Raw() {}

    static final Set<String> RESERVED_WORDS =
            Set.of("true", "false", "if", "then", "else", "in", "is", "has", "like");

    static final String CEDAR_NAMESPACE = "__cedar";

    record Pos(int line, int column) {}

    /** A type name as written: possibly qualified, not yet resolved. */
    record Name(String text, Pos pos) {}

    sealed interface Type permits Prim, SetOf, Rec, Ref, Ext {
        Pos pos();
    }

    /** A primitive named by the JSON format's own keywords ({@code String}, {@code Long}, {@code Boolean}). */
    record Prim(SchemaType type, Pos pos) implements Type {}

    record SetOf(Type element, Pos pos) implements Type {}

    /** Attributes in declaration order. */
    record Rec(Map<String, Attr> attributes, Pos pos) implements Type {}

    record Attr(Type type, boolean required) {}

    /** What a name reference may resolve to. */
    enum RefKind { COMMON, ENTITY, COMMON_OR_ENTITY }

    record Ref(Name name, RefKind kind) implements Type {
        @Override
        public Pos pos() {
            return name.pos();
        }
    }

    record Ext(String name, Pos pos) implements Type {}

    record CommonDecl(String namespace, String id, Type type, Pos pos) {}

    /** {@code shape} is null when omitted; {@code enumIds} is null unless enumerated. */
    record EntityDecl(
            String namespace, String id, List<Name> memberOf, Type shape, Type tags, List<String> enumIds, Pos pos) {}

    /** An action reference; a null {@code type} means {@code Action} resolved like any type name. */
    record ActionRef(Name type, String id, Pos pos) {}

    /** {@code context} is null when omitted. */
    record ActionDecl(
            String namespace,
            String id,
            List<ActionRef> memberOf,
            List<Name> principals,
            List<Name> resources,
            Type context,
            Pos pos) {}

    record Document(List<CommonDecl> commonTypes, List<EntityDecl> entityTypes, List<ActionDecl> actions) {}

    /** Whether {@code s} is an identifier: {@code [_a-zA-Z][_a-zA-Z0-9]*}. */
    static boolean isIdentifier(String s) {
        if (s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean letter = c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
            if (!letter && (i == 0 || c < '0' || c > '9')) {
                return false;
            }
        }
        return true;
    }

    /** Whether {@code s} is a name in normalized form: {@code Id::Id::Id}, no reserved words. */
    static boolean isName(String s) {
        for (String part : s.split("::", -1)) {
            if (!isIdentifier(part) || RESERVED_WORDS.contains(part)) {
                return false;
            }
        }
        return true;
    }
}
