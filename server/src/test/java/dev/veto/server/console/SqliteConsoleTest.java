package dev.veto.server.console;

import java.nio.file.Files;

/** The console on the embedded default, SQLite. */
class SqliteConsoleTest extends ConsoleWalkthrough {
    @Override
    protected String freshDb() throws Exception {
        return Files.createTempDirectory("veto-console").resolve("veto.db").toString();
    }

    @Override
    protected String storage() {
        return "sqlite";
    }
}
