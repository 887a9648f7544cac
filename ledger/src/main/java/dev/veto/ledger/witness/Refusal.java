package dev.veto.ledger.witness;

import java.util.Optional;

/** Why a witness refuses to cosign, with the HTTP status c2sp.org/tlog-witness assigns to it. */
public enum Refusal {
    /** The body is not an add-checkpoint request, or the old size exceeds the checkpoint's size: 400 Bad Request. */
    MALFORMED(400),
    /** No trusted log key signed the checkpoint, or a trusted key's signature fails: 403 Forbidden. */
    UNTRUSTED_SIGNATURE(403),
    /** The witness knows no log with the checkpoint's origin: 404 Not Found. */
    UNKNOWN_LOG(404),
    /** The checkpoint is not consistent with the one the witness last cosigned: 422 Unprocessable Entity. */
    INCONSISTENT(422);

    private final int status;

    Refusal(int status) {
        this.status = status;
    }

    /** The HTTP status of this refusal. */
    public int status() {
        return status;
    }

    /** The refusal a witness means by {@code status}, if it is one of the spec's. */
    public static Optional<Refusal> ofStatus(int status) {
        for (Refusal r : values()) {
            if (r.status == status) {
                return Optional.of(r);
            }
        }
        return Optional.empty();
    }
}
