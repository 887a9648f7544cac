package dev.veto.ledger.note;

import java.util.List;

/**
 * A checkpoint whose log signature verified and that enough known witnesses cosigned.
 *
 * @param checkpoint   the parsed checkpoint
 * @param note         the signed note it came in, verified against the log's keys
 * @param cosignatures one verified cosignature per distinct known witness that cosigned it
 */
public record CosignedCheckpoint(Checkpoint checkpoint, SignedNote note, List<Cosignature> cosignatures) {
    public CosignedCheckpoint {
        cosignatures = List.copyOf(cosignatures);
    }
}
