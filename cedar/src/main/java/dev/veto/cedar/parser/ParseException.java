package dev.veto.cedar.parser;

/** Policy text that is not valid Cedar. {@link CedarSyntaxError} is what callers see. */
final class ParseException extends RuntimeException {
    final int start;
    final int end;
    final String expected;

    ParseException(String message, int start, int end, String expected) {
        super(message, null, false, false);
        this.start = start;
        this.end = end;
        this.expected = expected;
    }
}
