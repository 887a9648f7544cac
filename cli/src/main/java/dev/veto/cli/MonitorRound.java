package dev.veto.cli;

import dev.veto.control.TransparencyReport;
import dev.veto.ledger.SignedCheckpoint;
import dev.veto.ledger.note.Checkpoint;
import dev.veto.ledger.note.Cosignature;
import dev.veto.ledger.note.CosignedCheckpoint;
import dev.veto.ledger.note.NoteException;
import dev.veto.ledger.note.VerifierKey;
import dev.veto.ledger.note.WitnessQuorum;
import dev.veto.ledger.remote.GrowthCheck;
import dev.veto.ledger.remote.RemoteLog;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * One round of {@code veto log monitor}: fetch the latest checkpoint, verify the log's signature
 * and the witness quorum, check that the log grew from the state file's last (size, root)
 * ({@link GrowthCheck}: tiles, consistency proof, entries), take the new entries into the
 * transparency report's tally, and compare the report recomputed from them with the server's.
 * Only when all of it holds is the new state written. Bad input and failed requests are thrown
 * as {@link UserError}s; what contradicts the log's signed statements comes back as an
 * {@link Inconsistency}.
 */
final class MonitorRound {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final RemoteLog log;
    private final VerifierKey logKey;
    private final WitnessQuorum quorum;
    private final Path stateFile;
    private final Clock clock;

    MonitorRound(RemoteLog log, VerifierKey logKey, WitnessQuorum quorum, Path stateFile, Clock clock) {
        this.log = log;
        this.logKey = logKey;
        this.quorum = quorum;
        this.stateFile = stateFile;
        this.clock = clock;
    }

    /** What a round found. */
    sealed interface Result {}

    /** Everything held; {@code line} says what was verified, and the new state is written. */
    record Verified(String line) implements Result {}

    /**
     * The log contradicts itself, the state file or its report; the state file is left as it was.
     *
     * @param reason what, where and which check
     * @param kept   the size the state file still holds (0 when there is none)
     */
    record Inconsistency(String reason, long kept) implements Result {}

    Result run() {
        Optional<MonitorState> prior = MonitorState.read(stateFile, logKey);
        String note = RemoteAccess.call(log::checkpointNote);
        CosignedCheckpoint cosigned;
        try {
            cosigned = quorum.open(note, List.of(logKey));
        } catch (NoteException e) {
            throw new UserError("the checkpoint at " + log.base() + "/log/checkpoint is refused: " + e.getMessage()
                    + "; check --key" + (quorum.witnesses().isEmpty() ? "" : ", --witness and --quorum"));
        }
        Checkpoint cp = cosigned.checkpoint();
        if (prior.isPresent() && !prior.get().origin().equals(cp.origin())) {
            throw new UserError(log.base() + " serves the log \"" + cp.origin() + "\", but state file \"" + stateFile + "\" follows \""
                    + prior.get().origin() + "\"; pass the --state kept for this log, or a new one");
        }
        long kept = prior.map(MonitorState::size).orElse(0L);
        TransparencyReport.Tally tally = prior.map(MonitorState::tally).orElseGet(TransparencyReport.Tally::new);
        TalliedEntries entries = TalliedEntries.strict(tally, prior.map(MonitorState::envelopesFrom).orElse(null));
        GrowthCheck.Verified from = prior.map(MonitorState::verified).orElse(GrowthCheck.Verified.empty());
        GrowthCheck.Grown grown;
        switch (RemoteAccess.call(() -> GrowthCheck.run(log, from, cp, entries))) {
            case GrowthCheck.Inconsistent i -> {
                return new Inconsistency(i.reason(), kept);
            }
            case GrowthCheck.Grown g -> grown = g;
        }
        byte[] ours = TransparencyReport.json(tally.report(new SignedCheckpoint(cp, RemoteAccess.logSigned(note, logKey))));
        byte[] theirs = RemoteAccess.call(() -> log.get("/v1/transparency/report?size=" + cp.size()));
        if (!Arrays.equals(ours, theirs)) {
            return new Inconsistency("report: the server's transparency report at size " + cp.size() + " is not the one recomputed from entries 0 to "
                    + (cp.size() - 1) + ": " + difference(theirs, ours), kept);
        }
        new MonitorState(cp.origin(), cp.size(), cp.root(), note, entries.envelopesFrom(), clock.instant(), tally).write(stateFile);
        return new Verified(line(cp, cosigned, prior.isPresent(), grown, entries));
    }

    private String line(Checkpoint cp, CosignedCheckpoint cosigned, boolean hadState, GrowthCheck.Grown g, TalliedEntries entries) {
        StringBuilder sb = new StringBuilder("verified ").append(cp.origin()).append(" at size ").append(cp.size())
                .append(" (root ").append(Base64.getEncoder().encodeToString(cp.root())).append("): log signature");
        if (!quorum.witnesses().isEmpty()) {
            List<String> names = cosigned.cosignatures().stream().map(Cosignature::name).map(n -> "\"" + n + "\"").toList();
            sb.append("; cosigned by ").append(names.isEmpty() ? "no witness" : String.join(", ", names))
                    .append(" (").append(quorum.k()).append(" of ").append(quorum.witnesses().size()).append(" required)");
        }
        if (!hadState) {
            sb.append("; first round");
        } else if (g.entries() == 0) {
            sb.append("; unchanged since the last round");
        } else {
            sb.append("; consistent with size ").append(g.fromSize());
        }
        if (g.entries() > 0) {
            sb.append("; entries ").append(g.fromSize()).append(" to ").append(g.toSize() - 1).append(" checked (").append(entries.kinds()).append(")")
                    .append("; ").append(g.hashTiles()).append(" hash tile").append(g.hashTiles() == 1 ? "" : "s").append(" and ")
                    .append(g.bundles()).append(" entry bundle").append(g.bundles() == 1 ? "" : "s").append(" matched");
        }
        return sb.append("; transparency report matches").toString();
    }

    /** Which top-level fields of two reports differ, in words. */
    static String difference(byte[] server, byte[] recomputed) {
        JsonNode a;
        JsonNode b;
        try {
            a = JSON.readTree(server);
            b = JSON.readTree(recomputed);
        } catch (RuntimeException e) {
            return "the server's answer is not JSON";
        }
        if (!a.isObject()) {
            return "the server's answer is not a JSON object";
        }
        TreeSet<String> fields = new TreeSet<>();
        a.propertyNames().forEach(fields::add);
        b.propertyNames().forEach(fields::add);
        List<String> out = new ArrayList<>();
        for (String f : fields) {
            JsonNode x = a.get(f);
            JsonNode y = b.get(f);
            if (x == null || y == null || !x.equals(y)) {
                out.add("\"" + f + "\" is " + shorten(x) + " on the server, " + shorten(y) + " recomputed");
            }
        }
        return out.isEmpty() ? "the same figures, written in other bytes" : String.join("; ", out);
    }

    private static String shorten(JsonNode n) {
        if (n == null) {
            return "absent";
        }
        String s = n.toString();
        return s.length() > 120 ? s.substring(0, 120) + "…" : s;
    }
}
