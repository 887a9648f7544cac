package dev.veto.control;

import dev.veto.ledger.Log;
import dev.veto.ledger.LogRecord;
import dev.veto.ledger.entry.Envelope;
import dev.veto.ledger.entry.PrivatePart;
import dev.veto.ledger.merkle.Hashes;
import dev.veto.ledger.merkle.ProofVerifier;
import dev.veto.ledger.merkle.Verdict;
import dev.veto.ledger.note.Checkpoint;
import dev.veto.ledger.note.CosignedCheckpoint;
import dev.veto.ledger.note.NoteException;
import dev.veto.ledger.note.SignedNote;
import dev.veto.ledger.note.VerifierKey;
import dev.veto.ledger.note.WitnessQuorum;
import dev.veto.ledger.store.LogStore;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * A notice's receipt: a self-contained document a customer keeps and checks offline, with any
 * C2SP tool and SHA-256, that its notice is the one Veto issued and logged.
 *
 * <pre>{
 *   "receipt": "veto-receipt/1",
 *   "notice": { the notice, as GET /v1/notices/{id} answers },
 *   "log": {"origin": "…", "key": "&lt;the log's verifier key&gt;"},
 *   "checkpoint": "&lt;a signed checkpoint note, with witnesses' cosignature lines&gt;",
 *   "entries": [{"index": 12, "entry": "&lt;base64 entry&gt;", "proof": ["&lt;base64 hash&gt;", …],
 *                "parts": {"state": {"salt": "&lt;base64&gt;", "data": "&lt;base64&gt;"}, …}, "erased": ["text"]}, …]
 * }</pre>
 *
 * The entries are the steps of the notice's case up to the notice, as the customer's view shows
 * them. Checking one by hand: the checkpoint note verifies with the log's key (and cosignatures
 * with the witnesses' keys); each entry's leaf hash {@code SHA-256(0x00 ‖ entry)} with its
 * {@code proof} leads to the checkpoint's root (RFC 6962 inclusion); each part's
 * {@code SHA-256(salt ‖ data)} equals the hex commitment of that name in the entry (a JSON
 * envelope); the notice's entry ({@code notice.issued}) names the notice's id, kind, case,
 * enforcement and appeal deadline, sits at the notice's index and time, and its {@code state}
 * part's {@code letterSha256} is the SHA-256 of the canonical JSON (keys sorted, no whitespace) of
 * the notice's {@code id}, {@code kind}, {@code sections}, {@code subject} and {@code text}.
 */
public final class Receipts {
    /** The format a receipt names in its {@code receipt} field. */
    public static final String FORMAT = "veto-receipt/1";
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private Receipts() {}

    /**
     * The receipt of {@code notice}, whose case's steps up to it are log entries {@code indices},
     * at the checkpoint of {@code size} whose note (with any cosignatures) is {@code note}.
     */
    static ObjectNode build(Log log, Views.NoticeView notice, List<Long> indices, long size, String note) {
        ObjectNode r = F.objectNode();
        r.put("receipt", FORMAT);
        r.set("notice", EventCodec.JSON.valueToTree(notice));
        ObjectNode l = r.putObject("log");
        l.put("origin", log.origin());
        l.put("key", log.verifierKey().toString());
        r.put("checkpoint", note);
        ArrayNode entries = r.putArray("entries");
        Base64.Encoder b64 = Base64.getEncoder();
        for (long i : indices) {
            ObjectNode e = entries.addObject();
            e.put("index", i);
            e.put("entry", b64.encodeToString(log.entry(i)));
            ArrayNode proof = e.putArray("proof");
            log.inclusionProof(i, size).forEach(h -> proof.add(b64.encodeToString(h)));
            ObjectNode parts = F.objectNode();
            ArrayNode erased = F.arrayNode();
            for (LogStore.StoredPart p : log.privateParts(i)) {
                if (p.erased()) {
                    erased.add(p.name());
                } else {
                    parts.putObject(p.name()).put("salt", b64.encodeToString(p.salt())).put("data", b64.encodeToString(p.data()));
                }
            }
            if (!parts.isEmpty()) {
                e.set("parts", parts);
            }
            if (!erased.isEmpty()) {
                e.set("erased", erased);
            }
        }
        return r;
    }

