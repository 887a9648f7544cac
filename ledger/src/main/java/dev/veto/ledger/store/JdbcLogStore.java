package dev.veto.ledger.store;

import dev.veto.ledger.tile.TileBuilder;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;

/** {@link LogStore} over JDBC, for SQLite (WAL mode) and PostgreSQL. */
public final class JdbcLogStore implements LogStore {
    private final Database db;
    private final Connection writer;
    private final Readers readers;

    private JdbcLogStore(Database db) throws SQLException {
        this.db = db;
        this.writer = connect();
        this.readers = new Readers(this::connect, this.toString());
        if (!tablesExist()) {
            try (Statement s = writer.createStatement()) {
                for (String ddl : schema(db.dialect())) {
                    s.execute(ddl);
                }
            }
        }
        // Added with format 2 entries; a log made before them gains the table when it is opened.
        try (Statement s = writer.createStatement()) {
            s.execute(privateSchema(db.dialect()));
            s.execute("CREATE TABLE IF NOT EXISTS ledger_cosignatures (size " + (db.dialect() == Database.Dialect.SQLITE ? "INTEGER" : "BIGINT")
                    + " NOT NULL, seq " + (db.dialect() == Database.Dialect.SQLITE ? "INTEGER" : "BIGINT") + " NOT NULL, line TEXT NOT NULL, PRIMARY KEY (size, line))");
        }
        if (db.dialect() == Database.Dialect.POSTGRESQL) {
            writer.setAutoCommit(false);
        }
    }

    /** Connects to {@code db}, creating the tables when absent. */
    public static JdbcLogStore open(Database db) {
        try {
            return new JdbcLogStore(db);
        } catch (SQLException e) {
            throw new StoreException("cannot open database \"" + db.display() + "\": " + e.getMessage(), e);
        }
    }

    private Connection connect() throws SQLException {
        Properties p = new Properties();
        if (db.dialect() == Database.Dialect.SQLITE) {
            // WAL lets readers run beside the writer; FULL makes each commit fsync the WAL, so
            // an acknowledged batch survives power loss. Transactions are begun explicitly (see
            // begin()): the driver's autocommit=false would hold a transaction open between
            // batches and lock other processes out.
            p.setProperty("journal_mode", "WAL");
            p.setProperty("synchronous", "FULL");
            p.setProperty("busy_timeout", "30000");
        } else {
            // One multi-row INSERT per batch instead of one round trip per entry.
            p.setProperty("reWriteBatchedInserts", "true");
        }
        return DriverManager.getConnection(db.url(), p);
    }

    private static List<String> schema(Database.Dialect d) {
        String blob = d == Database.Dialect.SQLITE ? "BLOB" : "BYTEA";
        String big = d == Database.Dialect.SQLITE ? "INTEGER" : "BIGINT";
        String noRowid = d == Database.Dialect.SQLITE ? " WITHOUT ROWID" : "";
        return List.of(
                "CREATE TABLE IF NOT EXISTS ledger_meta (k TEXT PRIMARY KEY, v TEXT NOT NULL)",
                "CREATE TABLE IF NOT EXISTS ledger_entries (idx " + big + " PRIMARY KEY, data " + blob + " NOT NULL)",
                "CREATE TABLE IF NOT EXISTS ledger_tiles (lvl INTEGER NOT NULL, idx " + big + " NOT NULL, data " + blob
                        + " NOT NULL, PRIMARY KEY (lvl, idx))" + noRowid,
                "CREATE TABLE IF NOT EXISTS ledger_checkpoints (size " + big + " PRIMARY KEY, note TEXT NOT NULL)");
    }

    private static String privateSchema(Database.Dialect d) {
        String blob = d == Database.Dialect.SQLITE ? "BLOB" : "BYTEA";
        String big = d == Database.Dialect.SQLITE ? "INTEGER" : "BIGINT";
        String noRowid = d == Database.Dialect.SQLITE ? " WITHOUT ROWID" : "";
        return "CREATE TABLE IF NOT EXISTS ledger_private (idx " + big + " NOT NULL, part TEXT NOT NULL, salt " + blob + ", data " + blob
                + ", erased_by " + big + ", PRIMARY KEY (idx, part))" + noRowid;
    }

