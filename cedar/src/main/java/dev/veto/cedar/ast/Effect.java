package dev.veto.cedar.ast;

public enum Effect {
    PERMIT("permit"),
    FORBID("forbid");

    private final String keyword;

    Effect(String keyword) {
        this.keyword = keyword;
    }

    public String keyword() {
        return keyword;
    }
}
