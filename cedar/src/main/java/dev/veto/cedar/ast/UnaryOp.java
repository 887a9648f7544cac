package dev.veto.cedar.ast;

public enum UnaryOp {
    NOT("!"),
    NEG("-");

    private final String symbol;

    UnaryOp(String symbol) {
        this.symbol = symbol;
    }

    public String symbol() {
        return symbol;
    }
}