    /** SHA-256 (hex) of the canonical JSON of {@code letter} (a notice's id, kind, sections, subject and text). */
    public static String letterSha256(JsonNode letter) {
        return HexFormat.of().formatHex(sha256(Envelope.canonical(letter)));
    }

    /** A receipt that held: its notice, the checkpoint size, the entries checked and the witnesses that cosigned. */
    public record Verified(String notice, long size, int entries, int cosignatures) {}

    /** Why a receipt does not hold: {@code what} names the part at fault (notice, entry N, part, proof, checkpoint). */
    public static final class Invalid extends Exception {
        public Invalid(String message) {
            super(message, null, false, false);
        }
    }

    /**
     * Checks a receipt offline against the log's key and, when {@code quorum} is given, the
     * witnesses' cosignatures on its checkpoint.
     *
     * @throws Invalid naming what does not hold
     */
    public static Verified verify(JsonNode receipt, VerifierKey logKey, WitnessQuorum quorum) throws Invalid {
        if (!receipt.isObject() || !FORMAT.equals(receipt.path("receipt").asString(null))) {
            throw new Invalid("not a receipt: the field `receipt` is not \"" + FORMAT + "\"");
        }
        JsonNode notice = receipt.path("notice");
        if (!notice.isObject() || !notice.path("id").isString()) {
            throw new Invalid("notice: the receipt holds no notice with an id");
        }
        String noteText = receipt.path("checkpoint").asString("");
        Checkpoint cp;
        int cosigned = 0;
        try {
            if (quorum != null) {
                CosignedCheckpoint c = quorum.open(noteText, List.of(logKey));
                cp = c.checkpoint();
                cosigned = c.cosignatures().size();
            } else {
                cp = Checkpoint.parse(SignedNote.open(noteText, List.of(logKey)).text());
            }
        } catch (NoteException e) {
            throw new Invalid("checkpoint: " + e.getMessage());
        }
        JsonNode issued = null;
        Instant issuedAt = null;
        JsonNode caseState = null;
        int checked = 0;
        for (JsonNode e : receipt.path("entries")) {
            long index = e.path("index").asLong(-1);
            byte[] entry = base64(e.path("entry"), "entry " + index);
            List<byte[]> proof = new ArrayList<>();
            for (JsonNode h : e.path("proof")) {
                proof.add(base64(h, "entry " + index + " proof"));
            }
            if (index < 0 || index >= cp.size()) {
                throw new Invalid("entry " + index + ": not in the checkpoint's tree of " + cp.size() + " entries");
            }
            if (ProofVerifier.inclusion(index, cp.size(), Hashes.leaf(entry), proof, cp.root()) instanceof Verdict.Fails f) {
                throw new Invalid("entry " + index + ": its inclusion proof does not lead to the checkpoint's root, so the entry or its proof "
                        + "was altered (" + f.reason() + ")");
            }
            JsonNode event = entryFields(index, entry, e);
            checked++;
            String type = event.path("type").asString("");
            if (type.equals("notice.issued") && event.path("fields").path("id").asString("").equals(notice.path("id").asString())) {
                issued = event.path("fields");
                issuedAt = Instant.parse(event.path("time").asString());
                if (notice.path("index").asLong(-1) != index) {
                    throw new Invalid("notice: it says it was issued at log entry " + notice.path("index") + ", but its entry is " + index);
                }
            }
            if (type.equals("case.opened") && event.path("fields").path("id").asString("").equals(notice.path("case").asString())) {
                caseState = event.path("fields");
            }
        }
        if (issued == null) {
            throw new Invalid("notice: the receipt holds no notice.issued entry for " + notice.path("id").asString());
        }
        same("kind", notice.path("kind"), issued.path("kind"));
        same("case", notice.path("case"), issued.path("caseId"));
        same("enforcement", notice.path("enforcement"), issued.path("enforcementId"));
        if (!instant(notice.path("appealDeadline")).equals(instant(issued.path("appealDeadline")))) {
            throw new Invalid("notice: its appeal deadline " + notice.path("appealDeadline") + " is not the logged one " + issued.path("appealDeadline"));
        }
        if (!issuedAt.equals(instant(notice.path("issuedAt")))) {
            throw new Invalid("notice: it says it was issued at " + notice.path("issuedAt") + ", but its entry is of " + issuedAt);
        }
        if (caseState != null && caseState.has("org") && !caseState.path("org").equals(notice.path("org"))) {
            throw new Invalid("notice: it is addressed to organization " + notice.path("org") + ", but its case names " + caseState.path("org"));
        }
        if (issued.has("letterSha256")) {
            ObjectNode letter = F.objectNode();
            for (String k : List.of("id", "kind", "sections", "subject", "text")) {
                letter.set(k, notice.path(k));
            }
            if (!letterSha256(letter).equals(issued.path("letterSha256").asString())) {
                throw new Invalid("notice: its letter (subject, sections or text) is not the one issued at log entry " + notice.path("index"));
            }
        } else {
            throw new Invalid("notice: its entry does not bind the letter (a notice issued before letters were logged); only its log entries were checked");
        }
        return new Verified(notice.path("id").asString(), cp.size(), checked, cosigned);
    }

