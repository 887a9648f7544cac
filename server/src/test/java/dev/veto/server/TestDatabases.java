package dev.veto.server;

import static org.assertj.core.api.Assertions.fail;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.UUID;

/** Databases for tests: a fresh schema on the PostgreSQL that scripts/test starts. */
public final class TestDatabases {
    private TestDatabases() {}

    /**
     * A JDBC URL of a new, empty schema on the PostgreSQL at {@code VETO_TEST_PG_URL}; fails,
     * never skips, without it.
     */
    public static String freshPostgres(String prefix) throws Exception {
        String base = System.getenv("VETO_TEST_PG_URL");
        if (base == null || base.isBlank()) {
            fail("VETO_TEST_PG_URL is not set; run the tests with scripts/test, or: eval \"$(scripts/postgres start)\"");
        }
        String schema = prefix + "_" + UUID.randomUUID().toString().replace("-", "");
        try (Connection c = DriverManager.getConnection(base); Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA " + schema);
        }
        return base + (base.contains("?") ? "&" : "?") + "currentSchema=" + schema;
    }
}
