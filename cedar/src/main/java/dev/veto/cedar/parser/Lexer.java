package dev.veto.cedar.parser;

import dev.veto.cedar.parser.Token.Kind;
import java.util.ArrayList;
import java.util.List;

/** Splits Cedar policy text into tokens. Comments ({@code //} to end of line) and white space are dropped. */
final class Lexer {
    private final String src;
    private int pos;

    private Lexer(String src) {
        this.src = src;
    }

    static List<Token> tokenize(String src) {
        Lexer lx = new Lexer(src);
        List<Token> out = new ArrayList<>();
        Token t;
        do {
            t = lx.next();
            out.add(t);
        } while (t.kind() != Kind.EOF);
        return out;
    }

    private Token next() {
        skipTrivia();
        int start = pos;
        if (pos >= src.length()) {
            return new Token(Kind.EOF, "", start, start);
        }
        char c = src.charAt(pos);
        if (isIdentStart(c)) {
            while (pos < src.length() && isIdentPart(src.charAt(pos))) {
                pos++;
            }
            return tok(Kind.IDENT, start);
        }
        if (c >= '0' && c <= '9') {
            while (pos < src.length() && Character.isDigit(src.charAt(pos)) && src.charAt(pos) < 128) {
                pos++;
            }
            return tok(Kind.INT, start);
        }
        if (c == '"') {
            pos++;
            while (true) {
                if (pos >= src.length()) {
                    throw new ParseException("unterminated string literal", start, start + 1, "a closing `\"`");
                }
                char d = src.charAt(pos);
                if (d == '\\') {
                    pos += 2;
                } else if (d == '"') {
                    pos++;
                    break;
                } else {
                    pos++;
                }
            }
            pos = Math.min(pos, src.length());
            return tok(Kind.STRING, start);
        }
        if (c == '?') {
            pos++;
            int identStart = pos;
            while (pos < src.length() && isIdentPart(src.charAt(pos))) {
                pos++;
            }
            if (pos == identStart) {
                throw new ParseException("`?` must be followed by a slot name", start, start + 1, "`?principal` or `?resource`");
            }
            return tok(Kind.SLOT, start);
        }
        pos++;
        char n = pos < src.length() ? src.charAt(pos) : '\0';
        return switch (c) {
            case '(' -> tok(Kind.LPAREN, start);
            case ')' -> tok(Kind.RPAREN, start);
            case '[' -> tok(Kind.LBRACKET, start);
            case ']' -> tok(Kind.RBRACKET, start);
            case '{' -> tok(Kind.LBRACE, start);
            case '}' -> tok(Kind.RBRACE, start);
            case ',' -> tok(Kind.COMMA, start);
            case ';' -> tok(Kind.SEMI, start);
            case '.' -> tok(Kind.DOT, start);
            case '@' -> tok(Kind.AT, start);
            case '+' -> tok(Kind.PLUS, start);
            case '-' -> tok(Kind.MINUS, start);
            case '*' -> tok(Kind.STAR, start);
            case ':' -> n == ':' ? two(Kind.DOUBLE_COLON, start) : tok(Kind.COLON, start);
            case '=' -> {
                if (n == '=') {
                    yield two(Kind.EQ, start);
                }
                throw new ParseException("unexpected `=`", start, pos, "`==` for equality");
            }
            case '!' -> n == '=' ? two(Kind.NE, start) : tok(Kind.BANG, start);
            case '<' -> n == '=' ? two(Kind.LE, start) : tok(Kind.LT, start);
            case '>' -> n == '=' ? two(Kind.GE, start) : tok(Kind.GT, start);
            case '&' -> {
                if (n == '&') {
                    yield two(Kind.AND, start);
                }
                throw new ParseException("unexpected `&`", start, pos, "`&&`");
            }
            case '|' -> {
                if (n == '|') {
                    yield two(Kind.OR, start);
                }
                throw new ParseException("unexpected `|`", start, pos, "`||`");
            }
            default -> {
                int cp = src.codePointAt(start);
                pos = start + Character.charCount(cp);
                throw new ParseException(
                        "unexpected character `" + new String(Character.toChars(cp)) + "`", start, pos, null);
            }
        };
    }

    private Token tok(Kind k, int start) {
        return new Token(k, src.substring(start, pos), start, pos);
    }

    private Token two(Kind k, int start) {
        pos++;
        return tok(k, start);
    }

    private void skipTrivia() {
        while (pos < src.length()) {
            char c = src.charAt(pos);
            if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\u000b') {
                pos++;
            } else if (c == '/' && pos + 1 < src.length() && src.charAt(pos + 1) == '/') {
                while (pos < src.length() && src.charAt(pos) != '\n') {
                    pos++;
                }
            } else if (Character.isWhitespace(c) || c == '\u00a0' || c == '\ufeff') {
                pos++;
            } else {
                return;
            }
        }
    }

    static boolean isIdentStart(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
    }

    static boolean isIdentPart(char c) {
        return isIdentStart(c) || (c >= '0' && c <= '9');
    }
}
