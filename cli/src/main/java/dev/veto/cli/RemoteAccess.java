package dev.veto.cli;

import dev.veto.ledger.note.CosignerVerifierKey;
import dev.veto.ledger.note.NoteException;
import dev.veto.ledger.note.SignedNote;
import dev.veto.ledger.note.VerifierKey;
import dev.veto.ledger.remote.RemoteLog;
import dev.veto.ledger.remote.RemoteLogException;
import dev.veto.ledger.tile.TilePath;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * What {@code veto log report} and {@code veto log monitor} share: reading their options into a
 * {@link RemoteLog} and keys, and turning a failed request into one line that says what to do.
 */
final class RemoteAccess {
    private RemoteAccess() {}

    /** The log served at {@code url} ({@code http} or {@code https}), sending {@code token} (may be null) with entry bundles. */
    static RemoteLog log(String url, String token) {
        URI u;
        try {
            u = new URI(url);
        } catch (URISyntaxException e) {
            throw new UserError("--url \"" + url + "\" is not a URL: " + e.getReason());
        }
        if (!("http".equalsIgnoreCase(u.getScheme()) || "https".equalsIgnoreCase(u.getScheme())) || u.getHost() == null) {
            throw new UserError("--url \"" + url + "\" is not an http:// or https:// URL with a host; pass the server's base URL, e.g. https://veto.example.com");
        }
        if (u.getRawQuery() != null || u.getRawFragment() != null) {
            throw new UserError("--url \"" + url + "\" has a query or fragment; pass the server's base URL only");
        }
        if (token != null && token.isBlank()) {
            throw new UserError("--token is empty; pass an auditor's bearer token, or leave --token out");
        }
        return new RemoteLog(u, token == null ? null : token.strip());
    }

    /** A witness's cosigner key (name+hash+key with type 0x04), given as text or as a file holding it. */
    static CosignerVerifierKey witness(String key) {
        try {
            return CosignerVerifierKey.parse(key.strip());
        } catch (NoteException e) {
            Path p = Path.of(key);
            if (Files.isRegularFile(p)) {
                try {
                    return CosignerVerifierKey.parse(Files.readString(p).strip());
                } catch (IOException | NoteException e2) {
                    throw new UserError("file \"" + key + "\" holds no witness key: " + e2.getMessage());
                }
            }
            throw new UserError("--witness: " + e.getMessage() + "; pass the witness's verifier key as \"veto witness serve\" prints it");
        }
    }

    /**
     * The note as the log itself signed it: its text and the signature lines by {@code logKey},
     * without the witnesses' cosignature lines a server or a proxy may have added. That is the note
     * a transparency report names. When no line is by {@code logKey}, the note as given.
     */
    static String logSigned(String note, VerifierKey logKey) {
        try {
            SignedNote n = SignedNote.parse(note);
            StringBuilder sb = new StringBuilder(n.text()).append('\n');
            boolean any = false;
            for (SignedNote.NoteSignature s : n.signatures()) {
                if (s.name().equals(logKey.name()) && s.keyHash() == logKey.keyHash()) {
                    sb.append(s.line());
                    any = true;
                }
            }
            return any ? sb.toString() : note;
        } catch (NoteException e) {
            return note;
        }
    }

    /** Runs a request, turning a failure into a {@link UserError} that says what to do. */
    static <T> T call(Supplier<T> request) {
        try {
            return request.get();
        } catch (RemoteLogException e) {
            throw new UserError(explain(e));
        }
    }

    /** One line for a failed request: what was asked, what the server said, and what to do about it. */
    static String explain(RemoteLogException e) {
        Optional<TilePath.EntryBundle> bundle = bundleOf(e.url());
        return switch (e.kind()) {
            case UNREACHABLE -> e.getMessage() + "; check --url and that the server is up";
            case REFUSED -> bundle.isPresent() ? refusedBundle(e, bundle.get()) : e.getMessage();
            case NOT_FOUND -> e.getMessage() + (bundle.isPresent() || e.url().contains("/log/tile/")
                    ? "; the log's signed checkpoint covers it, so the server should serve it" : "; check --url");
            case FAILED, MALFORMED -> e.getMessage();
        };
    }

    private static String refusedBundle(RemoteLogException e, TilePath.EntryBundle b) {
        long first = b.index() * TilePath.WIDTH;
        String which = "entries " + first + " to " + (first + b.width() - 1) + " (" + TilePath.entryBundle(b.index(), b.width()) + ")";
        String said = e.detail().isEmpty() ? "" : ": " + e.detail();
        if (e.status() == 401) {
            return which + " are served only to auditors (HTTP 401" + said + "): this log holds entries written before envelopes,"
                    + " format 1 records that carry their whole event; pass --token with an auditor's token to read them";
        }
        return which + " are served only to auditors, and the token given may not read them (HTTP " + e.status() + said + "); pass an auditor's token";
    }

    private static Optional<TilePath.EntryBundle> bundleOf(String url) {
        int at = url.indexOf("/log/tile/entries/");
        if (at < 0) {
            return Optional.empty();
        }
        return TilePath.parse(url.substring(at + "/log/".length())).filter(TilePath.EntryBundle.class::isInstance).map(TilePath.EntryBundle.class::cast);
    }
}
