package dev.veto.cli;

import dev.veto.control.ControlPlane;
import dev.veto.control.Rejection;
import dev.veto.ledger.Log;
import dev.veto.ledger.LogException;
import dev.veto.ledger.note.NoteException;
import dev.veto.ledger.note.SignerKey;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import picocli.CommandLine.Option;

/**
 * A Veto installation on disk: the log's database and its signer key. {@code veto serve} creates
 * both when missing; {@code veto token create} needs them to exist.
 */
final class Installation {
    static final String DEFAULT_DB = "data/veto.db";
    static final String DEFAULT_KEY = "data/veto.key";
    static final String DEFAULT_ORIGIN = "veto.local/log";

    /** The options every command on an installation takes. */
    static final class Options {
        @Option(names = "--db", paramLabel = "DB", defaultValue = DEFAULT_DB,
                description = "JDBC URL (jdbc:sqlite:… or jdbc:postgresql:…), or a path meaning an SQLite file (default: ${DEFAULT-VALUE}).")
        String db;

        @Option(names = "--key-file", paramLabel = "FILE", defaultValue = DEFAULT_KEY,
                description = "The log's signer key file (default: ${DEFAULT-VALUE}).")
        Path keyFile;
    }

    private Installation() {}

    /** Opens the installation, creating the key and the log when {@code create} and they are missing. */
    static ControlPlane open(Options o, boolean create, String origin, Clock clock, String provider, java.io.PrintWriter err) {
        SignerKey key;
        boolean newKey = false;
        if (Files.exists(o.keyFile)) {
            key = LogAccess.loadSigner(o.keyFile);
        } else if (create) {
            try {
                key = SignerKey.generate(origin);
                if (o.keyFile.toAbsolutePath().getParent() != null) {
                    Files.createDirectories(o.keyFile.toAbsolutePath().getParent());
                }
                key.save(o.keyFile);
                newKey = true;
                err.println("created signer key " + o.keyFile + " (keep it secret; the verifier key is served at /v1/log/key)");
            } catch (NoteException e) {
                throw new UserError("origin \"" + origin + "\" cannot name a key: " + e.getMessage());
            } catch (IOException e) {
                throw new UserError("cannot write signer key file \"" + o.keyFile + "\": " + e.getMessage());
            }
        } else {
            throw new UserError("signer key file \"" + o.keyFile + "\" does not exist; pass the --key-file \"veto serve\" uses, or start \"veto serve\" once to create it");
        }
        Log log;
        try {
            log = LogAccess.call(() -> Log.open(o.db, key));
        } catch (UserError e) {
            if (!create || !(newKey || e.getMessage().startsWith("no log"))) {
                throw e;
            }
            log = LogAccess.call(() -> Log.create(o.db, key.name(), key));
            err.println("created log " + o.db + " with origin \"" + key.name() + "\"");
        }
        try {
            return ControlPlane.open(log, clock, provider);
        } catch (Rejection | LogException e) {
            log.close();
            throw new UserError(e.getMessage());
        }
    }
}
