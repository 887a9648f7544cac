package dev.veto.cedar.ast;

/** The two template slots. */
public enum SlotId {
    PRINCIPAL("?principal"),
    RESOURCE("?resource");

    private final String text;

    SlotId(String text) {
        this.text = text;
    }

    public String text() {
        return text;
    }
}
