package dev.veto.bench.ledger;

import dev.veto.control.AppealOutcome;
import dev.veto.control.Event;
import dev.veto.control.EventCodec;
import dev.veto.control.TransparencyReport;
import dev.veto.control.notice.NoticeFacts;
import dev.veto.ledger.Log;
import dev.veto.ledger.Sealed;
import dev.veto.ledger.SignedCheckpoint;
import dev.veto.ledger.note.SignerKey;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The transparency report's cost on a log of a million format 2 entries (100,000 cases, each
 * opened, evidenced, found, proposed, approved twice, enforced, noticed, appealed and decided):
 * {@code fullReport} recomputes it from every envelope, as for an older checkpoint or as
 * {@code veto log report} does; {@code oneEntry} is what keeping the latest report up to date
 * costs per entry applied (read the entry's public view, add it to the tally). The log is built
 * once and kept in the temp directory.
 *
 * <p>Run: {@code scripts/bench 'ledger.ReportBenchmark' -f 1 -wi 1 -i 3}
 */
@State(Scope.Benchmark)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class ReportBenchmark {
    @Param({"1000000"})
    public long size;

    private Log log;
    private SignedCheckpoint checkpoint;
    private final List<byte[]> sample = new ArrayList<>();
    private int next;
    private TransparencyReport.Tally tally;

    @Setup(Level.Trial)
    public void open() throws Exception {
        Path dir = prebuilt(size);
        log = Log.openReadOnly(dir.resolve("log.db").toString());
        checkpoint = log.checkpoint();
        for (long i = 0; i < 100_000; i++) {
            sample.add(log.entry(i));
        }
        tally = new TransparencyReport.Tally();
    }

    @TearDown(Level.Trial)
    public void close() {
        log.close();
    }

    @Benchmark
    @BenchmarkMode(Mode.SingleShotTime)
    public Map<String, Object> fullReport() {
        return TransparencyReport.compute(log, checkpoint);
    }

    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.NANOSECONDS)
    public long oneEntry() {
        tally.add(EventCodec.publicView(sample.get(next++ % sample.size())));
        return tally.entries();
    }

    /** A log of {@code size} workflow entries in format 2, built once (about ten entries a case). */
    static Path prebuilt(long size) throws Exception {
        Path dir = Path.of(System.getProperty("java.io.tmpdir"), "veto-bench-report-" + size);
        if (Files.exists(dir.resolve("complete"))) {
            return dir;
        }
        Files.createDirectories(dir);
        Files.deleteIfExists(dir.resolve("log.db"));
        Random salts = new Random(1);
        SignerKey key = BenchLogs.key();
        Instant t = Instant.parse("2027-01-01T00:00:00Z");
        try (Log log = Log.create(dir.resolve("log.db").toString(), BenchLogs.ORIGIN, key)) {
            List<Sealed> batch = new ArrayList<>();
            for (long n = 0, c = 0; n < size; c++) {
                for (Event e : story(c)) {
                    if (n++ >= size) {
                        break;
                    }
                    batch.add(EventCodec.seal(e, t.plusSeconds(n), salts));
                    if (batch.size() == 8192) {
                        log.appendSealed(batch);
                        batch = new ArrayList<>();
                    }
                }
            }
            if (!batch.isEmpty()) {
                log.appendSealed(batch);
            }
        }
        Files.writeString(dir.resolve("complete"), "");
        return dir;
    }

    /** Case {@code c}'s ten entries. */
    private static List<Event> story(long c) {
        String id = "C-" + c;
        String p = "P-" + c + "-1";
        String principle = c % 3 == 0 ? "no-fraud" : "no-mass-surveillance";
        Event.Ref unit = new Event.Ref("Unit", "org-" + (c % 1000) + "/unit-" + c);
        return List.of(
                new Event.CaseOpened(id, unit, "org-" + (c % 1000), principle, "Bulk transcription of calls, case " + c, "rita"),
                new Event.EvidenceAdded(id, "EV-1", "metering", "metering export", "Hourly transcription volume",
                        "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08", Instant.parse("2027-01-01T00:00:00Z"), "rita"),
                new Event.FindingRecorded(id, "F-1", principle, "2.1 million hours of calls in 30 days.", List.of("EV-1"), "rita"),
                new Event.ProposalMade(id, p, unit, List.of("storage", "speech"), null, Instant.parse("2027-03-01T00:00:00Z"), null, null,
                        "AUP 4.2", "Metering shows bulk transcription.", List.of(c % 2 == 0 ? "DE" : "FR"), false,
                        List.of(new Event.CompiledPolicy("enf-" + id + "-1.principal", "forbid (principal in Unit::\"" + unit.id() + "\", action, resource);")),
                        "rita"),
                new Event.ProposalApproved(p, "anna", "holds"),
                new Event.ProposalApproved(p, "ben", null),
                new Event.EnforcementActivated("ENF-" + c + "-1", id, p, "N-" + c + "-1",
                        List.of(new Event.CompiledPolicy("enf-" + id + "-1.principal", "forbid (principal in Unit::\"" + unit.id() + "\", action, resource);"))),
                new Event.NoticeIssued("N-" + c + "-1", NoticeFacts.Kind.RESTRICTION, id, "ENF-" + c + "-1", null,
                        Instant.parse("2027-09-01T00:00:00Z"), "00".repeat(32)),
                new Event.AppealFiled("A-" + c + "-1", id, "N-" + c + "-1", "We disagree.", "mx-legal"),
                new Event.AppealDecided("A-" + c + "-1", c % 4 == 0 ? AppealOutcome.REVERSED : AppealOutcome.UPHELD, "Reasons.", "carl"));
    }
}
