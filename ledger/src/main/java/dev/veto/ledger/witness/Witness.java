package dev.veto.ledger.witness;

import static dev.veto.ledger.witness.AddCheckpointRequest.quote;

import dev.veto.ledger.merkle.Hashes;
import dev.veto.ledger.merkle.ProofVerifier;
import dev.veto.ledger.merkle.Verdict;
import dev.veto.ledger.note.Checkpoint;
import dev.veto.ledger.note.Cosignature;
import dev.veto.ledger.note.CosignerKey;
import dev.veto.ledger.note.CosignerVerifierKey;
import dev.veto.ledger.note.NoteException;
import dev.veto.ledger.note.SignedNote;
import dev.veto.ledger.note.VerifierKey;
import dev.veto.ledger.witness.AddCheckpointOutcome.Conflict;
import dev.veto.ledger.witness.AddCheckpointOutcome.Cosigned;
import dev.veto.ledger.witness.AddCheckpointOutcome.Refused;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A C2SP witness (c2sp.org/tlog-witness), without HTTP: it answers add-checkpoint requests for
 * the logs it knows, cosigning a checkpoint only when the log's signature verifies and the
 * checkpoint is consistent with the latest one it cosigned for that origin, so it never signs a
 * rollback or a fork. Thread-safe; the state lives in a {@link WitnessStore}.
 *
 * <p>The checks run in the order the spec lists them: a malformed body (400), an unknown origin
 * (404), no valid trusted signature (403), an old size above the checkpoint's (400), an old size
 * that is not the witness's (409, with its size), then consistency (422).
 */
public final class Witness {
    // Reading the state and writing it are two steps; when another request moved the state in
    // between, the compare-and-set fails and the request is judged again against the new state
    // (which then usually answers 409). A bound keeps a request from spinning under contention.
    private static final int MAX_ATTEMPTS = 3;

    private final CosignerKey key;
    private final KnownLogs logs;
    private final WitnessStore store;
    private final Clock clock;

    /** A witness that cosigns with {@code key} for {@code logs}, remembering in {@code store}, dating cosignatures by {@code clock}. */
    public Witness(CosignerKey key, KnownLogs logs, WitnessStore store, Clock clock) {
        this.key = key;
        this.logs = logs;
        this.store = store;
        this.clock = clock;
    }

    /** The witness's cosignature/v1 verifier key. */
    public CosignerVerifierKey verifierKey() {
        return key.verifier();
    }

    /** The logs it cosigns for. */
    public KnownLogs logs() {
        return logs;
    }

    /** Answers an add-checkpoint request body as received. */
    public AddCheckpointOutcome addCheckpoint(byte[] body) {
        try {
            return addCheckpoint(AddCheckpointRequest.parse(body));
        } catch (AddCheckpointRequest.Malformed e) {
            return new Refused(Refusal.MALFORMED, e.getMessage());
        }
    }

