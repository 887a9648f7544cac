package dev.veto.ledger.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.veto.ledger.entry.Envelope;
import dev.veto.ledger.Log;
import dev.veto.ledger.LogTamperedException;
import dev.veto.ledger.entry.PrivatePart;
import dev.veto.ledger.Sealed;
import dev.veto.ledger.fsck.FsckReport;
import dev.veto.ledger.note.SignerKey;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Private parts beside the log, on every store: committed with their entries, checked against
 * the envelopes' commitments whenever a log opens, erasable by a later entry that records it.
 */
public abstract class PrivatePartsContract {
    private static final String ORIGIN = "test.veto.dev/private";
    private SignerKey key;
    private String db;

    protected abstract String freshDb() throws Exception;

    protected abstract Connection raw(String db) throws SQLException;

    @BeforeEach
    void setUp() throws Exception {
        key = SignerKey.generate(ORIGIN);
        db = freshDb();
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** An envelope with public {"id": id} and parts "state" and "text". */
    private static Sealed event(String id, String state, String text) {
        PrivatePart s = PrivatePart.seal("state", utf8(state));
        PrivatePart t = PrivatePart.seal("text", utf8(text));
        TreeMap<String, byte[]> c = new TreeMap<>();
        c.put("state", s.commitment());
        c.put("text", t.commitment());
        ObjectNode pub = JsonNodeFactory.instance.objectNode().put("id", id);
        return Sealed.of(new Envelope("case.opened", 1, Instant.parse("2027-01-01T00:00:00Z"), pub, c), List.of(s, t));
    }

    private static Sealed erasure(long index, String part) {
        ObjectNode pub = JsonNodeFactory.instance.objectNode().put("entry", index);
        pub.putArray("parts").add(part);
        return new Sealed(new Envelope(Envelope.ERASURE_TYPE, 1, Instant.parse("2027-01-02T00:00:00Z"), pub, new TreeMap<>()).encode(),
                List.of(), List.of(new Sealed.Erasure(index, part)));
    }

    private void exec(String sql, Object... args) throws SQLException {
        try (Connection c = raw(db); PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                s.setObject(i + 1, args[i]);
            }
            s.executeUpdate();
        }
    }

    @Test
    void partsAreStoredWithTheirEntryAndMatchTheCommitments() {
        try (Log log = Log.create(db, ORIGIN, key)) {
            log.append(List.of(utf8("a format 1 or raw entry")));
            log.appendSealed(List.of(event("C-1", "{\"org\":\"mx\"}", "{\"summary\":\"s1\"}"), event("C-2", "{}", "{\"summary\":\"s2\"}")));
            assertThat(log.envelopesFrom()).isEqualTo(1);
            List<LogStore.StoredPart> parts = log.privateParts(1);
            assertThat(parts).extracting(LogStore.StoredPart::name).containsExactly("state", "text");
            assertThat(new String(parts.get(0).data(), StandardCharsets.UTF_8)).isEqualTo("{\"org\":\"mx\"}");
            assertThat(log.privateParts(0, 3)).hasSize(4);
            FsckReport r = log.verify(List.of(log.verifierKey()));
            assertThat(r.ok()).as(r.summary()).isTrue();
            assertThat(r.partsChecked()).isEqualTo(4);
            assertThat(r.summary()).isEqualTo("ok: 3 entries, 4 private parts and 3 checkpoints verified");
        }
    }

    @Test
    void aChangedPartOrSaltOrAMissingOrExtraPartIsFoundWhenTheLogOpens() throws Exception {
        try (Log log = Log.create(db, ORIGIN, key)) {
            log.appendSealed(List.of(event("C-1", "{\"org\":\"mx\"}", "{\"summary\":\"s1\"}")));
        }
        String[][] tamper = {
            {"UPDATE ledger_private SET data = ? WHERE idx = 0 AND part = 'state'", "{\"org\":\"mY\"}", "private part \"state\" does not match its commitment"},
            {"UPDATE ledger_private SET salt = ? WHERE idx = 0 AND part = 'text'", "x".repeat(32), "private part \"text\" does not match its commitment"},
            {"DELETE FROM ledger_private WHERE idx = 0 AND part = 'text'", null, "private part \"text\" is missing"},
            {"UPDATE ledger_private SET salt = NULL, data = NULL, erased_by = 5 WHERE idx = 0 AND part = 'state'", null,
                "private part \"state\" is erased, naming entry 5, which does not record that erasure"},
        };
        for (String[] t : tamper) {
            setUp();
            try (Log log = Log.create(db, ORIGIN, key)) {
                log.appendSealed(List.of(event("C-1", "{\"org\":\"mx\"}", "{\"summary\":\"s1\"}")));
            }
            if (t[1] == null) {
                exec(t[0]);
            } else {
                exec(t[0], (Object) utf8(t[1]));
            }
            assertThatThrownBy(() -> Log.open(db, key)).as(t[0]).isInstanceOf(LogTamperedException.class)
                    .hasMessageContaining("entry 0 " + t[2]);
        }
        setUp();
        try (Log log = Log.create(db, ORIGIN, key)) {
            log.appendSealed(List.of(event("C-1", "{}", "{}")));
        }
        exec("INSERT INTO ledger_private (idx, part, salt, data) VALUES (0, 'extra', ?, ?)", utf8("s".repeat(32)), utf8("{}"));
        assertThatThrownBy(() -> Log.open(db, key)).hasMessageContaining("entry 0 private part \"extra\" is stored, but the entry commits to no such part");
    }

    @Test
    void anErasureEntryErasesAPartAndTheLogStillVerifies() {
        try (Log log = Log.create(db, ORIGIN, key)) {
            log.appendSealed(List.of(event("C-1", "{\"org\":\"mx\"}", "{\"summary\":\"s1\"}")));
            log.appendSealed(List.of(erasure(0, "text")));
            LogStore.StoredPart text = log.privateParts(0).get(1);
            assertThat(text.erased()).isTrue();
            assertThat(text.erasedBy()).isEqualTo(1);
            assertThat(text.data()).isNull();
            assertThat(text.salt()).isNull();
            FsckReport r = log.verify(List.of(log.verifierKey()));
            assertThat(r.ok()).as(r.summary()).isTrue();
            assertThat(r.partsErased()).isEqualTo(1);
            assertThat(r.summary()).isEqualTo("ok: 2 entries, 1 private part (and 1 erased) and 3 checkpoints verified");
            // erasing it again writes nothing
            assertThatThrownBy(() -> log.appendSealed(List.of(erasure(0, "text")))).hasMessageContaining("entry 0 has no part \"text\" left to erase");
            assertThat(log.size()).isEqualTo(2);
            assertThatThrownBy(() -> log.appendSealed(List.of(erasure(7, "text")))).hasMessageContaining("cannot erase entry 7");
            assertThat(log.size()).isEqualTo(2);
        }
        try (Log log = Log.open(db, key)) {
            assertThat(log.size()).isEqualTo(2);
        }
    }

    @Test
    void aLogMadeBeforePrivatePartsGainsTheirTableAndKeepsVerifying() throws Exception {
        try (Log log = Log.create(db, ORIGIN, key)) {
            log.append(List.of(utf8("old entry")));
        }
        exec("DROP TABLE ledger_private");
        try (Log log = Log.open(db, key)) {
            assertThat(log.envelopesFrom()).as("none yet: the log's size").isEqualTo(1);
            log.appendSealed(List.of(event("C-1", "{}", "{}")));
            assertThat(log.envelopesFrom()).isEqualTo(1);
            assertThat(log.verify(List.of(log.verifierKey())).ok()).isTrue();
        }
    }
}
