package dev.veto.control;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** One case as the log has built it. Changed only by {@link State#apply}. */
final class CaseState {
    final Event.CaseOpened opened;
    final State.Stamp openedAt;
    CaseStatus status = CaseStatus.OPEN;
    final Map<String, Event.EvidenceAdded> evidence = new LinkedHashMap<>();
    final Map<String, Event.FindingRecorded> findings = new LinkedHashMap<>();
    final List<String> proposals = new ArrayList<>();
    final List<String> enforcements = new ArrayList<>();
    final List<String> notices = new ArrayList<>();
    final List<String> appeals = new ArrayList<>();
    final List<TimelineEntry> timeline = new ArrayList<>();
    /** Everyone who took part in the review or the decision; none of them may decide an appeal. */
    final Set<String> involved = new LinkedHashSet<>();
    State.Stamp closedAt;
    /** Who took the case to work it, or null while nobody has. */
    String assignee;

    CaseState(Event.CaseOpened opened, State.Stamp at) {
        this.opened = opened;
        this.openedAt = at;
    }

    String id() {
        return opened.id();
    }

    String org() {
        return opened.org();
    }
}
