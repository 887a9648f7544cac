package dev.veto.ledger.note;

import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A client's witness policy: a checkpoint is accepted only when the log's own signature verifies
 * and at least {@code k} distinct known witnesses cosigned it (c2sp.org/tlog-cosignature), so a
 * split view needs {@code k} witnesses to sign both sides.
 *
 * <p>Witnesses are told apart by public key, not by name: an Ed25519 cosignature/v1 does not
 * commit to the cosigner's name, so one key under two names could have one signature counted
 * twice. A policy naming the same public key twice is refused.
 */
public final class WitnessQuorum {
    private final List<CosignerVerifierKey> witnesses;
    private final int k;

    /** Accepts checkpoints cosigned by at least {@code k} of {@code witnesses}; 0 ≤ k ≤ number of witnesses. */
    public WitnessQuorum(Collection<CosignerVerifierKey> witnesses, int k) {
        List<CosignerVerifierKey> list = List.copyOf(new LinkedHashSet<>(witnesses));
        Map<String, String> byKey = new HashMap<>();
        for (CosignerVerifierKey w : list) {
            String prior = byKey.putIfAbsent(Base64.getEncoder().encodeToString(w.publicKey()), w.name());
            if (prior != null) {
                throw new IllegalArgumentException("witnesses \"" + prior + "\" and \"" + w.name()
                        + "\" share one public key; a cosignature/v1 does not commit to the name, so they are one witness");
            }
        }
        if (k < 0 || k > list.size()) {
            throw new IllegalArgumentException("quorum " + k + " is not between 0 and the " + list.size() + " witnesses known");
        }
        this.witnesses = list;
        this.k = k;
    }

    /** The known witnesses. */
    public List<CosignerVerifierKey> witnesses() {
        return witnesses;
    }

    /** How many distinct witnesses must have cosigned. */
    public int k() {
        return k;
    }

    /**
     * Opens a cosigned checkpoint note: the log's signature must verify with one of
     * {@code logKeys} (as {@link SignedNote#open}), its text must be a checkpoint, every line by a
     * known witness must be a valid cosignature, and at least {@link #k()} known witnesses must
     * have cosigned. Lines by unknown keys are ignored.
     */
    public CosignedCheckpoint open(String note, Collection<VerifierKey> logKeys) throws NoteException {
        SignedNote n = SignedNote.open(note, logKeys);
        Checkpoint checkpoint = Checkpoint.parse(n.text());
        List<Cosignature> found = new ArrayList<>();
        for (CosignerVerifierKey w : witnesses) {
            Optional<Cosignature> c = w.verifiedOn(n);
            c.ifPresent(found::add);
        }
        if (found.size() < k) {
            throw new NoteException("checkpoint of \"" + checkpoint.origin() + "\" at size " + checkpoint.size() + " is cosigned by "
                    + found.size() + " of the " + k + " witnesses required (cosigned by: " + names(found.stream().map(Cosignature::name).toList())
                    + "; known: " + names(witnesses.stream().map(CosignerVerifierKey::name).toList()) + ")");
        }
        return new CosignedCheckpoint(checkpoint, n, found);
    }

    private static String names(List<String> names) {
        return names.isEmpty() ? "none" : String.join(", ", names.stream().map(n -> "\"" + n + "\"").toList());
    }

    @Override
    public String toString() {
        return "WitnessQuorum[" + k + " of " + names(witnesses.stream().map(CosignerVerifierKey::name).toList()) + "]";
    }
}
