package dev.veto.server.console;

import dev.veto.server.TestDatabases;

/** The console on PostgreSQL at {@code VETO_TEST_PG_URL} (started by scripts/test); fails, never skips, without it. */
class PostgresConsoleTest extends ConsoleWalkthrough {
    @Override
    protected String freshDb() throws Exception {
        return TestDatabases.freshPostgres("console");
    }

    @Override
    protected String storage() {
        return "postgres";
    }
}
