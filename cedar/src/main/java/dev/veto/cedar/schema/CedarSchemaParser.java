package dev.veto.cedar.schema;

import dev.veto.cedar.parser.StringEscapes;

import dev.veto.cedar.schema.Raw.ActionDecl;
import dev.veto.cedar.schema.Raw.ActionRef;
import dev.veto.cedar.schema.Raw.CommonDecl;
import dev.veto.cedar.schema.Raw.EntityDecl;
import dev.veto.cedar.schema.Raw.Pos;
import dev.veto.cedar.schema.Raw.RefKind;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Parses the human-readable schema format, following the reference grammar ({@code grammar.lalrpop}). */
final class CedarSchemaParser {
    private enum Kind { IDENT, STRING, NUMBER, PUNCT, EOF }

    /** For a STRING, {@code text} is the already unescaped value. */
    private record Token(Kind kind, String text, Pos pos) {}

    private final String text;
    private final String source;
    private final List<Token> tokens = new ArrayList<>();
    private int index;

    private final List<CommonDecl> commons = new ArrayList<>();
    private final List<EntityDecl> entities = new ArrayList<>();
    private final List<ActionDecl> actions = new ArrayList<>();

    CedarSchemaParser(String text, String source) {
        this.text = text;
        this.source = source;
    }

    Raw.Document parse() {
        lex();
        Set<String> namespaces = new HashSet<>();
        while (peek().kind() != Kind.EOF) {
            annotations();
            if (isWord("namespace")) {
                Token start = next();
                List<Token> path = pathTokens();
                String name = joined(path);
                for (Token part : path) {
                    if (part.text().equals(Raw.CEDAR_NAMESPACE)) {
                        throw error(part, "`__cedar` is reserved and cannot be part of a namespace name");
                    }
                }
                if (!namespaces.add(name)) {
                    throw error(start, "namespace `" + name + "` is declared twice");
                }
                expect("{");
                while (!isPunct("}")) {
                    annotations();
                    declaration(name);
                }
                next();
            } else {
                declaration("");
            }
        }
        return new Raw.Document(commons, entities, actions);
    }

    // ---- declarations

    private void declaration(String ns) {
        if (isWord("entity")) {
            entity(ns);
        } else if (isWord("action")) {
            action(ns);
        } else if (isWord("type")) {
            Token start = next();
            Token name = ident();
            expect("=");
            Raw.Type type = type(1);
            expect(";");
            commons.add(new CommonDecl(ns, name.text(), type, start.pos()));
        } else {
            throw unexpected(peek(), "`entity`, `action` or `type`" + (ns.isEmpty() ? " or `namespace`" : ""));
        }
    }

    private void entity(String ns) {
        next();
        List<Token> names = new ArrayList<>();
        names.add(ident());
        while (isPunct(",")) {
            next();
            names.add(ident());
        }
        if (isWord("enum")) {
            next();
            expect("[");
            List<String> ids = new ArrayList<>();
            ids.add(string().text());
            while (isPunct(",")) {
                next();
                ids.add(string().text());
            }
            expect("]");
            expect(";");
            for (Token n : names) {
                entities.add(new EntityDecl(ns, n.text(), List.of(), null, null, ids, n.pos()));
            }
            return;
        }
        List<Raw.Name> memberOf = isWord("in") ? entityTypes(true) : List.of();
        Raw.Type shape = null;
        if (isPunct("=")) {
            next();
            shape = record(1);
        } else if (isPunct("{")) {
            shape = record(1);
        }
        Raw.Type tags = null;
        if (isWord("tags")) {
            next();
            tags = type(1);
        }
        expect(";");
        for (Token n : names) {
            entities.add(new EntityDecl(ns, n.text(), memberOf, shape, tags, null, n.pos()));
        }
    }

