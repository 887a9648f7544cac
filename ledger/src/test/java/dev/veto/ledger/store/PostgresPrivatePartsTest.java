package dev.veto.ledger.store;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;

/** Private parts on PostgreSQL at {@code VETO_TEST_PG_URL}, a fresh schema per database. */
class PostgresPrivatePartsTest extends PrivatePartsContract {
    private final PostgresLogTest schemas = new PostgresLogTest();

    @Override
    protected String freshDb() throws SQLException {
        return schemas.freshDb();
    }

    @Override
    protected Connection raw(String db) throws SQLException {
        return DriverManager.getConnection(db);
    }
}
