package dev.veto.ledger.store;

/** Another writer changed the log since this writer read its size; the commit wrote nothing. */
public final class CommitConflictException extends StoreException {
    private static final long serialVersionUID = 1L;

    public CommitConflictException(long expected, long actual) {
        super("log size is " + actual + ", not " + expected + ": another writer appended to it");
    }
}
