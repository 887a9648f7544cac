package dev.veto.ledger.store;

import java.nio.file.Path;
import java.util.Optional;

/**
 * Where a log lives: a JDBC URL, or a plain path meaning an SQLite file.
 *
 * @param url     the JDBC URL
 * @param dialect which SQL dialect it speaks
 * @param file    the SQLite file, when it is one
 */
public record Database(String url, Dialect dialect, Optional<Path> file) {
    /** The SQL dialects the store speaks. */
    public enum Dialect {
        SQLITE,
        POSTGRESQL
    }

    /** Parses a {@code --db} argument: {@code jdbc:sqlite:…}, {@code jdbc:postgresql:…}, or a file path. */
    public static Database parse(String db) {
        if (db.startsWith("jdbc:sqlite:")) {
            String p = db.substring("jdbc:sqlite:".length());
            int q = p.indexOf('?');
            String path = q < 0 ? p : p.substring(0, q);
            Optional<Path> file = path.isEmpty() || path.equals(":memory:") || path.startsWith("file:") ? Optional.empty() : Optional.of(Path.of(path));
            return new Database(db, Dialect.SQLITE, file);
        }
        if (db.startsWith("jdbc:postgresql:")) {
            return new Database(db, Dialect.POSTGRESQL, Optional.empty());
        }
        if (db.startsWith("jdbc:")) {
            throw new IllegalArgumentException("database \"" + db + "\" is neither jdbc:sqlite: nor jdbc:postgresql:");
        }
        if (db.isBlank()) {
            throw new IllegalArgumentException("database path is empty");
        }
        Path file = Path.of(db).toAbsolutePath();
        return new Database("jdbc:sqlite:" + file, Dialect.SQLITE, Optional.of(file));
    }

    /** The URL without credentials, for messages. */
    public String display() {
        return file.map(Path::toString).orElse(url.replaceAll("(?i)(password=)[^&]*", "$1***"));
    }
}
