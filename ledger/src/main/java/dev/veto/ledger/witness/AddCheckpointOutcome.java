package dev.veto.ledger.witness;

import dev.veto.ledger.note.Checkpoint;
import dev.veto.ledger.note.Cosignature;
import java.util.List;

/** What a witness answers an add-checkpoint request (c2sp.org/tlog-witness), with its HTTP status. */
public sealed interface AddCheckpointOutcome {
    /** The HTTP status c2sp.org/tlog-witness gives this outcome. */
    int status();

    /**
     * The checkpoint was recorded as the latest for its origin and cosigned: 200, the body is
     * the cosignature lines.
     */
    record Cosigned(Checkpoint checkpoint, List<Cosignature> cosignatures) implements AddCheckpointOutcome {
        public Cosigned {
            cosignatures = List.copyOf(cosignatures);
        }

        @Override
        public int status() {
            return 200;
        }

        /** The response body: one signed-note signature line per cosignature, each ending in a newline. */
        public String body() {
            StringBuilder sb = new StringBuilder();
            cosignatures.forEach(c -> sb.append(c.line()));
            return sb.toString();
        }
    }

    /**
     * The old size is not the size the witness last cosigned for the origin: 409, the body is
     * that size in decimal and a newline, as {@code text/x.tlog.size}.
     */
    record Conflict(long witnessSize) implements AddCheckpointOutcome {
        /** The content type of a conflict's body. */
        public static final String CONTENT_TYPE = "text/x.tlog.size";

        @Override
        public int status() {
            return 409;
        }

        /** The response body, the witness's size and a newline. */
        public String body() {
            return witnessSize + "\n";
        }
    }

    /** The witness refuses; {@code message} says what is wrong, lower case, quoting the input. */
    record Refused(Refusal refusal, String message) implements AddCheckpointOutcome {
        @Override
        public int status() {
            return refusal.status();
        }
    }
}
