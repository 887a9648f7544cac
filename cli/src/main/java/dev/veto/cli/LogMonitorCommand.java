package dev.veto.cli;

import dev.veto.ledger.note.CosignerVerifierKey;
import dev.veto.ledger.note.VerifierKey;
import dev.veto.ledger.note.WitnessQuorum;
import dev.veto.ledger.remote.RemoteLog;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code veto log monitor}: follows a published log from outside, one {@link MonitorRound} at a
 * time, keeping what it verified in a state file. Once (for cron) or, with {@code --follow},
 * until interrupted or until the first inconsistency.
 */
@Command(name = "monitor", mixinStandardHelpOptions = true,
        description = {"Follow a published log from outside: each round fetches the latest checkpoint, verifies the log's signature "
                + "(and the witnesses' cosignatures), checks that the log only grew since the size and root in the state file "
                + "(consistency proof from the hash tiles; every new hash tile and entry rebuilt and compared; each new entry a valid envelope), "
                + "and that the server's transparency report equals the one recomputed from the entries; then writes the new state.",
                "Prints one line per round. Exit 0 when all held; 1 on bad input or a failed request; "
                + "2 on an inconsistency (a rewind, a fork, a tile, entry or report that contradicts the signed tree). "
                + "The state file changes only when everything held."})
final class LogMonitorCommand implements Callable<Integer> {
    static final long DEFAULT_INTERVAL = 60;

    @Option(names = "--url", required = true, paramLabel = "URL", description = "The server's base URL, e.g. https://veto.example.com.")
    String url;

    @Option(names = "--key", required = true, paramLabel = "VKEY", description = "The log's verifier key (name+hash+key, or a file holding it).")
    String key;

    @Option(names = "--witness", paramLabel = "WKEY",
            description = "A witness's cosigner key (name+hash+key of type 0x04, or a file holding it). Repeat for more witnesses.")
    List<String> witnesses = List.of();

    @Option(names = "--quorum", paramLabel = "K", description = "How many distinct --witness keys must have cosigned each checkpoint (default: all of them).")
    Integer quorum;

    @Option(names = "--state", required = true, paramLabel = "FILE", description = "JSON file holding what was verified last; created by the first round.")
    Path state;

    @Option(names = "--follow", description = "Keep going: a round every --interval seconds until interrupted or until an inconsistency.")
    boolean follow;

    @Option(names = "--interval", paramLabel = "SECONDS", description = "Seconds between rounds with --follow (default: " + DEFAULT_INTERVAL + ").")
    Long interval;

    @Option(names = "--token", paramLabel = "TOKEN",
            description = "An auditor's bearer token: needed for a log holding entries written before envelopes (format 1), whose bundles only auditors may read.")
    String token;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        if (interval != null && !follow) {
            throw new UserError("--interval needs --follow; without it the monitor runs one round (for cron)");
        }
        long seconds = interval == null ? DEFAULT_INTERVAL : interval;
        if (seconds < 1) {
            throw new UserError("--interval " + seconds + " is below 1 second");
        }
        VerifierKey logKey = LogAccess.verifier(key);
        List<CosignerVerifierKey> known = witnesses.stream().map(RemoteAccess::witness).toList();
        WitnessQuorum policy = quorum(known);
        RemoteLog log = RemoteAccess.log(url, token);
        MonitorState.read(state, logKey); // a damaged state file is bad input, before anything is fetched
        MonitorRound round = new MonitorRound(log, logKey, policy, state, Clock.systemUTC());
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (!follow) {
            return report(round.run(), log, out, err);
        }
        while (true) {
            try {
                int code = report(round.run(), log, out, err);
                if (code != 0) {
                    return code;
                }
            } catch (UserError e) {
                // The server may be down or restarting: say so and try again next round.
                err.println("error: " + e.getMessage() + " (trying again in " + seconds + " s)");
                err.flush();
            }
            try {
                Thread.sleep(seconds * 1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return 0;
            }
        }
    }

    private WitnessQuorum quorum(List<CosignerVerifierKey> known) {
        int k = quorum == null ? known.size() : quorum;
        if (quorum != null && known.isEmpty()) {
            throw new UserError("--quorum needs --witness keys to count");
        }
        try {
            return new WitnessQuorum(known, k);
        } catch (IllegalArgumentException e) {
            throw new UserError("--quorum " + k + ": " + e.getMessage());
        }
    }

    private int report(MonitorRound.Result result, RemoteLog log, PrintWriter out, PrintWriter err) {
        switch (result) {
            case MonitorRound.Verified v -> {
                out.println(v.line());
                out.flush();
                return 0;
            }
            case MonitorRound.Inconsistency i -> {
                err.println("inconsistency: " + log.base() + ": " + i.reason() + "; state file \"" + state + "\" left "
                        + (i.kept() == 0 ? "as it was" : "at size " + i.kept()));
                err.flush();
                return 2;
            }
        }
    }
}
