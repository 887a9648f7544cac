package dev.veto.cli;

import dev.veto.control.Receipts;
import dev.veto.ledger.note.CosignerVerifierKey;
import dev.veto.ledger.note.NoteException;
import dev.veto.ledger.note.VerifierKey;
import dev.veto.ledger.note.WitnessQuorum;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** {@code veto log verify-receipt}: checks a notice's receipt offline, a thin shell over {@link Receipts#verify}. */
@Command(name = "verify-receipt", mixinStandardHelpOptions = true,
        description = {"Check a notice's receipt (GET /v1/notices/{id}/receipt) offline: the checkpoint's signature and witnesses' "
                + "cosignatures, each entry's inclusion proof, each private part against its commitment, and the notice against its entry.",
            "Exit 0 when it holds, 2 when it does not (saying what was altered), 1 for bad input."})
final class LogVerifyReceiptCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "FILE", description = "The receipt (JSON).")
    Path file;

    @Option(names = "--key", required = true, paramLabel = "VERIFIER_KEY", description = "The log's verifier key (name+hash+key), or a file holding it.")
    String key;

    @Option(names = "--witness", paramLabel = "WITNESS_KEY", description = "A witness's cosigner key (name+hash+key); repeat for each you trust.")
    List<String> witnesses;

    @Option(names = "--quorum", paramLabel = "K", description = "How many of the --witness keys must have cosigned (default: all of them).")
    Integer quorum;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        VerifierKey logKey = LogAccess.verifier(key);
        WitnessQuorum q = quorum();
        JsonNode receipt;
        try {
            receipt = JsonMapper.builder().build().readTree(Files.readAllBytes(file));
        } catch (IOException e) {
            throw new UserError("cannot read the receipt \"" + file + "\": " + e.getMessage());
        } catch (JacksonException e) {
            throw new UserError("the receipt \"" + file + "\" is not JSON: " + e.getOriginalMessage());
        }
        PrintWriter out = spec.commandLine().getOut();
        try {
            Receipts.Verified v = Receipts.verify(receipt, logKey, q);
            out.println("ok: notice " + v.notice() + " is the one issued and logged; " + v.entries() + " entries proven in the tree of size "
                    + v.size() + ", signed by " + logKey.name() + (q == null ? "" : ", cosigned by " + v.cosignatures() + " of the "
                    + q.witnesses().size() + " witnesses (quorum " + q.k() + ")"));
            out.flush();
            return 0;
        } catch (Receipts.Invalid e) {
            out.println("invalid: " + e.getMessage());
            out.flush();
            return 2;
        }
    }

    private WitnessQuorum quorum() {
        if (witnesses == null || witnesses.isEmpty()) {
            if (quorum != null) {
                throw new UserError("--quorum needs the witnesses' keys (--witness)");
            }
            return null;
        }
        List<CosignerVerifierKey> keys = new ArrayList<>();
        for (String w : witnesses) {
            try {
                keys.add(CosignerVerifierKey.parse(w.strip()));
            } catch (NoteException e) {
                throw new UserError("--witness \"" + w + "\": " + e.getMessage());
            }
        }
        int k = quorum == null ? keys.size() : quorum;
        if (k < 1 || k > keys.size()) {
            throw new UserError("--quorum " + k + " must be between 1 and the " + keys.size() + " witnesses given");
        }
        try {
            return new WitnessQuorum(keys, k);
        } catch (IllegalArgumentException e) {
            throw new UserError("--witness: " + e.getMessage());
        }
    }
}
