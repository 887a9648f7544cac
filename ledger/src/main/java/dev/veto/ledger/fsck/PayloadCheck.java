package dev.veto.ledger.fsck;

import dev.veto.ledger.entry.Envelope;
import dev.veto.ledger.entry.PrivatePart;
import dev.veto.ledger.store.LogStore;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Checks the private parts stored beside a log against the commitments in its envelopes: every
 * committed part is present and hashes to its commitment, or was erased by a later
 * {@link Envelope#ERASURE_TYPE} entry that names it; no part is stored that no envelope commits
 * to. Entries and parts are read together in chunks, in index order.
 */
final class PayloadCheck {
    private static final int CHUNK = 4096;

    private final List<Problem> problems;
    private long checked;
    private long erased;
    /** Erasures seen on parts, by the index of the entry said to have erased them, not yet confirmed. */
    private final Map<Long, List<String>> pending = new HashMap<>();

    private PayloadCheck(List<Problem> problems) {
        this.problems = problems;
    }

    /** The counts a check found: parts that match their commitment, and parts erased. */
    record Counts(long checked, long erased) {}

    /** Checks the first {@code size} entries' parts, adding what is wrong to {@code problems}. */
    static Counts run(LogStore store, long size, List<Problem> problems) {
        PayloadCheck c = new PayloadCheck(problems);
        for (long from = 0; from < size; from += CHUNK) {
            long to = Math.min(size, from + CHUNK);
            Map<Long, Map<String, LogStore.StoredPart>> parts = new LinkedHashMap<>();
            for (LogStore.StoredPart p : store.privateParts(from, to)) {
                parts.computeIfAbsent(p.index(), k -> new LinkedHashMap<>()).put(p.name(), p);
            }
            for (LogStore.Entry e : store.entries(from, to)) {
                c.entry(e.index(), e.data(), parts.getOrDefault(e.index(), Map.of()));
            }
        }
        for (Map.Entry<Long, List<String>> p : c.pending.entrySet()) {
            for (String part : p.getValue()) {
                problems.add(new Problem.BadPayload(Long.parseLong(part.substring(0, part.indexOf('/'))), part.substring(part.indexOf('/') + 1),
                        "is erased, naming entry " + p.getKey() + ", which does not record that erasure"));
            }
        }
        return new Counts(c.checked, c.erased);
    }

    private void entry(long index, byte[] data, Map<String, LogStore.StoredPart> parts) {
        if (!Envelope.isEnvelope(data)) {
            for (String name : parts.keySet()) {
                problems.add(new Problem.BadPayload(index, name, "is stored, but the entry is not an envelope that commits to parts"));
            }
            return;
        }
        if (!(Envelope.decode(data) instanceof Envelope.Valid v)) {
            problems.add(new Problem.BadEntry(index, "is not a valid envelope: " + ((Envelope.Invalid) Envelope.decode(data)).reason()));
            return;
        }
        Envelope env = v.envelope();
        confirmErasures(index, env);
        for (Map.Entry<String, byte[]> c : env.commitments().entrySet()) {
            LogStore.StoredPart p = parts.get(c.getKey());
            if (p == null) {
                problems.add(new Problem.BadPayload(index, c.getKey(), "is missing"));
            } else if (p.erased()) {
                erased++;
                if (p.erasedBy() <= index) {
                    problems.add(new Problem.BadPayload(index, c.getKey(), "is erased, naming entry " + p.erasedBy() + ", which is not after it"));
                } else {
                    pending.computeIfAbsent(p.erasedBy(), k -> new ArrayList<>()).add(index + "/" + c.getKey());
                }
            } else if (p.salt() == null || p.data() == null || p.salt().length != PrivatePart.SALT_SIZE) {
                problems.add(new Problem.BadPayload(index, c.getKey(), "has no data or a damaged salt, and was not erased"));
            } else if (!MessageDigest.isEqual(PrivatePart.commitment(p.salt(), p.data()), c.getValue())) {
                problems.add(new Problem.BadPayload(index, c.getKey(), "does not match its commitment: the part or its salt was changed"));
            } else {
                checked++;
            }
        }
        for (String name : parts.keySet()) {
            if (!env.commitments().containsKey(name)) {
                problems.add(new Problem.BadPayload(index, name, "is stored, but the entry commits to no such part"));
            }
        }
    }

    /** An erasure entry confirms the erasures that name it, when it names them too. */
    private void confirmErasures(long index, Envelope env) {
        List<String> waiting = pending.remove(index);
        if (waiting == null) {
            return;
        }
        if (!env.type().equals(Envelope.ERASURE_TYPE)) {
            pending.put(index, waiting); // reported at the end
            return;
        }
        long target = env.publicFields().path("entry").asLong(-1);
        List<String> named = new ArrayList<>();
        env.publicFields().path("parts").forEach(n -> named.add(target + "/" + n.asString()));
        List<String> unconfirmed = new ArrayList<>();
        for (String w : waiting) {
            if (!named.contains(w)) {
                unconfirmed.add(w);
            }
        }
        if (!unconfirmed.isEmpty()) {
            pending.put(index, unconfirmed);
        }
    }
}