    private boolean tablesExist() {
        try (Statement s = writer.createStatement(); ResultSet r = s.executeQuery("SELECT COUNT(*) FROM ledger_meta")) {
            return r.next();
        } catch (SQLException e) {
            return false;
        }
    }

    // SQLite: BEGIN IMMEDIATE takes the write lock up front, so two writer processes serialise
    // (waiting up to busy_timeout) instead of failing at commit. PostgreSQL: the connection is
    // in manual-commit mode and each statement joins the open transaction.
    private void begin() throws SQLException {
        if (db.dialect() == Database.Dialect.SQLITE) {
            try (Statement s = writer.createStatement()) {
                s.execute("BEGIN IMMEDIATE");
            }
        }
    }

    private void commitTx() throws SQLException {
        if (db.dialect() == Database.Dialect.SQLITE) {
            try (Statement s = writer.createStatement()) {
                s.execute("COMMIT");
            }
        } else {
            writer.commit();
        }
    }

    @Override
    public boolean exists() {
        return meta(ORIGIN).isPresent();
    }

    @Override
    public void create(String origin, String verifierKey, String emptyCheckpoint) {
        synchronized (writer) {
            try {
                begin();
                try (PreparedStatement m = writer.prepareStatement("INSERT INTO ledger_meta (k, v) VALUES (?, ?)");
                        PreparedStatement c = writer.prepareStatement("INSERT INTO ledger_checkpoints (size, note) VALUES (0, ?)")) {
                    for (String[] kv : new String[][] {{ORIGIN, origin}, {VERIFIER_KEY, verifierKey}, {SIZE, "0"}}) {
                        m.setString(1, kv[0]);
                        m.setString(2, kv[1]);
                        m.addBatch();
                    }
                    m.executeBatch();
                    c.setString(1, emptyCheckpoint);
                    c.executeUpdate();
                }
                commitTx();
            } catch (SQLException e) {
                rollback();
                throw new StoreException("cannot create the log in \"" + db.display() + "\" (does it exist already?): " + e.getMessage(), e);
            }
        }
    }

    @Override
    public Optional<String> meta(String key) {
        return readers.read(c -> meta(c, key));
    }

    @Override
    public long size() {
        return meta(SIZE).map(Long::parseLong).orElse(0L);
    }

