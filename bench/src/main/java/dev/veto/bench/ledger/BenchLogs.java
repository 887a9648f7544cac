package dev.veto.bench.ledger;

import dev.veto.ledger.Log;
import dev.veto.ledger.note.NoteException;
import dev.veto.ledger.note.SignerKey;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** Fresh logs for the ledger benchmarks. */
final class BenchLogs {
    static final String ORIGIN = "bench.veto.dev/log";

    private BenchLogs() {}

    /** A fresh database: an SQLite file in a temp dir, or a new schema in $VETO_TEST_PG_URL. */
    static String freshDb(String store) throws IOException, SQLException {
        return switch (store) {
            case "sqlite" -> Files.createTempDirectory("veto-bench").resolve("log.db").toString();
            case "postgres" -> {
                String base = System.getenv("VETO_TEST_PG_URL");
                if (base == null) {
                    throw new IllegalStateException("set VETO_TEST_PG_URL (eval \"$(scripts/postgres start)\")");
                }
                String schema = "bench_" + UUID.randomUUID().toString().replace("-", "");
                try (Connection c = DriverManager.getConnection(base); Statement s = c.createStatement()) {
                    s.execute("CREATE SCHEMA " + schema);
                }
                yield base + (base.contains("?") ? "&" : "?") + "currentSchema=" + schema;
            }
            default -> throw new IllegalArgumentException("unknown store \"" + store + "\"");
        };
    }

    /** Removes an SQLite database made by {@link #freshDb} (PostgreSQL schemas go with the throwaway cluster). */
    static void discard(String db) throws IOException {
        if (db.startsWith("jdbc:")) {
            return;
        }
        Path dir = Path.of(db).getParent();
        try (var s = Files.walk(dir)) {
            s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    static SignerKey key() {
        try {
            return SignerKey.generate(ORIGIN);
        } catch (NoteException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A 100-byte entry, about the size of a small Veto event. */
    static byte[] entry(long i) {
        byte[] e = new byte[100];
        byte[] n = Long.toString(i).getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(n, 0, e, 0, n.length);
        return e;
    }

    /**
     * A sealed entry the size of a typical Veto event in format 2: a public envelope (about 200
     * bytes) committing to a {@code state} part (about 200 bytes) and a {@code text} part (about
     * 300 bytes), each with a fresh salt.
     */
    static dev.veto.ledger.Sealed sealed(long i) {
        dev.veto.ledger.entry.PrivatePart state = dev.veto.ledger.entry.PrivatePart.seal("state", ("{\"by\":\"reviewer-" + (i % 50)
                + "\",\"org\":\"org-" + (i % 1000) + "\",\"subject\":{\"id\":\"org-" + (i % 1000) + "/unit-" + (i % 9973)
                + "\",\"type\":\"Unit\"}}" + " ".repeat(80)).getBytes(StandardCharsets.UTF_8));
        dev.veto.ledger.entry.PrivatePart text = dev.veto.ledger.entry.PrivatePart.seal("text", ("{\"summary\":\"" + "x".repeat(280) + i + "\"}")
                .getBytes(StandardCharsets.UTF_8));
        java.util.TreeMap<String, byte[]> c = new java.util.TreeMap<>();
        c.put("state", state.commitment());
        c.put("text", text.commitment());
        tools.jackson.databind.node.ObjectNode pub = tools.jackson.databind.node.JsonNodeFactory.instance.objectNode()
                .put("id", "C-" + i).put("principle", "no-mass-surveillance");
        return dev.veto.ledger.Sealed.of(new dev.veto.ledger.entry.Envelope("case.opened", 1, java.time.Instant.now(), pub, c), List.of(state, text));
    }

    /**
     * An SQLite log of {@code size} entries, built once and kept in the temp dir (building a
     * million entries takes longer than the benchmarks themselves).
     */
    static Path prebuilt(long size) throws IOException {
        Path dir = Path.of(System.getProperty("java.io.tmpdir"), "veto-bench-ledger-" + size);
        Path db = dir.resolve("log.db");
        Path keyFile = dir.resolve("signer.key");
        if (Files.exists(dir.resolve("complete"))) {
            return dir;
        }
        if (Files.exists(dir)) {
            try (var s = Files.walk(dir)) {
                s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        Files.createDirectories(dir);
        SignerKey key = key();
        key.save(keyFile);
        try (Log log = Log.create(db.toString(), ORIGIN, key)) {
            for (long from = 0; from < size; from += 8192) {
                List<byte[]> batch = new ArrayList<>();
                for (long i = from; i < Math.min(size, from + 8192); i++) {
                    batch.add(entry(i));
                }
                log.append(batch);
            }
        }
        Files.createFile(dir.resolve("complete"));
        return dir;
    }
}
