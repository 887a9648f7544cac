package dev.veto.server.console;

import java.util.Map;
import java.util.stream.Collectors;

/**
 * The transparency report as the public page shows it: the figures of the report the API
 * serves ({@code GET /v1/transparency/report}), its checkpoint, the log's verifier key, and the
 * entry the in-browser check starts with.
 */
public record PublicReport(Map<String, Object> report, java.util.SortedMap<String, Integer> byMonth, String key, long index) {

    public String monthLabels() {
        return String.join("|", byMonth.keySet());
    }

    public String monthValues() {
        return byMonth.values().stream().map(String::valueOf).collect(Collectors.joining("|"));
    }

    public String byMonthText() {
        return byMonth.isEmpty() ? "none yet" : byMonth.entrySet().stream().map(e -> e.getKey() + " " + e.getValue()).collect(Collectors.joining(", "));
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> checkpoint() {
        return (Map<String, Object>) report.get("checkpoint");
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> appeals() {
        return (Map<String, Object>) report.get("appeals");
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> byPrinciple() {
        return (Map<String, Object>) report.get("enforcementsByPrinciple");
    }

    private static long n(Object o) {
        return o instanceof Number x ? x.longValue() : 0;
    }

    public String origin() {
        return String.valueOf(checkpoint().get("origin"));
    }

    public long size() {
        return n(checkpoint().get("size"));
    }

    public String note() {
        return String.valueOf(checkpoint().get("note"));
    }

    public long casesOpened() {
        return n(report.get("casesOpened"));
    }

    public long casesClosed() {
        return n(report.get("casesClosed"));
    }

    public long enforcements() {
        return n(report.get("enforcements"));
    }

    public long lifted() {
        return n(report.get("enforcementsLifted"));
    }

    public long notices() {
        return n(report.get("noticesIssued"));
    }

    public long filed() {
        return n(appeals().get("filed"));
    }

    public long upheld() {
        return n(appeals().get("upheld"));
    }

    public long reversed() {
        return n(appeals().get("reversed"));
    }

    public long pending() {
        return n(appeals().get("pending"));
    }

    public Object medianDays() {
        return report.get("medianDaysCaseOpenedToEnforcement");
    }

    public String principleLabels() {
        return String.join("|", byPrinciple().keySet());
    }

    public String principleValues() {
        return byPrinciple().values().stream().map(v -> Long.toString(n(v))).collect(Collectors.joining("|"));
    }

    /** The chart's figures as text, for people who do not see the chart. */
    public String byPrincipleText() {
        if (byPrinciple().isEmpty()) {
            return "none yet";
        }
        return byPrinciple().entrySet().stream().map(e -> e.getKey() + " " + n(e.getValue())).collect(Collectors.joining(", "));
    }
}
