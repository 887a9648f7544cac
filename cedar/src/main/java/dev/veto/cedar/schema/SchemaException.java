package dev.veto.cedar.schema;

/**
 * A schema could not be parsed or is not well formed. The message starts with
 * {@code source:line:column:}.
 */
public final class SchemaException extends RuntimeException {
    private final String sourceName;
    private final int line;
    private final int column;
    private final String detail;

    SchemaException(String sourceName, int line, int column, String detail) {
        super(sourceName + ":" + line + ":" + column + ": " + detail, null, false, false);
        this.sourceName = sourceName;
        this.line = line;
        this.column = column;
        this.detail = detail;
    }

    /** The name the schema text was given when parsed. */
    public String sourceName() {
        return sourceName;
    }

    /** The 1-based line of the offending text. */
    public int line() {
        return line;
    }

    /** The 1-based column, in code points, of the offending text. */
    public int column() {
        return column;
    }

    /** The message without the location prefix. */
    public String detail() {
        return detail;
    }
}
