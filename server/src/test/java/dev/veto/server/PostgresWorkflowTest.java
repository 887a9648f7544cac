package dev.veto.server;

/** The workflow on PostgreSQL at {@code VETO_TEST_PG_URL} (started by scripts/test); fails, never skips, without it. */
class PostgresWorkflowTest extends WorkflowContract {
    PostgresWorkflowTest() throws Exception {}

    @Override
    protected String freshDb() throws Exception {
        return TestDatabases.freshPostgres("e2e");
    }
}
