package dev.veto.control;

import dev.veto.ledger.Log;
import dev.veto.ledger.SignedCheckpoint;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Aggregate figures computed from the public envelopes of the log's entries alone, at a named
 * signed checkpoint: anyone holding the public tiles can replay the same envelopes and get the
 * same bytes ({@code veto log report}). Nothing private is read, and nothing about individual
 * customers appears in the report.
 *
 * <p>A {@link Tally} takes one entry at a time, so the control plane keeps the latest report up to
 * date as entries are applied instead of re-reading the log for each request.
 */
public final class TransparencyReport {
    public static final String REMEDY_SERVICE_RESTRICTION = "service_restriction";

    private TransparencyReport() {}

    /** The report over the first {@code checkpoint.size()} entries of the log, read from the start. */
    public static Map<String, Object> compute(Log log, SignedCheckpoint checkpoint) {
        Tally t = new Tally();
        for (long from = 0; from < checkpoint.size(); from += 4096) {
            for (byte[] entry : log.entries(from, Math.min(checkpoint.size(), from + 4096))) {
                t.add(EventCodec.publicView(entry));
            }
        }
        return t.report(checkpoint);
    }

    /** The report's figures so far, one entry at a time, from each entry's type, time and public fields. */
    public static final class Tally {
        private final Map<String, Instant> caseOpened = new HashMap<>();
        private final Map<String, String> casePrinciple = new HashMap<>();
        private final Map<String, List<String>> proposalTerritories = new HashMap<>();
        private final Map<String, Long> byPrinciple = new TreeMap<>();
        private final Map<String, Long> byRemedy = new TreeMap<>();
        private final Map<String, Long> byTerritory = new TreeMap<>();
        private final Set<String> enforcedCases = new HashSet<>();
        private final List<Double> daysToEnforcement = new ArrayList<>();
        private long entries;
        private long casesOpened;
        private long casesClosed;
        private long enforcements;
        private long lifted;
        private long filed;
        private long upheld;
        private long reversed;
        private long noticesIssued;

        /** The version of the {@link #state} format. */
        public static final int STATE_VERSION = 1;

        private static final Set<String> COUNTED = Set.of("case.opened", "proposal.made", "enforcement.activated", "enforcement.lifted",
                "appeal.filed", "appeal.decided", "case.closed", "notice.issued");

        /** Whether entries of {@code type} change the figures (others only count as entries). */
        public static boolean counts(String type) {
            return COUNTED.contains(type);
        }

        /** How many entries it has taken. */
        public long entries() {
            return entries;
        }

        /** Takes the next entry (null for one that is not a Veto event: it only counts as an entry). */
        public void add(EventCodec.PublicView entry) {
            entries++;
            if (entry != null) {
                add(entry.type(), entry.time(), entry.fields());
            }
        }

        private void add(String type, Instant time, JsonNode pub) {
            switch (type) {
                case "case.opened" -> {
                    casesOpened++;
                    caseOpened.put(pub.path("id").asString(), time);
                    casePrinciple.put(pub.path("id").asString(), pub.path("principle").asString());
                }
                case "proposal.made" -> {
                    List<String> territories = new ArrayList<>();
                    pub.path("territorialScope").forEach(n -> territories.add(n.asString()));
                    proposalTerritories.put(pub.path("id").asString(), territories);
                }
                case "enforcement.activated" -> {
                    String caseId = pub.path("caseId").asString();
                    enforcements++;
                    byPrinciple.merge(String.valueOf(casePrinciple.get(caseId)), 1L, Long::sum);
                    byRemedy.merge(REMEDY_SERVICE_RESTRICTION, 1L, Long::sum);
                    List<String> territories = proposalTerritories.getOrDefault(pub.path("proposalId").asString(), List.of());
                    for (String t : territories.isEmpty() ? List.of("worldwide") : territories) {
                        byTerritory.merge(t, 1L, Long::sum);
                    }
                    // The first enforcement of a case counts: how long a review took to act.
                    Instant opened = caseOpened.get(caseId);
                    if (enforcedCases.add(caseId) && opened != null) {
                        daysToEnforcement.add(Duration.between(opened, time).toMillis() / 86_400_000.0);
                    }
                }
                case "enforcement.lifted" -> lifted++;
                case "appeal.filed" -> filed++;
                case "appeal.decided" -> {
                    switch (pub.path("outcome").asString()) {
                        case "upheld" -> upheld++;
                        case "reversed" -> reversed++;
                        default -> {}
                    }
                }
                case "case.closed" -> casesClosed++;
                case "notice.issued" -> noticesIssued++;
                default -> {}
            }
        }

        /**
         * This tally's state as JSON, so a reader of the public log can carry it on later from
         * where it stopped ({@link #fromState}) instead of reading every entry again: the counts,
         * and what later entries refer back to (each case's opening time and principle, each
         * proposal's territories, the cases enforced so far, the days each took to enforce).
         */
        public ObjectNode state() {
            ObjectNode o = JsonNodeFactory.instance.objectNode();
            o.put("version", STATE_VERSION);
            o.put("entries", entries);
            o.put("casesOpened", casesOpened);
            o.put("casesClosed", casesClosed);
            o.put("enforcements", enforcements);
            o.put("enforcementsLifted", lifted);
            o.put("appealsFiled", filed);
            o.put("appealsUpheld", upheld);
            o.put("appealsReversed", reversed);
            o.put("noticesIssued", noticesIssued);
            ObjectNode cases = o.putObject("cases");
            for (String id : new TreeMap<>(caseOpened).keySet()) {
                ObjectNode c = cases.putObject(id);
                Instant opened = caseOpened.get(id);
                c.put("opened", opened == null ? null : opened.toString());
                c.put("principle", casePrinciple.get(id));
            }
            ObjectNode proposals = o.putObject("proposalTerritories");
            new TreeMap<>(proposalTerritories).forEach((id, ts) -> ts.forEach(proposals.putArray(id)::add));
            counts(o.putObject("enforcementsByPrinciple"), byPrinciple);
            counts(o.putObject("enforcementsByRemedy"), byRemedy);
            counts(o.putObject("enforcementsByTerritory"), byTerritory);
            new TreeSet<>(enforcedCases).forEach(o.putArray("enforcedCases")::add);
            // In the order taken; the median sorts a copy. Doubles print as the shortest text that
            // reads back to the same value, so a state written and read again gives the same report.
            daysToEnforcement.forEach(o.putArray("daysToEnforcement")::add);
            return o;
        }

