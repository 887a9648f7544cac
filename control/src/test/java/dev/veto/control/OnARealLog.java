package dev.veto.control;

import dev.veto.cedar.json.CedarJson;
import dev.veto.ledger.Log;
import dev.veto.ledger.note.SignerKey;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/** A control plane on a fresh SQLite log in a temporary folder, its clock held by the test; closed after each test. */
abstract class OnARealLog {
    static final Actor ADMIN = new Actor("adam", Role.ADMIN, null);

    @TempDir
    Path dir;
    final TestClock clock = new TestClock(Instant.parse("2027-03-01T09:00:00Z"));
    SignerKey key;
    ControlPlane plane;

    @BeforeEach
    void openPlane() throws Exception {
        key = SignerKey.generate("test.veto/log");
        plane = ControlPlane.open(Log.create(db(), "test.veto/log", key), clock, "Example Cloud");
    }

    @AfterEach
    void closePlane() {
        plane.close();
    }

    String db() {
        return dir.resolve("veto.db").toString();
    }

    /** Stores org mx, its unit u42 with sub-unit u42/a, account acct there, and user alice and bucket b in it. */
    void storeHierarchy() {
        plane.commands().putEntities(ADMIN, CedarJson.readTree("""
                [{"uid": {"type": "Org", "id": "mx"}, "attrs": {}, "parents": []},
                 {"uid": {"type": "Unit", "id": "u42"}, "attrs": {}, "parents": [{"type": "Org", "id": "mx"}]},
                 {"uid": {"type": "Unit", "id": "u42/a"}, "attrs": {}, "parents": [{"type": "Unit", "id": "u42"}]},
                 {"uid": {"type": "Account", "id": "acct"}, "attrs": {}, "parents": [{"type": "Unit", "id": "u42/a"}]},
                 {"uid": {"type": "User", "id": "alice"}, "attrs": {}, "parents": [{"type": "Account", "id": "acct"}]},
                 {"uid": {"type": "Bucket", "id": "b"}, "attrs": {}, "parents": [{"type": "Account", "id": "acct"}]}]""", "test"));
    }

    /** The same log opened again, as a restart opens it. */
    ControlPlane reopened() {
        try {
            return ControlPlane.open(Log.open(db(), key), clock, "Example Cloud");
        } catch (Exception e) {
            throw new IllegalStateException("the log does not open again", e);
        }
    }
}
