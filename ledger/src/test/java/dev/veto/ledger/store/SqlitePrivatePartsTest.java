package dev.veto.ledger.store;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import org.junit.jupiter.api.io.TempDir;

/** Private parts on SQLite. */
class SqlitePrivatePartsTest extends PrivatePartsContract {
    @TempDir
    Path dir;
    private int n;

    @Override
    protected String freshDb() {
        return dir.resolve("veto-" + n++ + ".db").toString();
    }

    @Override
    protected Connection raw(String db) throws SQLException {
        return DriverManager.getConnection("jdbc:sqlite:" + db);
    }
}
