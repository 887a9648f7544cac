package dev.veto.cli;

import dev.veto.ledger.Log;
import dev.veto.ledger.note.NoteException;
import dev.veto.ledger.note.SignerKey;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code veto log init}: creates a log, and its signer key when the key file does not exist. */
@Command(name = "init", mixinStandardHelpOptions = true,
        description = "Create a log; create the signer key in --key-file when that file does not exist; print the verifier key.")
final class LogInitCommand implements Callable<Integer> {
    @Mixin
    LogDbOption db;

    @Option(names = "--origin", required = true, paramLabel = "NAME", description = "The log's origin line, e.g. veto.example.com/log.")
    String origin;

    @Option(names = "--key-file", required = true, paramLabel = "FILE", description = "Signer key file (created with mode 600 when absent).")
    Path keyFile;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        boolean created = false;
        SignerKey key;
        if (Files.exists(keyFile)) {
            key = LogAccess.loadSigner(keyFile);
        } else {
            try {
                key = SignerKey.generate(origin);
            } catch (NoteException e) {
                throw new UserError("origin \"" + origin + "\" cannot name a key (no spaces or '+'); choose another --origin or pass an existing --key-file");
            }
            try {
                key.save(keyFile);
                created = true;
            } catch (IOException e) {
                throw new UserError("cannot write signer key file \"" + keyFile + "\": " + e.getMessage());
            }
        }
        try {
            SignerKey k = key;
            LogAccess.call(() -> Log.create(db.db, origin, k)).close();
        } catch (RuntimeException e) {
            if (created) {
                // The log was not created; a fresh key nobody uses would only confuse the next run.
                try {
                    Files.deleteIfExists(keyFile);
                } catch (IOException ignored) {
                    // best effort
                }
            }
            throw e;
        }
        spec.commandLine().getOut().println(key.verifier());
        spec.commandLine().getOut().flush();
        return 0;
    }
}
