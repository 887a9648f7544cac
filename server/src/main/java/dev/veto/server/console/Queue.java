package dev.veto.server.console;

import dev.veto.control.CaseStatus;
import dev.veto.control.Views;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One page of the case queue: the cases that pass the status filter and the search, the counts
 * per status (over every case the person may see, before the filters), and where the page is.
 */
public record Queue(List<Views.CaseSummary> cases, Map<CaseStatus, Integer> counts, int total, String status, String q, boolean mine,
                    int page, int pages, int matching, int unassigned) {

    /** {@code assignee}: only the cases this subject has taken, or null for everyone's. */
    static Queue of(List<Views.CaseSummary> all, String status, String q, String assignee, String page, int size) {
        Map<CaseStatus, Integer> counts = new EnumMap<>(CaseStatus.class);
        for (CaseStatus s : CaseStatus.values()) {
            counts.put(s, 0);
        }
        CaseStatus want = parseStatus(status);
        String needle = q == null || q.isBlank() ? null : q.strip().toLowerCase(Locale.ROOT);
        List<Views.CaseSummary> matching = new ArrayList<>();
        int unassigned = 0;
        for (Views.CaseSummary c : all) {
            counts.merge(c.status(), 1, Integer::sum);
            if (c.status() == CaseStatus.OPEN && c.assignee() == null) {
                unassigned++;
            }
            if ((want == null || c.status() == want) && (needle == null || matches(c, needle))
                    && (assignee == null || assignee.equals(c.assignee()))) {
                matching.add(c);
            }
        }
        int pages = Math.max(1, (matching.size() + size - 1) / size);
        int p = 1;
        try {
            p = page == null ? 1 : Math.max(1, Math.min(pages, Integer.parseInt(page)));
        } catch (NumberFormatException ignored) {
            // a page number that is not one shows the first page
        }
        List<Views.CaseSummary> shown = matching.subList((p - 1) * size, Math.min(matching.size(), p * size));
        return new Queue(List.copyOf(shown), counts, all.size(), want == null ? "" : want.wireName(), q == null ? "" : q, assignee != null,
                p, pages, matching.size(), unassigned);
    }

    private static CaseStatus parseStatus(String s) {
        if (s == null || s.isBlank()) {
            return null;
        }
        for (CaseStatus c : CaseStatus.values()) {
            if (c.wireName().equals(s)) {
                return c;
            }
        }
        return null;
    }

    private static boolean matches(Views.CaseSummary c, String needle) {
        return c.searchText().contains(needle);
    }

    /** The link to page {@code p} with the same filters. */
    public String link(int p) {
        return filter(status) + "&page=" + p;
    }

    /** The link to the status filter {@code s} ("" for all), keeping the search and whose cases. */
    public String filter(String s) {
        return "/console/cases?status=" + enc(s) + "&q=" + enc(q) + (mine ? "&assignee=me" : "");
    }

    /** The link to the same filters, for my cases alone ({@code true}) or everyone's. */
    public String mine(boolean only) {
        return "/console/cases?status=" + enc(status) + "&q=" + enc(q) + (only ? "&assignee=me" : "");
    }

    private static String enc(String s) {
        return java.net.URLEncoder.encode(s, java.nio.charset.StandardCharsets.UTF_8);
    }
}
