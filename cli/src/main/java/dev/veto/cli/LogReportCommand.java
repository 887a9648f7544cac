package dev.veto.cli;

import dev.veto.control.TransparencyReport;
import dev.veto.ledger.SignedCheckpoint;
import dev.veto.ledger.note.Checkpoint;
import dev.veto.ledger.note.NoteException;
import dev.veto.ledger.note.SignedNote;
import dev.veto.ledger.note.VerifierKey;
import dev.veto.ledger.remote.GrowthCheck;
import dev.veto.ledger.remote.RemoteLog;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code veto log report}: recomputes a published log's transparency report from its public tiles
 * and entries, checking on the way that they are the tree the checkpoint signs. The bytes printed
 * are those the server answers for {@code GET /v1/transparency/report?size=N}.
 */
@Command(name = "report", mixinStandardHelpOptions = true,
        description = {"Recompute the transparency report of a published log at a checkpoint from its public tiles and entries, "
                + "and print it exactly as the server's GET /v1/transparency/report?size=N answers it.",
                "Checks on the way that every entry hashes to the hash tiles and that the tiles give the checkpoint's root "
                + "(and, with --key, the checkpoint's signature). Exit 0 with the report; 1 on bad input or a failed request; "
                + "2 when what the log serves contradicts its checkpoint."})
final class LogReportCommand implements Callable<Integer> {
    @Option(names = "--url", required = true, paramLabel = "URL", description = "The server's base URL, e.g. https://veto.example.com.")
    String url;

    @Option(names = "--size", paramLabel = "N", description = "The size of a checkpoint the log signed (default: the latest).")
    Long size;

    @Option(names = "--token", paramLabel = "TOKEN",
            description = "An auditor's bearer token: needed when the log holds entries written before envelopes (format 1), whose bundles only auditors may read.")
    String token;

    @Option(names = "--key", paramLabel = "VKEY", description = "The log's verifier key (name+hash+key, or a file holding it): the checkpoint's signature must verify with it.")
    String key;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        if (size != null && size < 0) {
            throw new UserError("--size " + size + " is negative; pass the size of a signed checkpoint, or leave --size out for the latest");
        }
        VerifierKey verifier = key == null ? null : LogAccess.verifier(key);
        RemoteLog log = RemoteAccess.log(url, token);
        String note = size == null ? RemoteAccess.call(log::checkpointNote)
                : RemoteAccess.call(() -> log.checkpointNote(size)).orElseThrow(() -> new UserError("the log at " + log.base()
                        + " has no checkpoint signed at size " + size + "; it signs one for each size it had after a commit (leave --size out for the latest)"));
        Checkpoint cp = checkpoint(log, note, verifier);
        if (size != null && cp.size() != size) {
            throw new UserError(log.base() + "/v1/log/checkpoints/" + size + " answered a checkpoint of size " + cp.size() + ", not " + size);
        }
        TransparencyReport.Tally tally = new TransparencyReport.Tally();
        switch (RemoteAccess.call(() -> GrowthCheck.run(log, GrowthCheck.Verified.empty(), cp, TalliedEntries.lenient(tally)))) {
            case GrowthCheck.Inconsistent i -> {
                spec.commandLine().getErr().println("inconsistency: " + cp.origin() + " at size " + cp.size() + ": " + i.reason());
                return 2;
            }
            case GrowthCheck.Grown g -> {
                // The report names the checkpoint as the log signed it, without witnesses' cosignatures.
                VerifierKey lines = verifier != null ? verifier : serverKey(log);
                String logNote = lines == null ? note : RemoteAccess.logSigned(note, lines);
                byte[] report = TransparencyReport.json(tally.report(new SignedCheckpoint(cp, logNote)));
                PrintWriter out = spec.commandLine().getOut();
                out.print(new String(report, StandardCharsets.UTF_8));
                out.flush();
                return 0;
            }
        }
    }

    private static Checkpoint checkpoint(RemoteLog log, String note, VerifierKey verifier) {
        try {
            String text = verifier == null ? SignedNote.parse(note).text() : SignedNote.open(note, List.of(verifier)).text();
            return Checkpoint.parse(text);
        } catch (NoteException e) {
            throw new UserError("the checkpoint " + log.base() + " serves is refused: " + e.getMessage() + (verifier == null ? "" : "; check --key"));
        }
    }

    /** The key the server names for its log: used only to tell its signature lines from cosignatures, never to trust anything. */
    private static VerifierKey serverKey(RemoteLog log) {
        try {
            return VerifierKey.parse(RemoteAccess.call(log::verifierKey));
        } catch (NoteException | UserError e) {
            return null;
        }
    }
}