    /** The entry's type, time and fields (public and private parts merged), after checking each part against its commitment. */
    private static JsonNode entryFields(long index, byte[] entry, JsonNode e) throws Invalid {
        ObjectNode out = F.objectNode();
        if (!Envelope.isEnvelope(entry)) {
            if (!(LogRecord.decode(entry) instanceof LogRecord.Record r)) {
                throw new Invalid("entry " + index + ": neither an envelope nor a Veto record");
            }
            out.put("type", r.record().type());
            out.put("time", r.record().time().toString());
            out.set("fields", EventCodec.toTree(EventCodec.decode(r.record())));
            return out;
        }
        if (!(Envelope.decode(entry) instanceof Envelope.Valid v)) {
            throw new Invalid("entry " + index + ": not a valid envelope");
        }
        Envelope env = v.envelope();
        ObjectNode fields = env.publicFields();
        List<String> erased = new ArrayList<>();
        e.path("erased").forEach(n -> erased.add(n.asString()));
        for (Map.Entry<String, byte[]> c : env.commitments().entrySet()) {
            JsonNode part = e.path("parts").path(c.getKey());
            if (part.isMissingNode()) {
                if (erased.contains(c.getKey())) {
                    continue;
                }
                throw new Invalid("entry " + index + ": private part \"" + c.getKey() + "\" is missing from the receipt");
            }
            byte[] salt = base64(part.path("salt"), "entry " + index + " part " + c.getKey() + " salt");
            byte[] data = base64(part.path("data"), "entry " + index + " part " + c.getKey());
            if (salt.length != PrivatePart.SALT_SIZE || !MessageDigest.isEqual(PrivatePart.commitment(salt, data), c.getValue())) {
                throw new Invalid("entry " + index + ": private part \"" + c.getKey() + "\" does not match its commitment, so the part or its "
                        + "salt was altered");
            }
            try {
                JsonNode parsed = EventCodec.JSON.readTree(data);
                if (parsed instanceof ObjectNode o) {
                    fields.setAll(o);
                }
            } catch (RuntimeException x) {
                throw new Invalid("entry " + index + ": private part \"" + c.getKey() + "\" is not JSON");
            }
        }
        out.put("type", env.type());
        out.put("time", env.time().toString());
        out.set("fields", fields);
        return out;
    }

    private static void same(String field, JsonNode inNotice, JsonNode logged) throws Invalid {
        if (!inNotice.asString("").equals(logged.asString(""))) {
            throw new Invalid("notice: its " + field + " " + inNotice + " is not the logged " + logged);
        }
    }

    private static Instant instant(JsonNode n) throws Invalid {
        if (n.isMissingNode() || n.isNull()) {
            return Instant.EPOCH;
        }
        try {
            return Instant.parse(n.asString());
        } catch (RuntimeException e) {
            throw new Invalid("notice: " + n + " is not a time");
        }
    }

    private static byte[] base64(JsonNode n, String what) throws Invalid {
        try {
            return Base64.getDecoder().decode(n.asString(""));
        } catch (IllegalArgumentException e) {
            throw new Invalid(what + ": not base64");
        }
    }

    private static byte[] sha256(byte[] b) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(b);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