    @Override
    public Optional<byte[]> entry(long index) {
        return readers.read(c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT data FROM ledger_entries WHERE idx = ?")) {
                s.setLong(1, index);
                try (ResultSet r = s.executeQuery()) {
                    return r.next() ? Optional.of(r.getBytes(1)) : Optional.empty();
                }
            }
        });
    }

    @Override
    public List<Entry> entries(long from, long to) {
        return readers.read(c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT idx, data FROM ledger_entries WHERE idx >= ? AND idx < ? ORDER BY idx")) {
                s.setLong(1, from);
                s.setLong(2, to);
                List<Entry> out = new ArrayList<>();
                try (ResultSet r = s.executeQuery()) {
                    while (r.next()) {
                        out.add(new Entry(r.getLong(1), r.getBytes(2)));
                    }
                }
                return out;
            }
        });
    }

    @Override
    public void scanEntries(long from, EntryVisitor visitor) {
        readers.scan("SELECT idx, data FROM ledger_entries WHERE idx >= " + from + " ORDER BY idx", r -> visitor.visit(r.getLong(1), r.getBytes(2)));
    }

    @Override
    public List<StoredPart> privateParts(long from, long to) {
        return readers.read(c -> {
            try (PreparedStatement s = c.prepareStatement(
                    "SELECT idx, part, salt, data, erased_by FROM ledger_private WHERE idx >= ? AND idx < ? ORDER BY idx, part")) {
                s.setLong(1, from);
                s.setLong(2, to);
                List<StoredPart> out = new ArrayList<>();
                try (ResultSet r = s.executeQuery()) {
                    while (r.next()) {
                        long erasedBy = r.getLong(5);
                        boolean present = r.wasNull();
                        out.add(new StoredPart(r.getLong(1), r.getString(2), r.getBytes(3), r.getBytes(4), present ? -1 : erasedBy));
                    }
                }
                return out;
            }
        });
    }

    @Override
    public void addCosignatures(long size, List<String> lines) {
        synchronized (writer) {
            try {
                begin();
                try (PreparedStatement s = writer.prepareStatement(
                        "INSERT INTO ledger_cosignatures (size, seq, line) VALUES (?, ?, ?) ON CONFLICT (size, line) DO NOTHING")) {
                    long seq = System.nanoTime();
                    for (String line : lines) {
                        s.setLong(1, size);
                        s.setLong(2, seq++);
                        s.setString(3, line);
                        s.addBatch();
                    }
                    s.executeBatch();
                }
                commitTx();
            } catch (SQLException e) {
                rollback();
                throw new StoreException("cannot store cosignatures in " + this + ": " + e.getMessage(), e);
            }
        }
    }

    @Override
    public List<String> cosignatures(long size) {
        return readers.read(c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT line FROM ledger_cosignatures WHERE size = ? ORDER BY seq")) {
                s.setLong(1, size);
                List<String> out = new ArrayList<>();
                try (ResultSet r = s.executeQuery()) {
                    while (r.next()) {
                        out.add(r.getString(1));
                    }
                }
                return out;
            }
        });
    }

    @Override
    public long latestCosignedSize() {
        return readers.read(c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT MAX(size) FROM ledger_cosignatures"); ResultSet r = s.executeQuery()) {
                long v = r.next() ? r.getLong(1) : -1;
                return r.wasNull() ? -1L : v;
            }
        });
    }

    @Override
    public Optional<byte[]> tile(int level, long index) {
        return readers.read(c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT data FROM ledger_tiles WHERE lvl = ? AND idx = ?")) {
                s.setInt(1, level);
                s.setLong(2, index);
                try (ResultSet r = s.executeQuery()) {
                    return r.next() ? Optional.of(r.getBytes(1)) : Optional.empty();
                }
            }
        });
    }

    @Override
    public void scanTiles(TileVisitor visitor) {
        readers.scan("SELECT lvl, idx, data FROM ledger_tiles ORDER BY lvl, idx", r -> visitor.visit(r.getInt(1), r.getLong(2), r.getBytes(3)));
    }

    @Override
    public Optional<String> checkpoint(long size) {
        return readers.read(c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT note FROM ledger_checkpoints WHERE size = ?")) {
                s.setLong(1, size);
                try (ResultSet r = s.executeQuery()) {
                    return r.next() ? Optional.of(r.getString(1)) : Optional.empty();
                }
            }
        });
    }

    @Override
    public Optional<String> latestCheckpoint() {
        return readers.read(c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT note FROM ledger_checkpoints ORDER BY size DESC LIMIT 1");
                    ResultSet r = s.executeQuery()) {
                return r.next() ? Optional.of(r.getString(1)) : Optional.empty();
            }
        });
    }

    @Override
    public void scanCheckpoints(CheckpointVisitor visitor) {
        readers.scan("SELECT size, note FROM ledger_checkpoints ORDER BY size", r -> visitor.visit(r.getLong(1), r.getString(2)));
    }

    @Override
    public Batch commit(BatchSource source) {
        synchronized (writer) {
            try {
                begin();
                // The size row is the log's write lock: SQLite's BEGIN IMMEDIATE holds the
                // database's, and PostgreSQL's FOR UPDATE holds the row's until commit.
                long size;
                try (PreparedStatement s = writer.prepareStatement("SELECT v FROM ledger_meta WHERE k = ?"
                        + (db.dialect() == Database.Dialect.POSTGRESQL ? " FOR UPDATE" : ""))) {
                    s.setString(1, SIZE);
                    try (ResultSet r = s.executeQuery()) {
                        if (!r.next()) {
                            throw new StoreException("the log in " + this + " has no size row");
                        }
                        size = Long.parseLong(r.getString(1));
                    }
                }
                Batch b = source.build(size);
                if (b.firstIndex() != size) {
                    throw new IllegalStateException("batch starts at " + b.firstIndex() + " but the log has " + size + " entries");
                }
                try (PreparedStatement s = writer.prepareStatement("UPDATE ledger_meta SET v = ? WHERE k = ?")) {
                    s.setString(1, Long.toString(b.newSize()));
                    s.setString(2, SIZE);
                    s.executeUpdate();
                }
                try (PreparedStatement s = writer.prepareStatement("INSERT INTO ledger_entries (idx, data) VALUES (?, ?)")) {
                    long i = b.firstIndex();
                    for (byte[] e : b.entries()) {
                        s.setLong(1, i++);
                        s.setBytes(2, e);
                        s.addBatch();
                    }
                    s.executeBatch();
                }
                try (PreparedStatement s = writer.prepareStatement(
                        "INSERT INTO ledger_tiles (lvl, idx, data) VALUES (?, ?, ?) ON CONFLICT (lvl, idx) DO UPDATE SET data = excluded.data")) {
                    for (TileBuilder.Tile t : b.tiles()) {
                        s.setInt(1, t.level());
                        s.setLong(2, t.index());
                        s.setBytes(3, t.hashes());
                        s.addBatch();
                    }
                    s.executeBatch();
                }
                try (PreparedStatement s = writer.prepareStatement("INSERT INTO ledger_checkpoints (size, note) VALUES (?, ?)")) {
                    s.setLong(1, b.newSize());
                    s.setString(2, b.checkpointNote());
                    s.executeUpdate();
                }
                writePrivate(b);
                commitTx();
                return b;
            } catch (SQLException e) {
                rollback();
                throw new StoreException("cannot commit to " + this + ": " + e.getMessage(), e);
            } catch (RuntimeException e) {
                rollback();
                throw e;
            }
        }
    }

    /** The batch's private parts and erasures, and the index of the first envelope when this batch holds it. */
    private void writePrivate(Batch b) throws SQLException {
        if (!b.parts().isEmpty()) {
            try (PreparedStatement s = writer.prepareStatement("INSERT INTO ledger_private (idx, part, salt, data) VALUES (?, ?, ?, ?)")) {
                for (PartRow p : b.parts()) {
                    s.setLong(1, p.index());
                    s.setString(2, p.name());
                    s.setBytes(3, p.salt());
                    s.setBytes(4, p.data());
                    s.addBatch();
                }
                s.executeBatch();
            }
        }
        for (EraseRow e : b.erasures()) {
            try (PreparedStatement s = writer.prepareStatement(
                    "UPDATE ledger_private SET salt = NULL, data = NULL, erased_by = ? WHERE idx = ? AND part = ? AND erased_by IS NULL")) {
                s.setLong(1, e.erasedBy());
                s.setLong(2, e.index());
                s.setString(3, e.name());
                if (s.executeUpdate() != 1) {
                    throw new IllegalArgumentException("entry " + e.index() + " has no part \"" + e.name() + "\" left to erase");
                }
            }
        }
        int first = -1;
        for (int i = 0; i < b.entries().size() && first < 0; i++) {
            byte[] e = b.entries().get(i);
            if (e.length > 0 && e[0] == '{') {
                first = i;
            }
        }
        if (first >= 0 && meta(writer, ENVELOPES_FROM).isEmpty()) {
            try (PreparedStatement s = writer.prepareStatement("INSERT INTO ledger_meta (k, v) VALUES (?, ?)")) {
                s.setString(1, ENVELOPES_FROM);
                s.setString(2, Long.toString(b.firstIndex() + first));
                s.executeUpdate();
            }
        }
    }

    private static Optional<String> meta(Connection c, String key) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT v FROM ledger_meta WHERE k = ?")) {
            s.setString(1, key);
            try (ResultSet r = s.executeQuery()) {
                return r.next() ? Optional.of(r.getString(1)) : Optional.empty();
            }
        }
    }

    @Override
    public void close() {
        readers.close();
        try {
            writer.close();
        } catch (SQLException e) {
            // Closing is best effort; the data is committed or rolled back already.
        }
    }

    @Override
    public String toString() {
        return "\"" + db.display() + "\"";
    }

    private void rollback() {
        try {
            if (db.dialect() == Database.Dialect.SQLITE) {
                try (Statement s = writer.createStatement()) {
                    s.execute("ROLLBACK"); // fails harmlessly when no transaction is open
                }
            } else {
                writer.rollback();
            }
        } catch (SQLException ignored) {
            // The connection is broken; the transaction is gone with it.
        }
    }
}
