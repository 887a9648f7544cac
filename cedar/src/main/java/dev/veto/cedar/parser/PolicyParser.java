package dev.veto.cedar.parser;

import dev.veto.cedar.ast.ActionConstraint;
import dev.veto.cedar.ast.BinaryOp;
import dev.veto.cedar.ast.Builtins;
import dev.veto.cedar.ast.Condition;
import dev.veto.cedar.ast.Effect;
import dev.veto.cedar.ast.EntityRef;
import dev.veto.cedar.ast.Expr;
import dev.veto.cedar.ast.Loc;
import dev.veto.cedar.ast.Policy;
import dev.veto.cedar.ast.ScopeConstraint;
import dev.veto.cedar.ast.SlotId;
import dev.veto.cedar.ast.UnaryOp;
import dev.veto.cedar.ast.Variable;
import dev.veto.cedar.parser.Token.Kind;
import dev.veto.cedar.value.BoolValue;
import dev.veto.cedar.value.EntityUid;
import dev.veto.cedar.value.LongValue;
import dev.veto.cedar.value.StringValue;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Recursive-descent parser for Cedar policies, following Cedar's grammar and precedence:
 * {@code if} &lt; {@code ||} &lt; {@code &&} &lt; relations ({@code == != < <= > >= in has like is},
 * non-associative) &lt; {@code + -} &lt; {@code *} &lt; unary {@code ! -} &lt; member access.
 *
 * <p>Nesting is bounded ({@link #MAX_DEPTH}) so hostile input gets a clean error rather than a
 * {@link StackOverflowError}, and the trees it builds are shallow enough to evaluate and print
 * recursively.
 */
public final class PolicyParser {
    /**
     * How deep an expression may be, in units: a nested expression (parentheses, brackets,
     * braces, {@code if}) costs {@link #NESTING_COST}; one link of an operator chain
     * ({@code a || b || …}), a unary operator or a member access costs one. That allows 64
     * levels of nesting, or chains of several hundred operands, far beyond hand-written policies
     * (Cedar's own test corpus nests at most 9 deep). Each unit is bounded stack use in the
     * parser, the evaluator and the printer, so all three fit in a 512 KiB stack, half the JVM
     * default, and hostile input gets a syntax error instead of a {@link StackOverflowError}.
     */
    public static final int MAX_DEPTH = 640;

    /** Units one level of syntactic nesting costs: it recurses through the whole precedence ladder. */
    public static final int NESTING_COST = 10;

    private static final Set<String> RESERVED = Set.of(
            "true", "false", "if", "then", "else", "in", "is", "like", "has", "__cedar");

    private final String src;
    private final List<Token> tokens;
    private int pos;
    private int depth;

    private PolicyParser(String src) {
        this.src = src;
        this.tokens = Lexer.tokenize(src);
    }

    /** Parses a file of policies (static policies and templates) in order. */
    public static List<Policy> parsePolicies(String src, String sourceName) {
        try {
            PolicyParser p = new PolicyParser(src);
            List<Policy> out = new ArrayList<>();
            while (!p.peek().is(Kind.EOF)) {
                out.add(p.policy());
            }
            return out;
        } catch (ParseException e) {
            throw new CedarSyntaxError(sourceName, src, e);
        }
    }

    /** Parses exactly one policy. */
    public static Policy parsePolicy(String src, String sourceName) {
        List<Policy> ps = parsePolicies(src, sourceName);
        if (ps.size() != 1) {
            throw new CedarSyntaxError(sourceName, src,
                    new ParseException("expected exactly one policy, found " + ps.size(), 0, 0, null));
        }
        return ps.get(0);
    }

    /** Parses one expression. */
    public static Expr parseExpr(String src, String sourceName) {
        try {
            PolicyParser p = new PolicyParser(src);
            Expr e = p.expr();
            p.expect(Kind.EOF, "end of input");
            return e;
        } catch (ParseException e) {
            throw new CedarSyntaxError(sourceName, src, e);
        }
    }

    /** Parses an entity reference such as {@code NS::User::"alice"}. */
    public static EntityUid parseEntityUid(String src, String sourceName) {
        try {
            PolicyParser p = new PolicyParser(src);
            EntityUid uid = p.entityUid();
            p.expect(Kind.EOF, "end of input");
            return uid;
        } catch (ParseException e) {
            throw new CedarSyntaxError(sourceName, src, e);
        }
    }

    // ---- policies ----

    private Policy policy() {
        int start = peek().start();
        Map<String, String> annotations = new LinkedHashMap<>();
        while (peek().is(Kind.AT)) {
            Token at = next();
            Token key = expectIdent("an annotation name");
            String value = "";
            if (peek().is(Kind.LPAREN)) {
                next();
                value = StringEscapes.unescape(expect(Kind.STRING, "a string"));
                expect(Kind.RPAREN, "`)`");
            }
            if (annotations.put(key.text(), value) != null) {
                throw new ParseException("duplicate annotation `@" + key.text() + "`", at.start(), key.end(), null);
            }
        }
        Token eff = next();
        Effect effect;
        if (eff.isIdent("permit")) {
            effect = Effect.PERMIT;
        } else if (eff.isIdent("forbid")) {
            effect = Effect.FORBID;
        } else {
            throw unexpected(eff, "`permit` or `forbid`");
        }
        expect(Kind.LPAREN, "`(`");
        ScopeConstraint principal = principalOrResource(Variable.PRINCIPAL, SlotId.PRINCIPAL);
        expect(Kind.COMMA, "`,`");
        ActionConstraint action = action();
        expect(Kind.COMMA, "`,`");
        ScopeConstraint resource = principalOrResource(Variable.RESOURCE, SlotId.RESOURCE);
        if (peek().is(Kind.COMMA) && peekAt(1).is(Kind.RPAREN)) {
            next();
        }
        expect(Kind.RPAREN, "`)`");
        List<Condition> conditions = new ArrayList<>();
        while (peek().isIdent("when") || peek().isIdent("unless")) {
            Token kw = next();
            expect(Kind.LBRACE, "`{`");
            if (peek().is(Kind.RBRACE)) {
                throw new ParseException("empty `" + kw.text() + "` clause", kw.start(), peek().end(), "an expression");
            }
            Expr body = expr();
            Token close = expect(Kind.RBRACE, "`}`");
            conditions.add(new Condition(kw.text().equals("when"), body, new Loc(kw.start(), close.end())));
        }
        Token semi = expect(Kind.SEMI, conditions.isEmpty() ? "`when`, `unless` or `;`" : "`when`, `unless` or `;`");
        return new Policy(annotations, effect, principal, action, resource, conditions, new Loc(start, semi.end()));
    }

    private ScopeConstraint principalOrResource(Variable var, SlotId slot) {
        Token v = next();
        if (!v.isIdent(var.keyword())) {
            throw unexpected(v, "`" + var.keyword() + "`");
        }
        Token t = peek();
        if (t.is(Kind.EQ)) {
            next();
            EntityRef ref = entityOrSlot(slot);
            return new ScopeConstraint.Eq(ref, sinceToken(v));
        }
        if (t.isIdent("in")) {
            next();
            EntityRef ref = entityOrSlot(slot);
            return new ScopeConstraint.In(ref, sinceToken(v));
        }
        if (t.isIdent("is")) {
            next();
            String type = path("an entity type");
            if (peek().isIdent("in")) {
                next();
                EntityRef ref = entityOrSlot(slot);
                return new ScopeConstraint.IsIn(type, ref, sinceToken(v));
            }
            return new ScopeConstraint.Is(type, sinceToken(v));
        }
        return ScopeConstraint.ANY;
    }

    /** From the start of {@code first} to the end of the last token consumed. */
    private Loc sinceToken(Token first) {
        return new Loc(first.start(), tokens.get(pos - 1).end());
    }

    private EntityRef entityOrSlot(SlotId slot) {
        Token t = peek();
        if (t.is(Kind.SLOT)) {
            next();
            if (!t.text().equals(slot.text())) {
                throw new ParseException("`" + t.text() + "` cannot stand here", t.start(), t.end(), "`" + slot.text() + "`");
            }
            return new EntityRef.SlotRef(slot);
        }
        return new EntityRef.Entity(entityUid());
    }

    private ActionConstraint action() {
        Token v = next();
        if (!v.isIdent("action")) {
            throw unexpected(v, "`action`");
        }
        Token t = peek();
        if (t.is(Kind.EQ)) {
            next();
            EntityUid uid = actionUid();
            return new ActionConstraint.Eq(uid, sinceToken(v));
        }
        if (t.isIdent("in")) {
            next();
            if (peek().is(Kind.LBRACKET)) {
                next();
                List<EntityUid> uids = new ArrayList<>();
                while (!peek().is(Kind.RBRACKET)) {
                    uids.add(actionUid());
                    if (!peek().is(Kind.RBRACKET)) {
                        expect(Kind.COMMA, "`,` or `]`");
                    }
                }
                next();
                return new ActionConstraint.In(uids, true, sinceToken(v));
            }
            EntityUid uid = actionUid();
            return new ActionConstraint.In(List.of(uid), false, sinceToken(v));
        }
        if (t.isIdent("is")) {
            throw new ParseException("`is` cannot constrain the action", t.start(), t.end(), "`==` or `in`");
        }
        return ActionConstraint.ANY;
    }

    private EntityUid actionUid() {
        int start = peek().start();
        EntityUid uid = entityUid();
        String type = uid.type();
        if (!(type.equals("Action") || type.endsWith("::Action"))) {
            throw new ParseException("`" + uid + "` is not an action", start, tokens.get(pos - 1).end(),
                    "an entity of type `Action`, e.g. `Action::\"view\"`");
        }
        return uid;
    }

    private EntityUid entityUid() {
        StringBuilder type = new StringBuilder(pathSegment("an entity type").text());
        while (true) {
            expect(Kind.DOUBLE_COLON, "`::`");
            Token t = peek();
            if (t.is(Kind.STRING)) {
                next();
                return EntityUid.of(type.toString(), StringEscapes.unescape(t));
            }
            type.append("::").append(pathSegment("an identifier or a quoted entity id").text());
        }
    }

    private String path(String what) {
        StringBuilder b = new StringBuilder(pathSegment(what).text());
        while (peek().is(Kind.DOUBLE_COLON) && peekAt(1).is(Kind.IDENT)) {
            next();
            b.append("::").append(pathSegment(what).text());
        }
        return b.toString();
    }

    private Token pathSegment(String what) {
        Token t = next();
        if (!t.is(Kind.IDENT)) {
            throw unexpected(t, what);
        }
        if (RESERVED.contains(t.text())) {
            throw new ParseException("`" + t.text() + "` is a reserved word and cannot name a type", t.start(), t.end(), what);
        }
        return t;
    }

    // ---- expressions ----

    private void enter(Token at) {
        depth += NESTING_COST;
        if (depth > MAX_DEPTH) {
            depth -= NESTING_COST;
            throw tooDeep(at);
        }
    }

    private static ParseException tooDeep(Token at) {
        return new ParseException("expression nested too deeply (at most " + MAX_DEPTH / NESTING_COST
                + " levels of nesting, or shorter operator chains)", at.start(), at.end(), "a flatter expression, or several policies");
    }

    private Expr expr() {
        Token t = peek();
        enter(t);
        try {
            if (t.isIdent("if")) {
                next();
                Expr c = expr();
                expectIdentWord("then");
                Expr a = expr();
                expectIdentWord("else");
                Expr b = expr();
                return new Expr.If(c, a, b, new Loc(t.start(), b.loc().end()));
            }
            return or();
        } finally {
            depth -= NESTING_COST;
        }
    }

    private Expr or() {
        Expr left = and();
        int chain = 0;
        while (peek().is(Kind.OR)) {
            Token op = next();
            enterChain(op, ++chain);
            Expr right = and();
            left = new Expr.Or(left, right, left.loc().to(right.loc()));
        }
        depth -= chain;
        return left;
    }

    private Expr and() {
        Expr left = relation();
        int chain = 0;
        while (peek().is(Kind.AND)) {
            Token op = next();
            enterChain(op, ++chain);
            Expr right = relation();
            left = new Expr.And(left, right, left.loc().to(right.loc()));
        }
        depth -= chain;
        return left;
    }

    /** A chain {@code a op b op c} builds a left-deep tree: each link counts as one level. */
    private void enterChain(Token op, int chain) {
        depth++;
        if (depth > MAX_DEPTH) {
            depth -= chain;
            throw tooDeep(op);
        }
    }

    private Expr relation() {
        Expr left = add();
        Token t = peek();
        BinaryOp op = relop(t);
        Expr result;
        if (op != null) {
            next();
            Expr right = add();
            result = new Expr.Binary(op, left, right, left.loc().to(right.loc()));
        } else if (t.isIdent("has")) {
            next();
            List<String> path = new ArrayList<>();
            Token a = next();
            int end;
            if (a.is(Kind.STRING)) {
                path.add(StringEscapes.unescape(a));
                end = a.end();
            } else if (a.is(Kind.IDENT)) {
                path.add(a.text());
                end = a.end();
                while (peek().is(Kind.DOT) && peekAt(1).is(Kind.IDENT)) {
                    next();
                    Token seg = next();
                    path.add(seg.text());
                    end = seg.end();
                }
            } else {
                throw unexpected(a, "an attribute name");
            }
            result = new Expr.HasAttr(left, path, new Loc(left.loc().start(), end));
        } else if (t.isIdent("like")) {
            next();
            Token p = expect(Kind.STRING, "a string pattern");
            result = new Expr.Like(left, StringEscapes.pattern(p), new Loc(left.loc().start(), p.end()));
        } else if (t.isIdent("is")) {
            next();
            int typeEnd = peek().end();
            String type = path("an entity type");
            typeEnd = tokens.get(pos - 1).end();
            if (peek().isIdent("in")) {
                next();
                Expr in = add();
                result = new Expr.Is(left, type, in, left.loc().to(in.loc()));
            } else {
                result = new Expr.Is(left, type, null, new Loc(left.loc().start(), typeEnd));
            }
        } else {
            return left;
        }
        Token after = peek();
        if (relop(after) != null || after.isIdent("has") || after.isIdent("like") || after.isIdent("is")) {
            throw new ParseException("comparisons do not chain", after.start(), after.end(),
                    "parentheses around one of them, e.g. `(a == b) == c`");
        }
        return result;
    }

    private static BinaryOp relop(Token t) {
        return switch (t.kind()) {
            case EQ -> BinaryOp.EQ;
            case NE -> BinaryOp.NE;
            case LT -> BinaryOp.LT;
            case LE -> BinaryOp.LE;
            case GT -> BinaryOp.GT;
            case GE -> BinaryOp.GE;
            case IDENT -> t.text().equals("in") ? BinaryOp.IN : null;
            default -> null;
        };
    }

    private Expr add() {
        Expr left = mult();
        int chain = 0;
        while (peek().is(Kind.PLUS) || peek().is(Kind.MINUS)) {
            Token op = next();
            enterChain(op, ++chain);
            Expr right = mult();
            left = new Expr.Binary(op.is(Kind.PLUS) ? BinaryOp.ADD : BinaryOp.SUB, left, right, left.loc().to(right.loc()));
        }
        depth -= chain;
        return left;
    }

    private Expr mult() {
        Expr left = unary();
        int chain = 0;
        while (peek().is(Kind.STAR)) {
            Token op = next();
            enterChain(op, ++chain);
            Expr right = unary();
            left = new Expr.Binary(BinaryOp.MUL, left, right, left.loc().to(right.loc()));
        }
        depth -= chain;
        return left;
    }

    /** Cedar allows at most four repeated {@code !} or {@code -}, and does not mix them. */
    private Expr unary() {
        Token first = peek();
        if (!first.is(Kind.BANG) && !first.is(Kind.MINUS)) {
            return member();
        }
        Kind kind = first.kind();
        int count = 0;
        while (peek().is(kind)) {
            next();
            count++;
        }
        if (count > 4) {
            throw new ParseException("too many `" + first.text() + "` in a row", first.start(), tokens.get(pos - 1).end(),
                    "at most four, or parentheses");
        }
        Expr operand;
        if (kind == Kind.MINUS && peek().is(Kind.INT) && !isAccess(peekAt(1))) {
            // A minus directly before an integer literal is part of the literal, so that
            // -9223372036854775808 (whose magnitude does not fit a long) can be written.
            Token lit = next();
            operand = new Expr.Lit(LongValue.of(parseLong(lit, true)), new Loc(tokens.get(pos - 2).start(), lit.end()));
            count--;
        } else {
            operand = member();
        }
        if (depth + count > MAX_DEPTH) {
            throw tooDeep(first);
        }
        UnaryOp op = kind == Kind.BANG ? UnaryOp.NOT : UnaryOp.NEG;
        for (int i = 0; i < count; i++) {
            operand = new Expr.Unary(op, operand, new Loc(first.start(), operand.loc().end()));
        }
        return operand;
    }

    private static boolean isAccess(Token t) {
        return t.is(Kind.DOT) || t.is(Kind.LBRACKET);
    }

    private Expr member() {
        Expr e = primary();
        int chain = 0;
        while (isAccess(peek())) {
            Token t = next();
            enterChain(t, ++chain);
            if (t.is(Kind.DOT)) {
                Token name = expectIdent("an attribute or method name");
                if (peek().is(Kind.LPAREN)) {
                    int arity = Builtins.methodArity(name.text());
                    if (arity < 0) {
                        throw new ParseException("`" + name.text() + "` is not a method", name.start(), name.end(),
                                "one of " + String.join(", ", new java.util.TreeSet<>(Builtins.methodNames())));
                    }
                    next();
                    List<Expr> args = exprList(Kind.RPAREN);
                    Token close = tokens.get(pos - 1);
                    // Cedar checks the argument count of set and tag methods when parsing, and of
                    // extension methods only when calling them.
                    if (args.size() != arity && !Builtins.isExtensionMethod(name.text())) {
                        throw new ParseException("`" + name.text() + "` takes " + arity + " argument" + (arity == 1 ? "" : "s")
                                + ", got " + args.size(), name.start(), close.end(), null);
                    }
                    e = new Expr.MethodCall(name.text(), e, args, new Loc(e.loc().start(), close.end()));
                } else {
                    e = new Expr.GetAttr(e, name.text(), new Loc(e.loc().start(), name.end()));
                }
            } else {
                Token key = expect(Kind.STRING, "a quoted attribute name");
                Token close = expect(Kind.RBRACKET, "`]`");
                e = new Expr.GetAttr(e, StringEscapes.unescape(key), new Loc(e.loc().start(), close.end()));
            }
        }
        depth -= chain;
        return e;
    }

    private Expr primary() {
        Token t = next();
        Loc loc = new Loc(t.start(), t.end());
        switch (t.kind()) {
            case INT -> {
                return new Expr.Lit(LongValue.of(parseLong(t, false)), loc);
            }
            case STRING -> {
                return new Expr.Lit(new StringValue(StringEscapes.unescape(t)), loc);
            }
            case SLOT -> throw new ParseException("template slots may only appear in the policy scope", t.start(), t.end(), null);
            // nested expressions inside (), [] and {} count their depth in expr()
            case LPAREN -> {
                Expr e = expr();
                expect(Kind.RPAREN, "`)`");
                return e;
            }
            case LBRACKET -> {
                List<Expr> elems = exprList(Kind.RBRACKET);
                return new Expr.SetLit(elems, new Loc(t.start(), tokens.get(pos - 1).end()));
            }
            case LBRACE -> {
                return record(t);
            }
            case IDENT -> {
                return identStart(t);
            }
            default -> throw unexpected(t, "an expression");
        }
    }

    private Expr identStart(Token t) {
        String word = t.text();
        Loc loc = new Loc(t.start(), t.end());
        boolean pathFollows = peek().is(Kind.DOUBLE_COLON);
        if (!pathFollows) {
            switch (word) {
                case "true" -> {
                    return new Expr.Lit(BoolValue.TRUE, loc);
                }
                case "false" -> {
                    return new Expr.Lit(BoolValue.FALSE, loc);
                }
                case "principal" -> {
                    return new Expr.Var(Variable.PRINCIPAL, loc);
                }
                case "action" -> {
                    return new Expr.Var(Variable.ACTION, loc);
                }
                case "resource" -> {
                    return new Expr.Var(Variable.RESOURCE, loc);
                }
                case "context" -> {
                    return new Expr.Var(Variable.CONTEXT, loc);
                }
                default -> { }
            }
        }
        if (peek().is(Kind.LPAREN)) {
            return call(t, word);
        }
        if (!pathFollows) {
            if (word.equals("if")) {
                throw new ParseException("`if` needs parentheses here", t.start(), t.end(), "`(if … then … else …)`");
            }
            throw new ParseException("unknown identifier `" + word + "`", t.start(), t.end(),
                    "`principal`, `action`, `resource`, `context`, a literal, or an entity such as `User::\"alice\"`");
        }
        pos--;
        int start = t.start();
        StringBuilder type = new StringBuilder(pathSegment("an entity type").text());
        while (true) {
            expect(Kind.DOUBLE_COLON, "`::`");
            Token n = next();
            if (n.is(Kind.STRING)) {
                return new Expr.Lit(EntityUid.of(type.toString(), StringEscapes.unescape(n)), new Loc(start, n.end()));
            }
            if (!n.is(Kind.IDENT)) {
                throw unexpected(n, "an identifier or a quoted entity id");
            }
            if (peek().is(Kind.LPAREN)) {
                return call(n, type + "::" + n.text());
            }
            if (RESERVED.contains(n.text())) {
                throw new ParseException("`" + n.text() + "` is a reserved word and cannot name a type", n.start(), n.end(), null);
            }
            type.append("::").append(n.text());
        }
    }

    private Expr call(Token nameTok, String name) {
        int arity = Builtins.functionArity(name);
        if (arity < 0) {
            throw new ParseException("`" + name + "` is not a function", nameTok.start(), nameTok.end(),
                    "one of " + String.join(", ", new java.util.TreeSet<>(Builtins.functionNames())));
        }
        next();
        List<Expr> args = exprList(Kind.RPAREN);
        Token close = tokens.get(pos - 1);
        // like Cedar, a wrong argument count for an extension function is an evaluation error
        return new Expr.FunctionCall(name, args, new Loc(nameTok.start(), close.end()));
    }

    private Expr record(Token open) {
        Map<String, Expr> fields = new LinkedHashMap<>();
        while (!peek().is(Kind.RBRACE)) {
            Token key = next();
            String name;
            if (key.is(Kind.IDENT)) {
                name = key.text();
            } else if (key.is(Kind.STRING)) {
                name = StringEscapes.unescape(key);
            } else {
                throw unexpected(key, "an attribute name or `}`");
            }
            expect(Kind.COLON, "`:`");
            Expr value = expr();
            if (fields.put(name, value) != null) {
                throw new ParseException("duplicate attribute `" + name + "` in record", key.start(), key.end(), null);
            }
            if (!peek().is(Kind.RBRACE)) {
                expect(Kind.COMMA, "`,` or `}`");
            }
        }
        Token close = next();
        return new Expr.RecordLit(fields, new Loc(open.start(), close.end()));
    }

    /** Comma-separated expressions up to {@code close} (consumed); a trailing comma is allowed. */
    private List<Expr> exprList(Kind close) {
        List<Expr> out = new ArrayList<>();
        while (!peek().is(close)) {
            out.add(expr());
            if (!peek().is(close)) {
                expect(Kind.COMMA, "`,` or " + (close == Kind.RPAREN ? "`)`" : "`]`"));
            }
        }
        next();
        return out;
    }

    private long parseLong(Token t, boolean negative) {
        String digits = t.text();
        long v = 0;
        for (int i = 0; i < digits.length(); i++) {
            int d = digits.charAt(i) - '0';
            // accumulate negatively: the negative range is one larger
            if (v < (Long.MIN_VALUE + d) / 10) {
                throw new ParseException("integer literal `" + (negative ? "-" : "") + digits + "` is out of range",
                        t.start(), t.end(), "a value from -9223372036854775808 to 9223372036854775807");
            }
            v = v * 10 - d;
        }
        if (!negative) {
            if (v == Long.MIN_VALUE) {
                throw new ParseException("integer literal `" + digits + "` is out of range",
                        t.start(), t.end(), "a value from -9223372036854775808 to 9223372036854775807");
            }
            return -v;
        }
        return v;
    }

    // ---- token plumbing ----

    private Token peek() {
        return tokens.get(pos);
    }

    private Token peekAt(int ahead) {
        return tokens.get(Math.min(pos + ahead, tokens.size() - 1));
    }

    private Token next() {
        Token t = tokens.get(pos);
        if (!t.is(Kind.EOF)) {
            pos++;
        }
        return t;
    }

    private Token expect(Kind kind, String what) {
        Token t = next();
        if (!t.is(kind)) {
            throw unexpected(t, what);
        }
        return t;
    }

    private Token expectIdent(String what) {
        return expect(Kind.IDENT, what);
    }

    private void expectIdentWord(String word) {
        Token t = next();
        if (!t.isIdent(word)) {
            throw unexpected(t, "`" + word + "`");
        }
    }

    private static ParseException unexpected(Token t, String expected) {
        return new ParseException("unexpected " + t.describe(), t.start(), Math.max(t.end(), t.start() + 1), expected);
    }
}
