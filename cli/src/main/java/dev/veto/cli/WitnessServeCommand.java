package dev.veto.cli;

import dev.veto.ledger.note.CosignerKey;
import dev.veto.ledger.note.NoteException;
import dev.veto.ledger.note.VerifierKey;
import dev.veto.ledger.store.StoreException;
import dev.veto.ledger.witness.KnownLogs;
import dev.veto.ledger.witness.Witness;
import dev.veto.ledger.witness.WitnessStore;
import dev.veto.server.AccessLog;
import dev.veto.server.witness.WitnessServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code veto witness serve}: serves a witness over HTTP, creating its key when the key file does
 * not exist. Structured logs go to stdout; the "listening" line carries the witness's verifier
 * key, which log operators and clients configure.
 */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = "Serve POST /add-checkpoint (c2sp.org/tlog-witness). Creates the witness key in --key-file when that file does not exist.")
final class WitnessServeCommand implements Callable<Integer> {
    static final String DEFAULT_NAME = "veto.local/witness";

    @Option(names = "--key-file", required = true, paramLabel = "FILE", description = "The witness's private key (created with mode 600 when absent).")
    Path keyFile;

    @Option(names = "--db", required = true, paramLabel = "DB", description = "SQLite file (or jdbc:sqlite: URL) where the witness remembers what it cosigned.")
    String db;

    @Option(names = "--log", required = true, arity = "1..*", paramLabel = "VKEY",
            description = "A log's verifier key (name+hash+key, or a file holding it); its name is the log's origin. Repeat for more logs.")
    List<String> logs;

    @Option(names = "--host", defaultValue = "127.0.0.1", description = "Address to listen on (default: ${DEFAULT-VALUE}).")
    String host;

    @Option(names = "--port", defaultValue = "8081", description = "Port to listen on; 0 picks a free one (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--name", paramLabel = "NAME",
            description = "The witness's key name, when the key is created (default: " + DEFAULT_NAME + "); checked against an existing key.")
    String name;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        List<VerifierKey> logKeys = logs.stream().map(LogAccess::verifier).toList();
        WitnessStore store;
        try {
            store = WitnessStore.open(db);
        } catch (StoreException e) {
            throw new UserError(e.getMessage() + "; check --db");
        }
        // The log keys and the database are checked before a key is created, so bad input leaves no new key behind.
        WitnessServer server;
        CosignerKey key;
        KnownLogs known = KnownLogs.of(logKeys);
        AccessLog log = new AccessLog(System.out);
        try {
            key = key();
            for (VerifierKey k : logKeys) {
                if (Arrays.equals(k.publicKey(), key.verifier().publicKey())) {
                    throw new UserError("--log \"" + k + "\" is the witness's own key; a witness must not cosign a log that signs with its key");
                }
            }
            server = start(new Witness(key, known, store, Clock.systemUTC()), log);
        } catch (RuntimeException e) {
            store.close();
            throw e;
        }
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("url", "http://" + host + ":" + server.port());
        fields.put("key", key.verifier().toString());
        fields.put("logs", List.copyOf(known.origins()));
        fields.put("db", db);
        ServerStart.runUntilStopped(() -> log.info("listening", fields), () -> {
            server.close();
            store.close();
            log.info("stopped", Map.of());
        });
        return 0;
    }

    private WitnessServer start(Witness witness, AccessLog log) {
        try {
            return WitnessServer.start(witness, host, port, log);
        } catch (RuntimeException e) {
            Throwable root = e;
            while (root.getCause() != null) {
                root = root.getCause();
            }
            throw new UserError("cannot listen on " + host + ":" + port + ": " + root.getMessage() + "; choose another --port");
        }
    }

    /** The key in --key-file, or a new one written there. */
    private CosignerKey key() {
        if (Files.exists(keyFile)) {
            CosignerKey key;
            try {
                key = CosignerKey.load(keyFile);
            } catch (NoSuchFileException e) {
                throw new UserError("witness key file \"" + keyFile + "\" does not exist");
            } catch (IOException e) {
                throw new UserError("cannot read witness key file \"" + keyFile + "\": " + e.getMessage());
            } catch (NoteException e) {
                throw new UserError("witness key file \"" + keyFile + "\" holds no valid key: " + e.getMessage());
            }
            if (name != null && !name.equals(key.name())) {
                throw new UserError("witness key file \"" + keyFile + "\" holds the key of \"" + key.name() + "\", not of --name \"" + name + "\"");
            }
            return key;
        }
        String n = name != null ? name : DEFAULT_NAME;
        CosignerKey key;
        try {
            key = CosignerKey.generate(n);
        } catch (NoteException e) {
            throw new UserError("--name \"" + n + "\" cannot name a key (no spaces or '+')");
        }
        try {
            Path parent = keyFile.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            key.save(keyFile);
        } catch (IOException e) {
            throw new UserError("cannot write witness key file \"" + keyFile + "\": " + e.getMessage());
        }
        spec.commandLine().getErr().println("created witness key " + keyFile + " (keep it secret); its verifier key is " + key.verifier());
        spec.commandLine().getErr().flush();
        return key;
    }
}
