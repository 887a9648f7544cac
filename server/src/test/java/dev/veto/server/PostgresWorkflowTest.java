package dev.veto.server;

import static org.junit.jupiter.api.Assertions.fail;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.UUID;

/** The workflow on PostgreSQL at {@code VETO_TEST_PG_URL} (started by scripts/test); fails, never skips, without it. */
class PostgresWorkflowTest extends WorkflowContract {
    PostgresWorkflowTest() throws Exception {}

    @Override
    protected String freshDb() throws Exception {
        String base = System.getenv("VETO_TEST_PG_URL");
        if (base == null || base.isBlank()) {
            fail("VETO_TEST_PG_URL is not set; run the tests with scripts/test, or: eval \"$(scripts/postgres start)\"");
        }
        String schema = "e2e_" + UUID.randomUUID().toString().replace("-", "");
        try (Connection c = DriverManager.getConnection(base); Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA " + schema);
        }
        return base + (base.contains("?") ? "&" : "?") + "currentSchema=" + schema;
    }
}
