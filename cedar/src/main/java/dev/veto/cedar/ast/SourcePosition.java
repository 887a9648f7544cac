package dev.veto.cedar.ast;

/**
 * A 1-based line and column (in code points) in a source text, as a compiler prints it: what a
 * {@link Loc}'s character offset means to a person reading the file.
 */
public record SourcePosition(int line, int column) {

    /** Where {@code offset} falls in {@code source}; offsets past either end are clamped. */
    public static SourcePosition of(String source, int offset) {
        int at = Math.max(0, Math.min(offset, source.length()));
        int line = 1;
        int lineStart = 0;
        for (int i = 0; i < at; i++) {
            if (source.charAt(i) == '\n') {
                line++;
                lineStart = i + 1;
            }
        }
        return new SourcePosition(line, source.codePointCount(lineStart, at) + 1);
    }

    /** Where {@code loc} starts in {@code source}, or line 1, column 1 when the location is unknown. */
    public static SourcePosition of(String source, Loc loc) {
        return of(source, loc.isKnown() ? loc.start() : 0);
    }

    @Override
    public String toString() {
        return line + ":" + column;
    }
}
