package dev.veto.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.veto.ledger.merkle.Hashes;
import dev.veto.ledger.merkle.ProofVerifier;
import dev.veto.ledger.note.Checkpoint;
import dev.veto.ledger.note.SignedNote;
import dev.veto.ledger.note.VerifierKey;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Drives {@code veto log …} exactly as a user would. */
class LogCommandTest {
    @TempDir
    Path dir;

    record Run(int code, String out, String err) {}

    private Run veto(String stdin, String... args) {
        InputStream in = System.in;
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        try {
            System.setIn(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)));
            System.setOut(new PrintStream(o, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(e, true, StandardCharsets.UTF_8));
            int code = Main.run(args);
            return new Run(code, o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8));
        } finally {
            System.setIn(in);
            System.setOut(out);
            System.setErr(err);
        }
    }

    @Test
    void initAppendCheckpointProveVerify() throws Exception {
        String db = dir.resolve("log.db").toString();
        String key = dir.resolve("keys/signer.key").toString();
        Run init = veto("", "log", "init", "--db", db, "--origin", "veto.test/log", "--key-file", key);
        assertThat(init.code()).as(init.err()).isZero();
        VerifierKey verifier = VerifierKey.parse(init.out().strip());
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(Path.of(key)))).isEqualTo("rw-------");

        Run append = veto("alpha\nbeta\n\ngamma", "log", "append", "--db", db, "--key-file", key);
        assertThat(append.code()).as(append.err()).isZero();
        assertThat(append.out()).isEqualTo("0\n1\n2\n3\n");
        assertThat(veto("delta\n", "log", "append", "--db", db, "--key-file", key).out()).isEqualTo("4\n");

        Run cp = veto("", "log", "checkpoint", "--db", db);
        assertThat(cp.code()).isZero();
        Checkpoint c = Checkpoint.parse(SignedNote.open(cp.out(), List.of(verifier)).text());
        assertThat(c.size()).isEqualTo(5);

        Run inc = veto("", "log", "proof", "inclusion", "--db", db, "--index", "1", "--size", "5");
        assertThat(inc.code()).isZero();
        List<byte[]> proof = Arrays.stream(inc.out().split("\n")).map(Base64.getDecoder()::decode).toList();
        assertThat(ProofVerifier.inclusion(1, 5, Hashes.leaf("beta".getBytes(StandardCharsets.UTF_8)), proof, c.root()).holds()).isTrue();

        Run cons = veto("", "log", "proof", "consistency", "--db", db, "--from", "4", "--to", "5");
        assertThat(cons.code()).isZero();
        Run cp4 = veto("", "log", "proof", "consistency", "--db", db, "--from", "0", "--to", "5");
        assertThat(cp4.out()).isEmpty();

        Run ok = veto("", "log", "verify", "--db", db, "--key", verifier.toString());
        assertThat(ok.code()).as(ok.err()).isZero();
        assertThat(ok.out()).startsWith("ok: 5 entries and 3 checkpoints verified");

        try (Connection conn = DriverManager.getConnection("jdbc:sqlite:" + db); Statement s = conn.createStatement()) {
            s.executeUpdate("UPDATE ledger_entries SET data = X'62657461' WHERE idx = 2");
        }
        Run bad = veto("", "log", "verify", "--db", db, "--key", verifier.toString());
        assertThat(bad.code()).isEqualTo(1);
        assertThat(bad.err()).startsWith("error: ").contains("entry 2 was changed");
        Run refused = veto("", "log", "checkpoint", "--db", db);
        assertThat(refused.code()).isEqualTo(1);
        assertThat(refused.err()).contains("entry 2");
    }

    @Test
    void verifyNamesADeletedEntryAndAChangedTileHash() throws Exception {
        String db = dir.resolve("log.db").toString();
        String key = dir.resolve("signer.key").toString();
        Run init = veto("", "log", "init", "--db", db, "--origin", "veto.test/log", "--key-file", key);
        String verifier = init.out().strip();
        StringBuilder lines = new StringBuilder();
        for (int i = 0; i < 300; i++) {
            lines.append("line ").append(i).append('\n');
        }
        assertThat(veto(lines.toString(), "log", "append", "--db", db, "--key-file", key).code()).isZero();
        try (Connection conn = DriverManager.getConnection("jdbc:sqlite:" + db); Statement s = conn.createStatement()) {
            s.executeUpdate("UPDATE ledger_tiles SET data = zeroblob(8192) WHERE lvl = 0 AND idx = 0");
        }
        Run badTile = veto("", "log", "verify", "--db", db, "--key", verifier);
        assertThat(badTile.code()).isEqualTo(1);
        assertThat(badTile.err()).contains("tile tile/0/000 hash 0 differs");
        try (Connection conn = DriverManager.getConnection("jdbc:sqlite:" + db); Statement s = conn.createStatement()) {
            s.executeUpdate("DELETE FROM ledger_entries WHERE idx = 123");
        }
        Run deleted = veto("", "log", "verify", "--db", db, "--key", verifier);
        assertThat(deleted.code()).isEqualTo(1);
        assertThat(deleted.err()).startsWith("error: ").contains("entry 123 is missing");
        assertThat(veto("x\n", "log", "append", "--db", db, "--key-file", key).err()).contains("entry 123 is missing");
    }

    @Test
    void verifyChecksEveryPrivatePartAgainstItsCommitment() throws Exception {
        Path demoDir = dir.resolve("demo");
        String logKey;
        try (DemoCommand.Running demo = DemoCommand.start("127.0.0.1", 0, demoDir)) {
            logKey = demo.server().plane().events().log().verifierKey().toString();
        }
        String db = demoDir.resolve("demo.db").toString();
        Run ok = veto("", "log", "verify", "--db", db, "--key", logKey);
        assertThat(ok.code()).as(ok.err()).isZero();
        assertThat(ok.out()).matches("ok: \\d+ entries, \\d+ private parts and \\d+ checkpoints verified\\n");
        String[][] tamper = {
            {"UPDATE ledger_private SET data = CAST(REPLACE(CAST(data AS TEXT), 'Unit 42', 'Unit 17') AS BLOB) WHERE CAST(data AS TEXT) LIKE '%Unit 42%'",
                "does not match its commitment"},
            {"UPDATE ledger_private SET salt = zeroblob(32) WHERE idx = 3 AND part = 'state'", "entry 3 private part \"state\" does not match its commitment"},
            {"DELETE FROM ledger_private WHERE idx = 3", "entry 3 private part \"state\" is missing"},
        };
        for (String[] t : tamper) {
            Path copy = dir.resolve("copy-" + Math.abs(t[0].hashCode()) + ".db");
            Files.copy(Path.of(db), copy);
            try (Connection conn = DriverManager.getConnection("jdbc:sqlite:" + copy); Statement s = conn.createStatement()) {
                assertThat(s.executeUpdate(t[0])).as(t[0]).isPositive();
            }
            Run bad = veto("", "log", "verify", "--db", copy.toString(), "--key", logKey);
            assertThat(bad.code()).as(t[0]).isEqualTo(1);
            assertThat(bad.err()).as(t[0]).startsWith("error: ").contains(t[1]);
        }
    }

    @Test
    void badInputGivesOneErrorLine() {
        String db = dir.resolve("log.db").toString();
        String key = dir.resolve("signer.key").toString();
        assertThat(veto("", "log", "init", "--db", db, "--origin", "veto.test/log", "--key-file", key).code()).isZero();

        assertError(veto("", "log", "checkpoint", "--db", dir.resolve("missing.db").toString()), "no log at");
        assertError(veto("x\n", "log", "append", "--db", db, "--key-file", dir.resolve("nokey").toString()), "signer key file");
        assertError(veto("", "log", "proof", "inclusion", "--db", db, "--index", "0", "--size", "0"), "index 0 is out of range");
        assertError(veto("", "log", "proof", "inclusion", "--db", db, "--index", "0", "--size", "9"), "tree size 9 is out of range");
        assertError(veto("", "log", "proof", "consistency", "--db", db, "--from", "2", "--to", "1"), "out of range");
        assertError(veto("", "log", "verify", "--db", db, "--key", "nonsense"), "\"nonsense\"");
        assertError(veto("", "log", "init", "--db", db, "--origin", "veto.test/log", "--key-file", key), "exists already");
        String other = dir.resolve("other.key").toString();
        assertThat(veto("", "log", "init", "--db", dir.resolve("other.db").toString(), "--origin", "other", "--key-file", other).code()).isZero();
        assertError(veto("x\n", "log", "append", "--db", db, "--key-file", other), "is not this log's key");
        assertError(veto("", "log", "init", "--db", dir.resolve("third.db").toString(), "--origin", "has space", "--key-file", dir.resolve("k3").toString()), "\"has space\"");
        assertThat(Files.exists(dir.resolve("k3"))).isFalse();
    }

    private static void assertError(Run r, String contains) {
        assertThat(r.code()).as(r.err()).isEqualTo(1);
        assertThat(r.err().lines().toList()).as(r.err()).hasSize(1);
        assertThat(r.err()).startsWith("error: ").contains(contains);
    }
}