    private void action(String ns) {
        next();
        List<Token> names = new ArrayList<>();
        names.add(name());
        while (isPunct(",")) {
            next();
            names.add(name());
        }
        List<ActionRef> memberOf = new ArrayList<>();
        if (isWord("in")) {
            next();
            if (isPunct("[")) {
                next();
                memberOf.add(actionRef());
                while (isPunct(",")) {
                    next();
                    memberOf.add(actionRef());
                }
                expect("]");
            } else {
                memberOf.add(actionRef());
            }
        }
        List<Raw.Name> principals = List.of();
        List<Raw.Name> resources = List.of();
        Raw.Type context = null;
        if (isWord("appliesTo")) {
            Token appliesTo = next();
            expect("{");
            boolean seenPrincipal = false;
            boolean seenResource = false;
            boolean seenContext = false;
            String actionName = names.get(0).text();
            do {
                Token key = peek();
                if (isWord("principal") || isWord("resource")) {
                    next();
                    boolean principal = key.text().equals("principal");
                    if (principal ? seenPrincipal : seenResource) {
                        throw error(key, "duplicate `" + key.text() + "` declaration in action `" + actionName + "`");
                    }
                    List<Raw.Name> types = entityTypes(false);
                    if (types.isEmpty()) {
                        throw error(key, "`" + key.text() + "` of action `" + actionName
                                + "` lists no entity types; omit `appliesTo` for an action that applies to nothing");
                    }
                    if (principal) {
                        seenPrincipal = true;
                        principals = types;
                    } else {
                        seenResource = true;
                        resources = types;
                    }
                } else if (isWord("context")) {
                    next();
                    if (seenContext) {
                        throw error(key, "duplicate `context` declaration in action `" + actionName + "`");
                    }
                    seenContext = true;
                    expect(":");
                    context = isPunct("{") ? record(1) : new Raw.Ref(path(), RefKind.COMMON);
                } else {
                    throw unexpected(key, "`principal`, `resource` or `context`");
                }
                if (!isPunct(",")) {
                    break;
                }
                next();
            } while (!isPunct("}"));
            expect("}");
            if (!seenPrincipal) {
                throw error(appliesTo, "missing `principal` declaration in `appliesTo` of action `" + actionName + "`");
            }
            if (!seenResource) {
                throw error(appliesTo, "missing `resource` declaration in `appliesTo` of action `" + actionName + "`");
            }
        }
        if (isWord("attributes")) {
            // The reference accepts only an empty attribute list here and ignores it.
            next();
            expect("{");
            expect("}");
        }
        expect(";");
        for (Token n : names) {
            actions.add(new ActionDecl(ns, n.text(), memberOf, principals, resources, context, n.pos()));
        }
    }

    /** {@code in}/{@code :} followed by one path or a bracketed, possibly empty, list. */
    private List<Raw.Name> entityTypes(boolean afterIn) {
        if (afterIn) {
            next();
        } else {
            expect(":");
        }
        List<Raw.Name> names = new ArrayList<>();
        if (!isPunct("[")) {
            names.add(path());
            return names;
        }
        next();
        if (!isPunct("]")) {
            names.add(path());
            while (isPunct(",")) {
                next();
                names.add(path());
            }
        }
        expect("]");
        return names;
    }

    /** {@code "id"}, {@code id} or {@code Path::"id"}. */
    private ActionRef actionRef() {
        Token first = peek();
        if (first.kind() == Kind.STRING) {
            next();
            return new ActionRef(null, first.text(), first.pos());
        }
        List<Token> path = new ArrayList<>();
        path.add(ident());
        while (isPunct("::")) {
            next();
            if (peek().kind() == Kind.STRING) {
                Token id = next();
                return new ActionRef(new Raw.Name(joined(path), first.pos()), id.text(), first.pos());
            }
            path.add(ident());
        }
        if (path.size() > 1) {
            throw unexpected(peek(), "`::` followed by the action id as a string literal");
        }
        return new ActionRef(null, first.text(), first.pos());
    }

    // ---- types

    private Raw.Type type(int depth) {
        Token start = peek();
        if (depth > Resolver.MAX_DEPTH) {
            throw error(start, "type is nested more than " + Resolver.MAX_DEPTH + " levels deep");
        }
        if (isWord("Set") && peekAt(1).kind() == Kind.PUNCT && peekAt(1).text().equals("<")) {
            next();
            next();
            Raw.Type element = type(depth + 1);
            expect(">");
            return new Raw.SetOf(element, start.pos());
        }
        if (isPunct("{")) {
            return record(depth);
        }
        return new Raw.Ref(path(), RefKind.COMMON_OR_ENTITY);
    }

