package dev.veto.ledger.store;

/** The database failed (I/O, connection, SQL); not a property of the log's content. */
public class StoreException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }

    public StoreException(String message) {
        super(message);
    }
}