        /**
         * The tally {@link #state} described.
         *
         * @throws IllegalArgumentException when {@code state} is not such a state (the message names the field)
         */
        public static Tally fromState(JsonNode state) {
            if (!state.isObject() || state.path("version").asInt(-1) != STATE_VERSION) {
                throw new IllegalArgumentException("the tally state is not a JSON object with \"version\": " + STATE_VERSION);
            }
            Tally t = new Tally();
            t.entries = count(state, "entries");
            t.casesOpened = count(state, "casesOpened");
            t.casesClosed = count(state, "casesClosed");
            t.enforcements = count(state, "enforcements");
            t.lifted = count(state, "enforcementsLifted");
            t.filed = count(state, "appealsFiled");
            t.upheld = count(state, "appealsUpheld");
            t.reversed = count(state, "appealsReversed");
            t.noticesIssued = count(state, "noticesIssued");
            for (Map.Entry<String, JsonNode> c : object(state, "cases").properties()) {
                JsonNode opened = c.getValue().path("opened");
                try {
                    t.caseOpened.put(c.getKey(), opened.isNull() ? null : Instant.parse(opened.asString()));
                } catch (java.time.format.DateTimeParseException e) {
                    throw new IllegalArgumentException("the tally state's case \"" + c.getKey() + "\" has no valid \"opened\" time");
                }
                JsonNode principle = c.getValue().path("principle");
                t.casePrinciple.put(c.getKey(), principle.isString() ? principle.asString() : null);
            }
            for (Map.Entry<String, JsonNode> p : object(state, "proposalTerritories").properties()) {
                List<String> ts = new ArrayList<>();
                array(p.getValue(), "proposalTerritories." + p.getKey()).forEach(n -> ts.add(n.asString()));
                t.proposalTerritories.put(p.getKey(), ts);
            }
            readCounts(state, "enforcementsByPrinciple", t.byPrinciple);
            readCounts(state, "enforcementsByRemedy", t.byRemedy);
            readCounts(state, "enforcementsByTerritory", t.byTerritory);
            array(state.path("enforcedCases"), "enforcedCases").forEach(n -> t.enforcedCases.add(n.asString()));
            for (JsonNode d : array(state.path("daysToEnforcement"), "daysToEnforcement")) {
                if (!d.isNumber()) {
                    throw new IllegalArgumentException("the tally state's \"daysToEnforcement\" holds " + d + ", not a number");
                }
                t.daysToEnforcement.add(d.asDouble());
            }
            return t;
        }

        private static void counts(ObjectNode into, Map<String, Long> counts) {
            counts.forEach(into::put);
        }

        private static long count(JsonNode state, String field) {
            JsonNode n = state.path(field);
            if (!n.isIntegralNumber() || n.asLong() < 0) {
                throw new IllegalArgumentException("the tally state's \"" + field + "\" is not a count (a whole number, at least 0)");
            }
            return n.asLong();
        }

        private static JsonNode object(JsonNode state, String field) {
            JsonNode n = state.path(field);
            if (!n.isObject()) {
                throw new IllegalArgumentException("the tally state's \"" + field + "\" is not a JSON object");
            }
            return n;
        }

        private static JsonNode array(JsonNode n, String field) {
            if (!n.isArray()) {
                throw new IllegalArgumentException("the tally state's \"" + field + "\" is not a JSON array");
            }
            return n;
        }

        private static void readCounts(JsonNode state, String field, Map<String, Long> into) {
            JsonNode o = object(state, field);
            for (Map.Entry<String, JsonNode> e : o.properties()) {
                into.put(e.getKey(), count(o, e.getKey()));
            }
        }

        /** The report at {@code checkpoint}, which must cover exactly the entries taken. */
        public Map<String, Object> report(SignedCheckpoint checkpoint) {
            if (checkpoint.size() != entries) {
                throw new IllegalArgumentException("the checkpoint covers " + checkpoint.size() + " entries; the tally has " + entries);
            }
            Map<String, Object> cp = new LinkedHashMap<>();
            cp.put("origin", checkpoint.checkpoint().origin());
            cp.put("size", checkpoint.size());
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
            m.put("enforcementsByPrinciple", new TreeMap<>(byPrinciple));
            m.put("enforcementsByRemedy", new TreeMap<>(byRemedy));
            m.put("enforcementsByTerritory", new TreeMap<>(byTerritory));
            m.put("appeals", appeals);
            m.put("medianDaysCaseOpenedToEnforcement", median(daysToEnforcement));
            return m;
        }
    }

    private static final tools.jackson.databind.json.JsonMapper JSON = tools.jackson.databind.json.JsonMapper.builder()
            .changeDefaultPropertyInclusion(v -> v.withValueInclusion(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL))
            .build();

    /** A report's bytes, as the server answers and {@code veto log report} prints them (absent values left out). */
    public static byte[] json(Map<String, Object> report) {
        return JSON.writeValueAsBytes(report);
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
