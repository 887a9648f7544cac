package dev.veto.ledger.note;

/** A malformed key, note or checkpoint; the message is lower case and quotes the offending input. */
public final class NoteException extends Exception {
    private static final long serialVersionUID = 1L;

    public NoteException(String message) {
        super(message, null, false, false);
    }
}
