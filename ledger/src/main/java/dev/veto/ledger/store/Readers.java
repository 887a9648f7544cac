package dev.veto.ledger.store;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The store's reader connections, beside its one writer: up to {@value #READERS}, opened on first
 * need (a short-lived CLI run or a failing open should not pay for four PostgreSQL connections),
 * each lent to one read at a time.
 */
final class Readers {
    static final int READERS = 4;

    /** Opens one more connection. */
    @FunctionalInterface
    interface Connector {
        Connection connect() throws SQLException;
    }

    @FunctionalInterface
    interface Query<T> {
        T run(Connection c) throws SQLException;
    }

    @FunctionalInterface
    interface Row {
        boolean visit(ResultSet r) throws SQLException;
    }

    private final Connector connector;
    private final String display;
    private final BlockingQueue<Connection> idle = new ArrayBlockingQueue<>(READERS);
    private final List<Connection> all = new ArrayList<>();
    private final AtomicInteger opened = new AtomicInteger();

    Readers(Connector connector, String display) {
        this.connector = connector;
        this.display = display;
    }

    /** Runs {@code q} on a reader connection. */
    <T> T read(Query<T> q) {
        Connection c = borrow();
        try {
            return q.run(c);
        } catch (SQLException e) {
            throw new StoreException("cannot read " + display + ": " + e.getMessage(), e);
        } finally {
            idle.add(c);
        }
    }

    private Connection borrow() {
        Connection c = idle.poll();
        if (c != null) {
            return c;
        }
        if (opened.incrementAndGet() <= READERS) {
            try {
                c = connector.connect();
            } catch (SQLException e) {
                opened.decrementAndGet();
                throw new StoreException("cannot connect to " + display + ": " + e.getMessage(), e);
            }
            synchronized (all) {
                all.add(c);
            }
            return c;
        }
        opened.decrementAndGet();
        try {
            return idle.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreException("interrupted while waiting for a database connection");
        }
    }

    /** Visits the rows of {@code sql} until {@code row} says stop, streaming them. */
    void scan(String sql, Row row) {
        read(c -> {
            // PostgreSQL streams with a cursor only inside a transaction; without one it would
            // load all rows into memory.
            boolean auto = c.getAutoCommit();
            c.setAutoCommit(false);
            try (Statement s = c.createStatement()) {
                s.setFetchSize(1024);
                try (ResultSet r = s.executeQuery(sql)) {
                    while (r.next() && row.visit(r)) {
                        // visit until told to stop
                    }
                }
            } finally {
                c.commit();
                c.setAutoCommit(auto);
            }
            return null;
        });
    }

    /** Closes every reader connection opened. */
    void close() {
        List<Connection> open;
        synchronized (all) {
            open = new ArrayList<>(all);
        }
        for (Connection c : open) {
            try {
                c.close();
            } catch (SQLException e) {
                // Closing is best effort; the data is committed or rolled back already.
            }
        }
    }
}