    /** Answers an add-checkpoint request. */
    public AddCheckpointOutcome addCheckpoint(AddCheckpointRequest request) {
        SignedNote parsed;
        Checkpoint checkpoint;
        try {
            parsed = SignedNote.parse(request.note());
        } catch (NoteException e) {
            return new Refused(Refusal.MALFORMED, "checkpoint note: " + e.getMessage());
        }
        try {
            checkpoint = Checkpoint.parse(parsed.text());
        } catch (NoteException e) {
            return new Refused(Refusal.MALFORMED, "note text is not a checkpoint: " + e.getMessage());
        }
        String origin = checkpoint.origin();
        Optional<List<VerifierKey>> keys = logs.keys(origin);
        if (keys.isEmpty()) {
            return new Refused(Refusal.UNKNOWN_LOG, "this witness knows no log with origin " + quote(origin));
        }
        SignedNote verified;
        try {
            verified = SignedNote.open(request.note(), keys.get());
        } catch (NoteException e) {
            return new Refused(Refusal.UNTRUSTED_SIGNATURE, "checkpoint of " + quote(origin) + ": " + e.getMessage());
        }
        if (request.oldSize() > checkpoint.size()) {
            return new Refused(Refusal.MALFORMED, "old size " + request.oldSize() + " is larger than the checkpoint's size " + checkpoint.size());
        }
        for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
            Optional<WitnessStore.Latest> stored = store.latest(origin);
            long size = stored.map(WitnessStore.Latest::size).orElse(0L);
            byte[] root = stored.map(WitnessStore.Latest::root).orElseGet(Hashes::emptyRoot);
            if (request.oldSize() != size) {
                return new Conflict(size);
            }
            Optional<Refused> inconsistent = consistency(checkpoint, size, root, request.proof());
            if (inconsistent.isPresent()) {
                return inconsistent.get();
            }
            Cosignature c = cosign(parsed.text());
            // The note served to monitors: the text, the log signatures this witness verified and its cosignature.
            String note = parsed.text() + "\n" + logSignatureLines(verified, keys.get()) + c.line();
            if (store.compareAndSet(origin, stored, checkpoint.size(), checkpoint.root(), note)) {
                return new Cosigned(checkpoint, List.of(c));
            }
        }
        return new Conflict(store.latest(origin).map(WitnessStore.Latest::size).orElse(0L));
    }

    /**
     * The latest checkpoint this witness cosigned for the log whose origin has SHA-256
     * {@code originHash} (lowercase hex), with the log's signatures and its own cosignature, as
     * {@code GET <prefix>/<origin hash>/checkpoint} serves it.
     */
    public Optional<String> cosignedCheckpoint(String originHash) {
        return logs.byOriginHash(originHash).flatMap(store::latest).map(WitnessStore.Latest::note);
    }

    private static Optional<Refused> consistency(Checkpoint checkpoint, long size, byte[] root, List<byte[]> proof) {
        if (checkpoint.size() == 0 && !MessageDigest.isEqual(checkpoint.root(), Hashes.emptyRoot())) {
            return Optional.of(new Refused(Refusal.INCONSISTENT, "a checkpoint of size 0 must have the empty tree's root (SHA-256 of nothing)"));
        }
        if (size == 0 && !proof.isEmpty()) {
            return Optional.of(new Refused(Refusal.INCONSISTENT,
                    "the consistency proof from size 0 must be empty (the empty tree is consistent with any tree); it has " + proof.size() + " hashes"));
        }
        return switch (ProofVerifier.consistency(size, checkpoint.size(), proof, root, checkpoint.root())) {
            case Verdict.Holds h -> Optional.empty();
            case Verdict.Fails f -> Optional.of(new Refused(Refusal.INCONSISTENT, "checkpoint of " + quote(checkpoint.origin()) + " at size "
                    + checkpoint.size() + " is not consistent with the one this witness cosigned at size " + size + ": " + f.reason()));
        };
    }

    private Cosignature cosign(String text) {
        Instant now = clock.instant();
        long t = now.getEpochSecond();
        if (t <= 0) {
            // tlog-witness: the cosignature must not omit the timestamp (zero).
            throw new IllegalStateException("the witness clock reads " + now + "; a cosignature needs a time after 1970-01-01T00:00:00Z");
        }
        try {
            return key.cosign(text, t);
        } catch (NoteException e) {
            throw new IllegalStateException("a checkpoint that parsed cannot be cosigned: " + e.getMessage(), e);
        }
    }

    private static String logSignatureLines(SignedNote note, List<VerifierKey> keys) {
        StringBuilder sb = new StringBuilder();
        for (SignedNote.NoteSignature s : note.signatures()) {
            if (keys.stream().anyMatch(k -> k.name().equals(s.name()) && k.keyHash() == s.keyHash())) {
                sb.append(s.line());
            }
        }
        return sb.toString();
    }

    @Override
    public String toString() {
        return "Witness[" + key.verifier().name() + ", " + logs.origins().size() + " logs, " + store + "]";
    }
}
