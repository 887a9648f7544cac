package dev.veto.cli;

import dev.veto.ledger.Log;
import dev.veto.ledger.LogException;
import dev.veto.ledger.note.NoteException;
import dev.veto.ledger.note.SignerKey;
import dev.veto.ledger.note.VerifierKey;
import dev.veto.ledger.store.StoreException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.function.Supplier;

/** Opens logs and keys for the subcommands, turning what a user can fix into a {@link UserError}. */
final class LogAccess {
    private LogAccess() {}

    static Log openReadOnly(String db) {
        return call(() -> Log.openReadOnly(db));
    }

    static Log openForAppend(String db, Path keyFile) {
        SignerKey key = loadSigner(keyFile);
        return call(() -> Log.open(db, key));
    }

    static SignerKey loadSigner(Path keyFile) {
        try {
            return SignerKey.load(keyFile);
        } catch (NoSuchFileException e) {
            throw new UserError("signer key file \"" + keyFile + "\" does not exist; pass the --key-file given to \"veto log init\"");
        } catch (IOException e) {
            throw new UserError("cannot read signer key file \"" + keyFile + "\": " + e.getMessage());
        } catch (NoteException e) {
            throw new UserError("signer key file \"" + keyFile + "\" holds no valid signer key: " + e.getMessage());
        }
    }

    /** A verifier key given as text, or as the path of a file holding it. */
    static VerifierKey verifier(String key) {
        try {
            return VerifierKey.parse(key);
        } catch (NoteException e) {
            Path p = Path.of(key);
            if (Files.isRegularFile(p)) {
                try {
                    return VerifierKey.parse(Files.readString(p));
                } catch (IOException | NoteException e2) {
                    throw new UserError("file \"" + key + "\" holds no verifier key: " + e2.getMessage());
                }
            }
            throw new UserError(e.getMessage() + "; pass the key \"veto log init\" printed (name+hash+key)");
        }
    }

    static <T> T call(Supplier<T> action) {
        try {
            return action.get();
        } catch (LogException | IllegalArgumentException e) {
            throw new UserError(e.getMessage());
        } catch (StoreException e) {
            throw new UserError(e.getMessage() + "; check --db");
        }
    }
}
