package dev.veto.ledger.store;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import org.junit.jupiter.api.io.TempDir;

/** The storage suite on SQLite (a plain path, as the CLI passes it). */
class SqliteLogTest extends LogContract {
    @TempDir
    Path dir;

    @Override
    protected String freshDb() {
        return dir.resolve("veto.db").toString();
    }

    @Override
    protected Connection raw(String db) throws SQLException {
        return DriverManager.getConnection("jdbc:sqlite:" + db);
    }
}
