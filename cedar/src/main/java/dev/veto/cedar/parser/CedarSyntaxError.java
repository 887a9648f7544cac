package dev.veto.cedar.parser;

import dev.veto.cedar.ast.SourcePosition;

/**
 * Text that is not valid Cedar, located like a compiler would: source name, line and column,
 * the offending line with a caret under the problem, and what was expected.
 */
public final class CedarSyntaxError extends RuntimeException {
    private final String sourceName;
    private final int line;
    private final int column;
    private final String problem;
    private final String rendered;

    CedarSyntaxError(String sourceName, String source, ParseException e) {
        super(e.getMessage(), null, false, false);
        this.sourceName = sourceName;
        this.problem = e.getMessage() + (e.expected == null ? "" : ", expected " + e.expected);
        int start = Math.max(0, Math.min(e.start, source.length()));
        int lineStart = source.lastIndexOf('\n', start - 1) + 1;
        int lineEnd = source.indexOf('\n', start);
        if (lineEnd < 0) {
            lineEnd = source.length();
        }
        SourcePosition at = SourcePosition.of(source, start);
        int ln = at.line();
        this.line = ln;
        this.column = at.column();
        String text = source.substring(lineStart, lineEnd).replace('\t', ' ').stripTrailing();
        int caretCol = column - 1;
        if (text.length() > 160) {
            // Show a window around the problem rather than a whole minified file on one line.
            int from = Math.max(0, Math.min(caretCol - 60, text.length() - 120));
            int to = Math.min(text.length(), from + 120);
            text = (from > 0 ? "…" : "") + text.substring(from, to) + (to < text.length() ? "…" : "");
            caretCol = caretCol - from + (from > 0 ? 1 : 0);
        }
        int width = Math.max(1, Math.min(e.end, lineEnd) - start);
        String gutter = " ".repeat(String.valueOf(ln).length());
        this.rendered = sourceName + ":" + line + ":" + column + ": " + problem + "\n"
                + gutter + " |\n"
                + ln + " | " + text + "\n"
                + gutter + " | " + " ".repeat(Math.max(0, caretCol)) + "^".repeat(Math.min(width, 40));
    }

    public String sourceName() {
        return sourceName;
    }

    /** 1-based line of the problem. */
    public int line() {
        return line;
    }

    /** 1-based column (in code points) of the problem. */
    public int column() {
        return column;
    }

    /** What is wrong and what was expected, without the location. */
    public String problem() {
        return problem;
    }

    /** The full report: {@code file:line:column: problem}, the line, a caret. */
    @Override
    public String getMessage() {
        return rendered;
    }
}
