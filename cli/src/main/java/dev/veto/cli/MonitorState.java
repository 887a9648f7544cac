package dev.veto.cli;

import dev.veto.control.TransparencyReport;
import dev.veto.ledger.note.Checkpoint;
import dev.veto.ledger.note.NoteException;
import dev.veto.ledger.note.SignedNote;
import dev.veto.ledger.note.VerifierKey;
import dev.veto.ledger.remote.GrowthCheck;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * What {@code veto log monitor} verified last, kept between rounds in a JSON file:
 * <pre>{@code
 * {"version": 1, "origin": "veto.example.com/log", "size": 42, "root": "<base64>",
 *  "checkpoint": "<the verified checkpoint note, as served>", "envelopesFrom": 3,
 *  "verifiedAt": "2027-03-01T09:00:00Z", "tally": {<TransparencyReport.Tally#state>}}
 * }</pre>
 * {@code envelopesFrom} is the index of the first format 2 entry seen (null while none was): a
 * format 1 record after it is refused. The file is replaced whole (a temporary file, then a
 * rename), so a crash leaves the old state or the new one, never half of one.
 *
 * @param origin        the log's origin
 * @param size          the verified tree size
 * @param root          its root hash
 * @param note          the checkpoint note that signed it, as served (with any cosignatures)
 * @param envelopesFrom the first format 2 entry's index, or null
 * @param verifiedAt    when the round that wrote it ended
 * @param tally         the transparency report's tally over the first {@code size} entries
 */
record MonitorState(String origin, long size, byte[] root, String note, Long envelopesFrom, Instant verifiedAt, TransparencyReport.Tally tally) {
    static final int VERSION = 1;
    private static final JsonMapper JSON = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    /** The verified tree this state stands for. */
    GrowthCheck.Verified verified() {
        return new GrowthCheck.Verified(size, root);
    }

    /** The state in {@code file}; empty when the file does not exist (the first round). */
    static Optional<MonitorState> read(Path file, VerifierKey logKey) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UserError("cannot read state file \"" + file + "\": " + e.getMessage());
        }
        try {
            return Optional.of(parse(JSON.readTree(bytes), logKey));
        } catch (JacksonException e) {
            throw damaged(file, "it is not JSON (" + e.getOriginalMessage() + ")");
        } catch (IllegalArgumentException e) {
            throw damaged(file, e.getMessage());
        }
    }

    private static MonitorState parse(JsonNode n, VerifierKey logKey) {
        if (!n.isObject() || n.path("version").asInt(-1) != VERSION) {
            throw new IllegalArgumentException("it has no \"version\": " + VERSION);
        }
        String note = text(n, "checkpoint");
        Checkpoint c;
        try {
            c = Checkpoint.parse(SignedNote.open(note, List.of(logKey)).text());
        } catch (NoteException e) {
            throw new IllegalArgumentException("its \"checkpoint\" is not a checkpoint signed by --key (" + e.getMessage() + ")");
        }
        byte[] root;
        try {
            root = Base64.getDecoder().decode(text(n, "root"));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("its \"root\" is not base64");
        }
        if (!c.origin().equals(text(n, "origin")) || c.size() != n.path("size").asLong(-1) || !MessageDigest.isEqual(c.root(), root)) {
            throw new IllegalArgumentException("its \"origin\", \"size\" and \"root\" are not those of its \"checkpoint\"");
        }
        JsonNode from = n.path("envelopesFrom");
        if (!from.isNull() && !(from.isIntegralNumber() && from.asLong() >= 0 && from.asLong() < c.size())) {
            throw new IllegalArgumentException("its \"envelopesFrom\" is neither null nor an entry index below its size");
        }
        Instant at;
        try {
            at = Instant.parse(text(n, "verifiedAt"));
        } catch (java.time.format.DateTimeParseException e) {
            throw new IllegalArgumentException("its \"verifiedAt\" is not a time");
        }
        TransparencyReport.Tally tally = TransparencyReport.Tally.fromState(n.path("tally"));
        if (tally.entries() != c.size()) {
            throw new IllegalArgumentException("its tally covers " + tally.entries() + " entries, not the " + c.size() + " its checkpoint signs");
        }
        return new MonitorState(c.origin(), c.size(), root, note, from.isNull() ? null : from.asLong(), at, tally);
    }

    /** Writes this state over {@code file}: to a temporary file beside it, flushed to disk, then renamed. */
    void write(Path file) {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.put("version", VERSION);
        o.put("origin", origin);
        o.put("size", size);
        o.put("root", Base64.getEncoder().encodeToString(root));
        o.put("checkpoint", note);
        if (envelopesFrom == null) {
            o.putNull("envelopesFrom");
        } else {
            o.put("envelopesFrom", envelopesFrom);
        }
        o.put("verifiedAt", verifiedAt.toString());
        o.set("tally", tally.state());
        Path dir = file.toAbsolutePath().getParent();
        Path tmp = dir.resolve(file.getFileName() + ".tmp");
        try {
            Files.createDirectories(dir);
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
                ch.write(java.nio.ByteBuffer.wrap(JSON.writeValueAsBytes(o)));
                ch.force(true);
            }
            try {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UserError("cannot write state file \"" + file + "\": " + e.getMessage() + "; it is left as it was");
        }
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.path(field);
        if (!v.isString()) {
            throw new IllegalArgumentException("its \"" + field + "\" is not a string");
        }
        return v.asString();
    }

    private static UserError damaged(Path file, String why) {
        return new UserError("state file \"" + file + "\" cannot be used: " + why
                + "; restore it, or pass a new --state to verify the log from its start");
    }
}
