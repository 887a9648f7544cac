package dev.veto.ledger;

/**
 * The outcome of a durable append: the entries hold indices {@code firstIndex …
 * firstIndex+count-1} and {@code checkpoint} (signed after the batch that held them) covers them.
 */
public record Appended(long firstIndex, int count, SignedCheckpoint checkpoint) {
    /** The index of the last appended entry ({@code firstIndex - 1} when nothing was appended). */
    public long lastIndex() {
        return firstIndex + count - 1;
    }
}