    private Raw.Rec record(int depth) {
        Token start = expect("{");
        if (depth > Resolver.MAX_DEPTH) {
            throw error(start, "type is nested more than " + Resolver.MAX_DEPTH + " levels deep");
        }
        Map<String, Raw.Attr> attrs = new LinkedHashMap<>();
        while (!isPunct("}")) {
            annotations();
            String name = name().text();
            boolean required = true;
            if (isPunct("?")) {
                next();
                required = false;
            }
            expect(":");
            // As in the reference, a repeated attribute name replaces the earlier declaration.
            attrs.remove(name);
            attrs.put(name, new Raw.Attr(type(depth + 1), required));
            if (!isPunct(",")) {
                break;
            }
            next();
        }
        expect("}");
        return new Raw.Rec(attrs, start.pos());
    }

    // ---- names

    private Raw.Name path() {
        List<Token> parts = pathTokens();
        return new Raw.Name(joined(parts), parts.get(0).pos());
    }

    private List<Token> pathTokens() {
        List<Token> parts = new ArrayList<>();
        parts.add(ident());
        while (isPunct("::")) {
            next();
            parts.add(ident());
        }
        return parts;
    }

    private static String joined(List<Token> parts) {
        StringBuilder b = new StringBuilder();
        for (Token t : parts) {
            if (!b.isEmpty()) {
                b.append("::");
            }
            b.append(t.text());
        }
        return b.toString();
    }

    /** An identifier other than a reserved word; keywords such as {@code entity} are allowed. */
    private Token ident() {
        Token t = peek();
        if (t.kind() != Kind.IDENT) {
            throw unexpected(t, "an identifier");
        }
        if (Raw.RESERVED_WORDS.contains(t.text())) {
            throw error(t, "`" + t.text() + "` is a reserved identifier");
        }
        return next();
    }

    /** An identifier or a string literal. */
    private Token name() {
        return peek().kind() == Kind.STRING ? next() : ident();
    }

    private Token string() {
        if (peek().kind() != Kind.STRING) {
            throw unexpected(peek(), "a string literal");
        }
        return next();
    }

    /** Annotations are checked for duplicates and otherwise ignored. */
    private void annotations() {
        Set<String> keys = new HashSet<>();
        while (isPunct("@")) {
            next();
            Token key = peek();
            if (key.kind() != Kind.IDENT) {
                throw unexpected(key, "an annotation name");
            }
            next();
            if (!keys.add(key.text())) {
                throw error(key, "duplicate annotation `@" + key.text() + "`");
            }
            if (isPunct("(")) {
                next();
                string();
                expect(")");
            }
        }
    }

    // ---- tokens

    private Token peek() {
        return tokens.get(index);
    }

    private Token peekAt(int ahead) {
        return tokens.get(Math.min(index + ahead, tokens.size() - 1));
    }

    private Token next() {
        Token t = tokens.get(index);
        if (t.kind() != Kind.EOF) {
            index++;
        }
        return t;
    }

    private boolean isWord(String word) {
        Token t = peek();
        return t.kind() == Kind.IDENT && t.text().equals(word);
    }

    private boolean isPunct(String p) {
        Token t = peek();
        return t.kind() == Kind.PUNCT && t.text().equals(p);
    }

    private Token expect(String p) {
        if (!isPunct(p)) {
            throw unexpected(peek(), "`" + p + "`");
        }
        return next();
    }

    private SchemaException unexpected(Token t, String expected) {
        String found = switch (t.kind()) {
            case IDENT -> "`" + t.text() + "`";
            case STRING -> "string literal";
            case NUMBER -> "number `" + t.text() + "`";
            case PUNCT -> "`" + t.text() + "`";
            case EOF -> "end of input";
        };
        return error(t, "expected " + expected + ", found " + found);
    }

    private SchemaException error(Token t, String message) {
        return error(t.pos(), message);
    }

