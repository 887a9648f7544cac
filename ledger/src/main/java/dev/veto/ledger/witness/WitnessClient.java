package dev.veto.ledger.witness;

import dev.veto.ledger.note.Checkpoint;
import dev.veto.ledger.note.Cosignature;
import dev.veto.ledger.note.CosignerVerifierKey;
import dev.veto.ledger.note.NoteException;
import dev.veto.ledger.note.SignedNote;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Submits a log's signed checkpoints to one witness ({@code POST <prefix>/add-checkpoint},
 * c2sp.org/tlog-witness) and checks the cosignature it returns against the witness's key. When
 * the witness answers 409 with its own size, the client computes the consistency proof from that
 * size and submits once more.
 */
public final class WitnessClient {
    /** How long one request may take, unless told otherwise. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

    /** Consistency proofs of the log being witnessed; {@code log::consistencyProof} of a {@code dev.veto.ledger.Log} fits. */
    @FunctionalInterface
    public interface ConsistencyProofs {
        /** The RFC 6962 consistency proof from tree size {@code from} to {@code to}. */
        List<byte[]> consistencyProof(long from, long to);
    }

    private final URI addCheckpoint;
    private final CosignerVerifierKey witness;
    private final HttpClient http;
    private final Duration timeout;

    /** A client of the witness at {@code submissionPrefix} whose cosignatures verify with {@code witness}. */
    public WitnessClient(URI submissionPrefix, CosignerVerifierKey witness) {
        this(submissionPrefix, witness, HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build(), DEFAULT_TIMEOUT);
    }

    /** As above, on {@code http} and with a time limit per request. */
    public WitnessClient(URI submissionPrefix, CosignerVerifierKey witness, HttpClient http, Duration timeout) {
        String p = submissionPrefix.toString();
        this.addCheckpoint = URI.create((p.endsWith("/") ? p : p + "/") + "add-checkpoint");
        this.witness = witness;
        this.http = http;
        this.timeout = timeout;
    }

    /** The witness whose cosignatures this client accepts. */
    public CosignerVerifierKey witness() {
        return witness;
    }

    /**
     * Submits {@code checkpointNote}, a checkpoint signed by its log, telling the witness it last
     * cosigned size {@code oldSize} (0 when unknown: the witness then answers with its size).
     * Proofs come from {@code proofs}; none is asked for from size 0 or to the same size.
     *
     * @throws IllegalArgumentException when the note is not a signed checkpoint or
     *                                  {@code oldSize} is not between 0 and its size
     */
    public Submission submit(String checkpointNote, long oldSize, ConsistencyProofs proofs) {
        SignedNote note;
        Checkpoint checkpoint;
        try {
            note = SignedNote.parse(checkpointNote);
            checkpoint = Checkpoint.parse(note.text());
        } catch (NoteException e) {
            throw new IllegalArgumentException("not a signed checkpoint: " + e.getMessage(), e);
        }
        if (oldSize < 0 || oldSize > checkpoint.size()) {
            throw new IllegalArgumentException("old size " + oldSize + " is not between 0 and the checkpoint's size " + checkpoint.size());
        }
        Submission first = attempt(checkpointNote, note, checkpoint, oldSize, proofs);
        if (first instanceof Submission.Conflict c && c.witnessSize() != oldSize && c.witnessSize() <= checkpoint.size()) {
            return attempt(checkpointNote, note, checkpoint, c.witnessSize(), proofs);
        }
        return first;
    }

    private Submission attempt(String text, SignedNote note, Checkpoint checkpoint, long oldSize, ConsistencyProofs proofs) {
        List<byte[]> proof;
        try {
            proof = oldSize == 0 || oldSize == checkpoint.size() ? List.of() : proofs.consistencyProof(oldSize, checkpoint.size());
        } catch (RuntimeException e) {
            return new Submission.Failed("cannot compute the consistency proof from size " + oldSize + " to " + checkpoint.size() + ": " + e.getMessage());
        }
        byte[] body;
        try {
            body = new AddCheckpointRequest(oldSize, proof, text).body();
        } catch (IllegalArgumentException e) {
            return new Submission.Failed("cannot send the consistency proof from size " + oldSize + " to " + checkpoint.size() + ": " + e.getMessage());
        }
        HttpRequest request = HttpRequest.newBuilder(addCheckpoint).timeout(timeout)
                .header("Content-Type", "text/plain; charset=utf-8")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
        HttpResponse<String> r;
        try {
            r = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            return new Submission.Failed("cannot reach witness " + addCheckpoint + ": " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Submission.Failed("interrupted while waiting for witness " + addCheckpoint);
        }
        int status = r.statusCode();
        if (status == 200) {
            return cosigned(text, note, r.body());
        }
        if (status == 409) {
            return conflict(r);
        }
        Optional<Refusal> refusal = Refusal.ofStatus(status);
        if (refusal.isPresent()) {
            return new Submission.Refused(refusal.get(), r.body().strip());
        }
        return new Submission.Failed("witness " + addCheckpoint + " answered HTTP " + status + ": " + AddCheckpointRequest.quote(r.body().strip()));
    }

    private Submission cosigned(String text, SignedNote note, String body) {
        if (body.isEmpty() || !body.endsWith("\n")) {
            return new Submission.Failed("witness " + addCheckpoint + " answered 200 without newline-terminated signature lines: " + AddCheckpointRequest.quote(body));
        }
        // tlog-witness: the client may append the answer to the checkpoint and verify it as a note.
        try {
            Optional<Cosignature> c = witness.verifiedOn(SignedNote.parse(note.text() + "\n" + body));
            if (c.isEmpty()) {
                return new Submission.Failed("witness " + addCheckpoint + " answered 200 without a cosignature by \"" + witness.name() + "\"");
            }
            return new Submission.Cosigned(c.get(), text + c.get().line());
        } catch (NoteException e) {
            return new Submission.Failed("witness " + addCheckpoint + " answered 200 with an invalid cosignature: " + e.getMessage());
        }
    }

    private Submission conflict(HttpResponse<String> r) {
        String type = r.headers().firstValue("Content-Type").orElse("");
        String body = r.body();
        OptionalLong size = body.endsWith("\n") ? TreeSizes.parse(body.substring(0, body.length() - 1)) : OptionalLong.empty();
        if (!type.strip().toLowerCase(Locale.ROOT).startsWith(AddCheckpointOutcome.Conflict.CONTENT_TYPE) || size.isEmpty()) {
            return new Submission.Failed("witness " + addCheckpoint + " answered 409 without a " + AddCheckpointOutcome.Conflict.CONTENT_TYPE
                    + " size (Content-Type " + AddCheckpointRequest.quote(type) + ", body " + AddCheckpointRequest.quote(body) + ")");
        }
        return new Submission.Conflict(size.getAsLong());
    }

    @Override
    public String toString() {
        return "WitnessClient[" + addCheckpoint + ", " + witness.name() + "]";
    }
}
