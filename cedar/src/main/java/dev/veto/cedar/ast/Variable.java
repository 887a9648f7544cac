package dev.veto.cedar.ast;

/** The four request variables. */
public enum Variable {
    PRINCIPAL("principal"),
    ACTION("action"),
    RESOURCE("resource"),
    CONTEXT("context");

    private final String keyword;

    Variable(String keyword) {
        this.keyword = keyword;
    }

    public String keyword() {
        return keyword;
    }
}
