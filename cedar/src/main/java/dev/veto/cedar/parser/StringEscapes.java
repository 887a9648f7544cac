package dev.veto.cedar.parser;

import dev.veto.cedar.ast.Pattern;
import java.util.ArrayList;
import java.util.List;

/**
 * Cedar's string escapes, shared by the policy and the schema parsers: backslash followed by
 * n, r, t, backslash, 0, a single or double quote; x and two hex digits (at most 7F); u and 1 to
 * 6 hex digits in braces (underscores allowed after the first digit). In {@code like} patterns
 * also an escaped star. A bare carriage return is refused, as in the reference.
 */
public final class StringEscapes {
    private StringEscapes() {}

    /** An invalid escape: what is wrong, and where in the literal's body (offsets in chars). */
    public static final class BadEscape extends RuntimeException {
        private final int start;
        private final int end;
        private final String expected;

        BadEscape(String message, int start, int end, String expected) {
            super(message, null, false, false);
            this.start = start;
            this.end = end;
            this.expected = expected;
        }

        public int start() {
            return start;
        }

        public int end() {
            return end;
        }

        /** What would have been valid, or null. */
        public String expected() {
            return expected;
        }
    }

    /** The string a literal's body (the text between its quotes) stands for. */
    public static String unescape(String body) {
        StringBuilder b = new StringBuilder(body.length());
        scan(body, false, b::appendCodePoint);
        return b.toString();
    }

    /** The string a literal token (with its quotes) stands for. */
    static String unescape(Token t) {
        try {
            return unescape(body(t));
        } catch (BadEscape e) {
            throw relocate(t, e);
        }
    }

    /** The {@code like} pattern a literal token stands for: a star is a wildcard, an escaped star a star. */
    static Pattern pattern(Token t) {
        List<Integer> out = new ArrayList<>();
        try {
            scan(body(t), true, out::add);
        } catch (BadEscape e) {
            throw relocate(t, e);
        }
        return Pattern.of(out);
    }

    private static String body(Token t) {
        return t.text().substring(1, t.text().length() - 1);
    }

    private static ParseException relocate(Token t, BadEscape e) {
        return new ParseException(e.getMessage(), t.start() + 1 + e.start, t.start() + 1 + e.end, e.expected);
    }

    private interface Sink {
        void accept(int codePoint);
    }

    private static void scan(String s, boolean pattern, Sink sink) {
        int end = s.length();
        int i = 0;
        while (i < end) {
            int cp = s.codePointAt(i);
            if (cp == '\r') {
                throw new BadEscape("bare carriage return in a string literal", i, i + 1, "`\\r`");
            }
            if (cp != '\\') {
                sink.accept(pattern && cp == '*' ? Pattern.wildcard() : cp);
                i += Character.charCount(cp);
                continue;
            }
            int escStart = i;
            if (i + 1 >= end) {
                throw new BadEscape("unfinished escape sequence", escStart, escStart + 1, null);
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
                        throw new BadEscape("`\\*` is an escape only in `like` patterns", escStart, escStart + 2, null);
                    }
                    sink.accept('*');
                }
                case 'x' -> {
                    if (i + 2 > end || hex(s.charAt(i)) < 0 || hex(s.charAt(i + 1)) < 0) {
                        throw new BadEscape("invalid `\\x` escape", escStart, escStart + 2, "two hex digits, at most 7F");
                    }
                    int v = hex(s.charAt(i)) * 16 + hex(s.charAt(i + 1));
                    if (v > 0x7f) {
                        throw new BadEscape("invalid `\\x` escape: above 7F", escStart, escStart + 4, "`\\u{...}` for non-ASCII characters");
                    }
                    sink.accept(v);
                    i += 2;
                }
                case 'u' -> {
                    if (i >= end || s.charAt(i) != '{') {
                        throw new BadEscape("invalid `\\u` escape", escStart, escStart + 2, "`\\u{` followed by 1 to 6 hex digits and `}`");
                    }
                    int j = i + 1;
                    int v = 0;
                    int digits = 0;
                    while (j < end && s.charAt(j) != '}') {
                        char c = s.charAt(j);
                        if (c == '_' && digits > 0) {
                            j++;
                            continue;
                        }
                        int h = hex(c);
                        if (h < 0 || ++digits > 6) {
                            throw new BadEscape("invalid `\\u` escape", escStart, j + 1, "1 to 6 hex digits");
                        }
                        v = v * 16 + h;
                        j++;
                    }
                    if (j >= end || digits == 0) {
                        throw new BadEscape("invalid `\\u` escape", escStart, j, "1 to 6 hex digits and `}`");
                    }
                    if (v > 0x10ffff || (v >= 0xd800 && v <= 0xdfff)) {
                        throw new BadEscape("`\\u` escape is not a Unicode scalar value", escStart, j + 1, null);
                    }
                    sink.accept(v);
                    i = j + 1;
                }
                default -> throw new BadEscape(
                        "invalid escape `\\" + e + "`", escStart, escStart + 2,
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