    private SchemaException error(Pos pos, String message) {
        return new SchemaException(source, pos.line(), pos.column(), message);
    }

    private int line = 1;
    private int column = 1;
    private int offset;

    private void advance() {
        int cp = text.codePointAt(offset);
        offset += Character.charCount(cp);
        if (cp == '\n') {
            line++;
            column = 1;
        } else {
            column++;
        }
    }

    private void lex() {
        while (true) {
            skipWhitespaceAndComments();
            Pos pos = new Pos(line, column);
            if (offset >= text.length()) {
                tokens.add(new Token(Kind.EOF, "", pos));
                return;
            }
            char c = text.charAt(offset);
            if (c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) {
                int start = offset;
                while (offset < text.length() && isIdentPart(text.charAt(offset))) {
                    advance();
                }
                tokens.add(new Token(Kind.IDENT, text.substring(start, offset), pos));
            } else if (c >= '0' && c <= '9') {
                int start = offset;
                while (offset < text.length() && text.charAt(offset) >= '0' && text.charAt(offset) <= '9') {
                    advance();
                }
                tokens.add(new Token(Kind.NUMBER, text.substring(start, offset), pos));
            } else if (c == '"') {
                tokens.add(new Token(Kind.STRING, stringLiteral(pos), pos));
            } else if (c == ':' && offset + 1 < text.length() && text.charAt(offset + 1) == ':') {
                advance();
                advance();
                tokens.add(new Token(Kind.PUNCT, "::", pos));
            } else if (",;:{}[]<>=?@()".indexOf(c) >= 0) {
                advance();
                tokens.add(new Token(Kind.PUNCT, String.valueOf(c), pos));
            } else {
                throw error(pos, "unexpected character `" + Character.toString(text.codePointAt(offset)) + "`");
            }
        }
    }

    private static boolean isIdentPart(char c) {
        return c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    }

    private void skipWhitespaceAndComments() {
        while (offset < text.length()) {
            int cp = text.codePointAt(offset);
            if (isWhiteSpace(cp)) {
                advance();
            } else if (cp == '/' && offset + 1 < text.length() && text.charAt(offset + 1) == '/') {
                while (offset < text.length() && text.charAt(offset) != '\n' && text.charAt(offset) != '\r') {
                    advance();
                }
            } else {
                return;
            }
        }
    }

    /** Unicode White_Space, which is what the reference's {@code \s} matches. */
    private static boolean isWhiteSpace(int cp) {
        return (cp >= 0x09 && cp <= 0x0d) || cp == 0x20 || cp == 0x85 || cp == 0xa0 || cp == 0x1680
                || (cp >= 0x2000 && cp <= 0x200a) || cp == 0x2028 || cp == 0x2029 || cp == 0x202f
                || cp == 0x205f || cp == 0x3000;
    }

    /** Reads a string literal starting at the opening quote and returns its unescaped value. */
    private String stringLiteral(Pos start) {
        advance();
        int bodyStart = offset;
        Pos bodyPos = new Pos(line, column);
        while (true) {
            if (offset >= text.length()) {
                throw error(start, "unterminated string literal");
            }
            char c = text.charAt(offset);
            if (c == '"') {
                break;
            }
            advance();
            if (c == '\\' && offset < text.length()) {
                advance();
            }
        }
        String body = text.substring(bodyStart, offset);
        advance();
        try {
            return StringEscapes.unescape(body);
        } catch (StringEscapes.BadEscape e) {
            throw error(positionIn(body, bodyPos, e.start()), e.getMessage()
                    + (e.expected() == null ? "" : ", expected " + e.expected()));
        }
    }

    /** Where offset {@code at} of {@code body}, which starts at {@code from}, is in the file. */
    private static Pos positionIn(String body, Pos from, int at) {
        int ln = from.line();
        int col = from.column();
        for (int i = 0; i < at; ) {
            int cp = body.codePointAt(i);
            i += Character.charCount(cp);
            if (cp == '\n') {
                ln++;
                col = 1;
            } else {
                col++;
            }
        }
        return new Pos(ln, col);
    }

}
