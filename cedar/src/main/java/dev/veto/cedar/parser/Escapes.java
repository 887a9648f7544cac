package dev.veto.cedar.parser;

import dev.veto.cedar.ast.Pattern;
import java.util.ArrayList;
import java.util.List;

/** Cedar string escapes: backslash n, r, t, backslash, 0, single and double quote, x with two hex digits (at most 7F) and u{1 to 6 hex digits}. */
final class Escapes {
    private Escapes() {}

    /** The string a literal token (with its quotes) stands for. */
    static String unescape(Token t) {
        StringBuilder b = new StringBuilder(t.text().length());
        scan(t, false, cp -> b.appendCodePoint(cp));
        return b.toString();
    }

    /** The {@code like} pattern a literal token stands for: {@code *} is a wildcard, {@code \*} a star. */
    static Pattern pattern(Token t) {
        List<Integer> out = new ArrayList<>();
        scan(t, true, out::add);
        return Pattern.of(out);
    }

    private interface Sink {
        void accept(int codePoint);
    }

    private static void scan(Token t, boolean pattern, Sink sink) {
        String s = t.text();
        int end = s.length() - 1; // closing quote
        int i = 1;
        while (i < end) {
            int cp = s.codePointAt(i);
            if (cp != '\\') {
                sink.accept(pattern && cp == '*' ? Pattern.wildcard() : cp);
                i += Character.charCount(cp);
                continue;
            }
            int escStart = t.start() + i;
            if (i + 1 >= end) {
                throw new ParseException("unfinished escape sequence", escStart, escStart + 1, null);
            }
            char e = s.charAt(i + 1);
            i += 2;
            switch (e) {
                case 'n' -> sink.accept('\n');
                case 'r' -> sink.accept('\r');
                case 't' -> sink.accept('\t');
                case '\\' -> sink.accept('\\');
                case '0' -> sink.accept(0);
                case '\'' -> sink.accept('\'');
                case '"' -> sink.accept('"');
                case '*' -> {
                    if (!pattern) {
                        throw new ParseException("`\\*` is an escape only in `like` patterns", escStart, escStart + 2, null);
                    }
                    sink.accept('*');
                }
                case 'x' -> {
                    if (i + 2 > end || hex(s.charAt(i)) < 0 || hex(s.charAt(i + 1)) < 0) {
                        throw new ParseException("invalid `\\x` escape", escStart, escStart + 2, "two hex digits, at most 7F");
                    }
                    int v = hex(s.charAt(i)) * 16 + hex(s.charAt(i + 1));
                    if (v > 0x7f) {
                        throw new ParseException("`\\x` escape above 7F", escStart, escStart + 4, "`\\u{...}` for non-ASCII characters");
                    }
                    sink.accept(v);
                    i += 2;
                }
                case 'u' -> {
                    if (i >= end || s.charAt(i) != '{') {
                        throw new ParseException("invalid `\\u` escape", escStart, escStart + 2, "`\\u{` followed by 1 to 6 hex digits and `}`");
                    }
                    int j = i + 1;
                    int v = 0;
                    int digits = 0;
                    while (j < end && s.charAt(j) != '}') {
                        int h = hex(s.charAt(j));
                        if (h < 0 || ++digits > 6) {
                            throw new ParseException("invalid `\\u` escape", escStart, t.start() + j + 1, "1 to 6 hex digits");
                        }
                        v = v * 16 + h;
                        j++;
                    }
                    if (j >= end || digits == 0) {
                        throw new ParseException("invalid `\\u` escape", escStart, t.start() + j, "1 to 6 hex digits and `}`");
                    }
                    if (v > 0x10ffff || (v >= 0xd800 && v <= 0xdfff)) {
                        throw new ParseException("`\\u` escape is not a Unicode scalar value", escStart, t.start() + j + 1, null);
                    }
                    sink.accept(v);
                    i = j + 1;
                }
                default -> throw new ParseException(
                        "unknown escape `\\" + e + "`", escStart, escStart + 2,
                        "one of \\n \\r \\t \\\\ \\0 \\' \\\" \\x \\u{...}" + (pattern ? " \\*" : ""));
            }
        }
    }

    private static int hex(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        return -1;
    }
}
