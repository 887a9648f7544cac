package dev.veto.ledger;

import dev.veto.ledger.entry.Envelope;
import dev.veto.ledger.entry.PrivatePart;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * An entry as a caller appends it with its private parts: the entry (the Merkle leaf; a format 2
 * {@link Envelope} when it has parts), the parts its envelope commits to, and, for an
 * {@link Envelope#ERASURE_TYPE} entry, the earlier parts it erases. All of it is committed in one
 * transaction: the entry, the parts beside it, and the erasure.
 *
 * @param entry     the entry bytes
 * @param parts     the private parts, one per commitment in the envelope
 * @param erasures  the parts this entry erases (only for an erasure entry)
 */
public record Sealed(byte[] entry, List<PrivatePart> parts, List<Erasure> erasures) {

    /** Part {@code part} of entry {@code index}, to be erased. */
    public record Erasure(long index, String part) {}

    public Sealed {
        entry = entry.clone();
        parts = List.copyOf(parts);
        erasures = List.copyOf(erasures);
        check(entry, parts, erasures);
    }

    /** An entry with no private parts (a format 1 record, a raw entry, or an envelope without commitments). */
    public static Sealed plain(byte[] entry) {
        return new Sealed(entry, List.of(), List.of());
    }

    /** An envelope and the parts it commits to. */
    public static Sealed of(Envelope envelope, List<PrivatePart> parts) {
        return new Sealed(envelope.encode(), parts, List.of());
    }

    @Override
    public byte[] entry() {
        return entry.clone();
    }

    int size() {
        return entry.length;
    }

    byte[] entryUnsafe() {
        return entry;
    }

    private static void check(byte[] entry, List<PrivatePart> parts, List<Erasure> erasures) {
        if (!Envelope.isEnvelope(entry)) {
            if (!parts.isEmpty() || !erasures.isEmpty()) {
                throw new IllegalArgumentException("only a format 2 envelope has private parts or erases any");
            }
            return;
        }
        if (!(Envelope.decode(entry) instanceof Envelope.Valid v)) {
            throw new IllegalArgumentException("entry is not a valid envelope: " + ((Envelope.Invalid) Envelope.decode(entry)).reason());
        }
        Envelope env = v.envelope();
        Set<String> names = new HashSet<>();
        for (PrivatePart p : parts) {
            byte[] c = env.commitment(p.name());
            if (c == null || !names.add(p.name())) {
                throw new IllegalArgumentException("part \"" + p.name() + "\" is not committed to by the envelope, or given twice");
            }
            if (!MessageDigest.isEqual(c, p.commitment())) {
                throw new IllegalArgumentException("part \"" + p.name() + "\" does not match the envelope's commitment");
            }
        }
        if (names.size() != env.commitments().size()) {
            throw new IllegalArgumentException("the envelope commits to parts " + env.commitments().keySet() + " but " + names + " were given");
        }
        if (env.type().equals(Envelope.ERASURE_TYPE) != !erasures.isEmpty()) {
            throw new IllegalArgumentException("erasures go with a " + Envelope.ERASURE_TYPE + " envelope, and it with erasures");
        }
        if (!erasures.isEmpty()) {
            JsonNode pub = env.publicFields();
            List<String> named = new ArrayList<>();
            pub.path("parts").forEach(n -> named.add(n.asString()));
            for (Erasure e : erasures) {
                if (pub.path("entry").asLong(-1) != e.index() || !named.contains(e.part())) {
                    throw new IllegalArgumentException("the erasure envelope must name entry " + e.index() + " and part \"" + e.part() + "\"");
                }
            }
            if (named.size() != erasures.size()) {
                throw new IllegalArgumentException("the erasure envelope names parts " + named + " but erases " + erasures.size());
            }
        }
    }
}
