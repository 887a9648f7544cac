package dev.veto.cedar.parser;

/** One lexical token; {@code text} is the exact source slice (a string keeps its quotes). */
record Token(Kind kind, String text, int start, int end) {
    enum Kind {
        IDENT,
        INT,
        STRING,
        SLOT,
        LPAREN,
        RPAREN,
        LBRACKET,
        RBRACKET,
        LBRACE,
        RBRACE,
        COMMA,
        SEMI,
        DOT,
        COLON,
        DOUBLE_COLON,
        AT,
        EQ,
        NE,
        LT,
        LE,
        GT,
        GE,
        AND,
        OR,
        BANG,
        PLUS,
        MINUS,
        STAR,
        EOF
    }

    boolean is(Kind k) {
        return kind == k;
    }

    boolean isIdent(String word) {
        return kind == Kind.IDENT && text.equals(word);
    }

    /** How the token reads in an error message. */
    String describe() {
        return switch (kind) {
            case EOF -> "end of input";
            case STRING -> "string " + abbreviate(text);
            case IDENT -> "`" + abbreviate(text) + "`";
            default -> "`" + abbreviate(text) + "`";
        };
    }

    private static String abbreviate(String s) {
        return s.length() > 40 ? s.substring(0, 37) + "..." : s;
    }
}
