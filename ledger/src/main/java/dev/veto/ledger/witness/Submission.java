package dev.veto.ledger.witness;

import dev.veto.ledger.note.Cosignature;

/** What became of a checkpoint a {@link WitnessClient} submitted to a witness. */
public sealed interface Submission {
    /**
     * The witness cosigned; its cosignature verified with the witness's key.
     *
     * @param cosignature  the witness's cosignature
     * @param cosignedNote the submitted note with the cosignature line appended
     */
    record Cosigned(Cosignature cosignature, String cosignedNote) implements Submission {
        /** The cosignature line, as the witness returned it. */
        public String line() {
            return cosignature.line();
        }
    }

    /**
     * The witness's size still did not match after the one retry, or it is ahead of the
     * checkpoint (it cosigned a larger tree): 409.
     */
    record Conflict(long witnessSize) implements Submission {}

    /** The witness refused with one of the spec's statuses (400, 403, 404, 422); {@code message} is its body. */
    record Refused(Refusal refusal, String message) implements Submission {}

    /**
     * No answer to act on: the witness was unreachable, answered another status or an answer
     * that does not verify, or the consistency proof could not be computed.
     */
    record Failed(String message) implements Submission {}
}
