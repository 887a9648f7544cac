package dev.veto.ledger;

import dev.veto.ledger.note.Checkpoint;

/**
 * A checkpoint and its signed note, exactly as served.
 *
 * @param checkpoint the parsed body
 * @param note       the whole signed note text
 */
public record SignedCheckpoint(Checkpoint checkpoint, String note) {
    /** The tree size it covers. */
    public long size() {
        return checkpoint.size();
    }
}
