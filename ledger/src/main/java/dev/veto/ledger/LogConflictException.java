package dev.veto.ledger;

/**
 * A conditional append found the log at another size than its caller expected: another writer
 * appended first. Nothing was written; the caller catches up and decides again.
 */
public final class LogConflictException extends LogException {
    private static final long serialVersionUID = 1L;
    private final long expected;
    private final long actual;

    public LogConflictException(long expected, long actual) {
        super("the log has " + actual + " entries, not the expected " + expected + "; another writer appended first");
        this.expected = expected;
        this.actual = actual;
    }

    public long expected() {
        return expected;
    }

    public long actual() {
        return actual;
    }
}
