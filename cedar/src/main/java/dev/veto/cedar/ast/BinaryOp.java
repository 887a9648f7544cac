package dev.veto.cedar.ast;

/** Binary operators other than the short-circuiting {@code &&} and {@code ||}. */
public enum BinaryOp {
    EQ("=="),
    NE("!="),
    LT("<"),
    LE("<="),
    GT(">"),
    GE(">="),
    IN("in"),
    ADD("+"),
    SUB("-"),
    MUL("*");

    private final String symbol;

    BinaryOp(String symbol) {
        this.symbol = symbol;
    }

    public String symbol() {
        return symbol;
    }

    /** Relations are non-associative and bind looser than arithmetic. */
    public boolean isRelation() {
        return switch (this) {
            case EQ, NE, LT, LE, GT, GE, IN -> true;
            case ADD, SUB, MUL -> false;
        };
    }
}
