package dev.veto.control;

import dev.veto.ledger.Log;
import dev.veto.ledger.LogRecord;
import dev.veto.ledger.SignedCheckpoint;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Aggregate figures computed from the log alone, at a named signed checkpoint: anyone holding
 * the log can replay the same entries and recompute every number. Only workflow events count;
 * nothing about individual customers appears in the report.
 */
public final class TransparencyReport {
    public static final String REMEDY_SERVICE_RESTRICTION = "service_restriction";

    private TransparencyReport() {}

    /** The report over the first {@code checkpoint.size()} entries of the log. */
    public static Map<String, Object> compute(Log log, SignedCheckpoint checkpoint) {
        long size = checkpoint.size();
        Map<String, Instant> caseOpened = new HashMap<>();
        Map<String, String> casePrinciple = new HashMap<>();
        Map<String, Event.ProposalMade> proposals = new HashMap<>();
        Map<String, Long> byPrinciple = new TreeMap<>();
        Map<String, Long> byRemedy = new TreeMap<>();
        Map<String, Long> byTerritory = new TreeMap<>();
        long casesOpened = 0;
        long casesClosed = 0;
        long enforcements = 0;
        long lifted = 0;
        long filed = 0;
        long upheld = 0;
        long reversed = 0;
        long noticesIssued = 0;
        List<Double> daysToEnforcement = new ArrayList<>();
        java.util.Set<String> enforcedCases = new java.util.HashSet<>();
        for (long i = 0; i < size; i++) {
            if (!(LogRecord.decode(log.entry(i)) instanceof LogRecord.Record rec)) {
                continue;
            }
            LogRecord r = rec.record();
            switch (r.type()) {
                case "case.opened", "proposal.made", "enforcement.activated", "enforcement.lifted", "appeal.filed",
                        "appeal.decided", "case.closed", "notice.issued" -> {}
                default -> {
                    continue;
                }
            }
            switch (EventCodec.decode(r)) {
                case Event.CaseOpened e -> {
                    casesOpened++;
                    caseOpened.put(e.id(), r.time());
                    casePrinciple.put(e.id(), e.principle());
                }
                case Event.ProposalMade e -> proposals.put(e.id(), e);
                case Event.EnforcementActivated e -> {
                    enforcements++;
                    byPrinciple.merge(casePrinciple.get(e.caseId()), 1L, Long::sum);
                    byRemedy.merge(REMEDY_SERVICE_RESTRICTION, 1L, Long::sum);
                    List<String> territories = proposals.get(e.proposalId()).territorialScope();
                    for (String t : territories.isEmpty() ? List.of("worldwide") : territories) {
                        byTerritory.merge(t, 1L, Long::sum);
                    }
                    // The first enforcement of a case counts: how long a review took to act.
                    if (enforcedCases.add(e.caseId())) {
                        daysToEnforcement.add(Duration.between(caseOpened.get(e.caseId()), r.time()).toMillis() / 86_400_000.0);
                    }
                }
                case Event.EnforcementLifted e -> lifted++;
                case Event.AppealFiled e -> filed++;
                case Event.AppealDecided e -> {
                    switch (e.outcome()) {
                        case UPHELD -> upheld++;
                        case REVERSED -> reversed++;
                    }
                }
                case Event.CaseClosed e -> casesClosed++;
                case Event.NoticeIssued e -> noticesIssued++;
                default -> {}
            }
        }
        Map<String, Object> cp = new LinkedHashMap<>();
        cp.put("origin", checkpoint.checkpoint().origin());
        cp.put("size", size);
        cp.put("root", Base64.getEncoder().encodeToString(checkpoint.checkpoint().root()));
        cp.put("note", checkpoint.note());
        Map<String, Object> appeals = new LinkedHashMap<>();
        appeals.put("filed", filed);
        appeals.put("upheld", upheld);
        appeals.put("reversed", reversed);
        appeals.put("pending", filed - upheld - reversed);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("checkpoint", cp);
        m.put("casesOpened", casesOpened);
        m.put("casesClosed", casesClosed);
        m.put("enforcements", enforcements);
        m.put("enforcementsLifted", lifted);
        m.put("noticesIssued", noticesIssued);
        m.put("enforcementsByPrinciple", byPrinciple);
        m.put("enforcementsByRemedy", byRemedy);
        m.put("enforcementsByTerritory", byTerritory);
        m.put("appeals", appeals);
        m.put("medianDaysCaseOpenedToEnforcement", median(daysToEnforcement));
        return m;
    }

    private static Double median(List<Double> xs) {
        if (xs.isEmpty()) {
            return null;
        }
        List<Double> s = new ArrayList<>(xs);
        s.sort(null);
        int n = s.size();
        double v = n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2;
        return Math.round(v * 100) / 100.0;
    }
}
