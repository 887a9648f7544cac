package dev.veto.server;

import java.nio.file.Files;

/** The workflow on the embedded default, SQLite. */
class SqliteWorkflowTest extends WorkflowContract {
    SqliteWorkflowTest() throws Exception {}

    @Override
    protected String freshDb() throws Exception {
        return Files.createTempDirectory("veto-e2e").resolve("veto.db").toString();
    }
}
