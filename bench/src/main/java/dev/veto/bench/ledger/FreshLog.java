package dev.veto.bench.ledger;

import dev.veto.ledger.Log;
import java.util.concurrent.atomic.AtomicLong;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/** A new, empty log on SQLite or PostgreSQL for each trial, discarded after it: the append benchmarks' state. */
@State(Scope.Benchmark)
public abstract class FreshLog {
    @Param({"sqlite", "postgres"})
    public String store;

    protected Log log;
    private String db;
    protected final AtomicLong counter = new AtomicLong();

    @Setup(Level.Trial)
    public void open() throws Exception {
        db = BenchLogs.freshDb(store);
        log = Log.create(db, BenchLogs.ORIGIN, BenchLogs.key());
    }

    @TearDown(Level.Trial)
    public void close() throws java.io.IOException {
        log.close();
        BenchLogs.discard(db);
    }
}
