package dev.veto.ledger.witness;

import dev.veto.ledger.store.Database;
import dev.veto.ledger.store.StoreException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;
import java.util.Properties;

/**
 * A witness's memory: per origin, the size and root hash of the latest checkpoint it cosigned and
 * that cosigned note, in one SQLite table. The only write is a compare-and-set, one statement and
 * so one transaction, that succeeds only if the row is still what the caller read: two requests
 * from the same old size cannot both move it (the rollback race c2sp.org/tlog-witness describes),
 * even from two processes on one file.
 */
public final class WitnessStore implements AutoCloseable {
    static final String SCHEMA_VERSION = "1";

    private final Database db;
    private final Connection conn;

    /** The latest cosigned checkpoint of one origin. */
    record Latest(long size, byte[] root, String note) {}

    private WitnessStore(Database db, Connection conn) {
        this.db = db;
        this.conn = conn;
    }

    /**
     * Opens (creating when absent) the witness state in {@code db}: a file path or a
     * {@code jdbc:sqlite:} URL. Its tables are prefixed {@code witness_}, so it may share a file
     * with a log.
     */
    public static WitnessStore open(String db) {
        Database d;
        try {
            d = Database.parse(db);
        } catch (IllegalArgumentException e) {
            throw new StoreException(e.getMessage());
        }
        if (d.dialect() != Database.Dialect.SQLITE) {
            throw new StoreException("witness database \"" + d.display() + "\" is not SQLite; the witness keeps its state in an SQLite file");
        }
        try {
            Optional<Path> parent = d.file().map(f -> f.toAbsolutePath().getParent());
            if (parent.isPresent()) {
                Files.createDirectories(parent.get());
            }
        } catch (IOException e) {
            throw new StoreException("cannot create the directory of witness database \"" + d.display() + "\": " + e.getMessage(), e);
        }
        Connection c = null;
        try {
            Properties p = new Properties();
            // FULL makes each commit fsync the WAL: a cosignature is returned only after the state
            // it vouches for is on disk (tlog-witness: persist before responding).
            p.setProperty("journal_mode", "WAL");
            p.setProperty("synchronous", "FULL");
            p.setProperty("busy_timeout", "30000");
            c = DriverManager.getConnection(d.url(), p);
            try (Statement s = c.createStatement()) {
                s.execute("CREATE TABLE IF NOT EXISTS witness_meta (k TEXT PRIMARY KEY, v TEXT NOT NULL)");
                s.execute("CREATE TABLE IF NOT EXISTS witness_checkpoints (origin TEXT PRIMARY KEY, size INTEGER NOT NULL, "
                        + "root BLOB NOT NULL, note TEXT NOT NULL)");
                s.execute("INSERT INTO witness_meta (k, v) VALUES ('schema', '" + SCHEMA_VERSION + "') ON CONFLICT (k) DO NOTHING");
                try (ResultSet r = s.executeQuery("SELECT v FROM witness_meta WHERE k = 'schema'")) {
                    String v = r.next() ? r.getString(1) : null;
                    if (!SCHEMA_VERSION.equals(v)) {
                        throw new StoreException("witness database \"" + d.display() + "\" has schema version " + v + "; this build reads version " + SCHEMA_VERSION);
                    }
                }
            }
            return new WitnessStore(d, c);
        } catch (SQLException e) {
            close(c);
            throw new StoreException("cannot open witness database \"" + d.display() + "\": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            close(c);
            throw e;
        }
    }

    /** The latest checkpoint cosigned for {@code origin}, if any. */
    Optional<Latest> latest(String origin) {
        synchronized (conn) {
            try (PreparedStatement s = conn.prepareStatement("SELECT size, root, note FROM witness_checkpoints WHERE origin = ?")) {
                s.setString(1, origin);
                try (ResultSet r = s.executeQuery()) {
                    return r.next() ? Optional.of(new Latest(r.getLong(1), r.getBytes(2), r.getString(3))) : Optional.empty();
                }
            } catch (SQLException e) {
                throw failed("read the latest checkpoint of \"" + origin + "\"", e);
            }
        }
    }

    /**
     * Records {@code size}, {@code root} and {@code note} as the latest for {@code origin} if the
     * stored state is still {@code expected} (empty: no row yet); false, changing nothing, when
     * another request moved it first.
     */
    boolean compareAndSet(String origin, Optional<Latest> expected, long size, byte[] root, String note) {
        synchronized (conn) {
            try {
                if (expected.isEmpty()) {
                    try (PreparedStatement s = conn.prepareStatement(
                            "INSERT INTO witness_checkpoints (origin, size, root, note) VALUES (?, ?, ?, ?) ON CONFLICT (origin) DO NOTHING")) {
                        s.setString(1, origin);
                        s.setLong(2, size);
                        s.setBytes(3, root);
                        s.setString(4, note);
                        return s.executeUpdate() == 1;
                    }
                }
                try (PreparedStatement s = conn.prepareStatement(
                        "UPDATE witness_checkpoints SET size = ?, root = ?, note = ? WHERE origin = ? AND size = ? AND root = ?")) {
                    s.setLong(1, size);
                    s.setBytes(2, root);
                    s.setString(3, note);
                    s.setString(4, origin);
                    s.setLong(5, expected.get().size());
                    s.setBytes(6, expected.get().root());
                    return s.executeUpdate() == 1;
                }
            } catch (SQLException e) {
                throw failed("record the checkpoint of \"" + origin + "\" at size " + size, e);
            }
        }
    }

    private StoreException failed(String what, SQLException e) {
        return new StoreException("witness database \"" + db.display() + "\": cannot " + what + ": " + e.getMessage(), e);
    }

    @Override
    public void close() {
        synchronized (conn) {
            close(conn);
        }
    }

    private static void close(Connection c) {
        if (c == null) {
            return;
        }
        try {
            c.close();
        } catch (SQLException ignored) {
            // closing: nothing left to protect
        }
    }

    @Override
    public String toString() {
        return "WitnessStore[" + db.display() + "]";
    }
}
