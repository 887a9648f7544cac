package dev.veto.ledger.store;

import static org.junit.jupiter.api.Assertions.fail;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

/**
 * The storage suite on PostgreSQL at {@code VETO_TEST_PG_URL} (see {@code scripts/postgres}).
 * Each test gets its own schema. Fails, never skips, without the variable.
 */
class PostgresLogTest extends LogContract {
    static String baseUrl() {
        String url = System.getenv("VETO_TEST_PG_URL");
        if (url == null || url.isBlank()) {
            fail("VETO_TEST_PG_URL is not set; run the tests with scripts/test, or: eval \"$(scripts/postgres start)\"");
        }
        return url;
    }

    @Override
    protected String freshDb() throws SQLException {
        String base = baseUrl();
        String schema = "t_" + UUID.randomUUID().toString().replace("-", "");
        try (Connection c = DriverManager.getConnection(base); Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA " + schema);
        }
        return base + (base.contains("?") ? "&" : "?") + "currentSchema=" + schema;
    }

    @Override
    protected Connection raw(String db) throws SQLException {
        return DriverManager.getConnection(db);
    }
}
