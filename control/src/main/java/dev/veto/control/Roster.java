package dev.veto.control;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The approver roster: the subjects who may approve remedies and decide appeals. Set once by the
 * operator at installation, then changed only by a proposal two approvers other than its subject
 * approve. Membership is read on every request without the control plane's lock (authentication
 * checks it), so the set is concurrent; written only by {@link State#apply}.
 */
final class Roster {
    /** A pending or decided change of the roster. */
    static final class Change {
        final Event.RosterChangeProposed proposed;
        final State.Stamp proposedAt;
        final List<Event.RosterChangeApproved> approvals = new ArrayList<>();
        State.Stamp appliedAt;

        Change(Event.RosterChangeProposed proposed, State.Stamp at) {
            this.proposed = proposed;
            this.proposedAt = at;
        }

        boolean pending() {
            return appliedAt == null;
        }

        List<String> approvers() {
            return approvals.stream().map(a -> Subjects.recorded(a.by())).toList();
        }
    }

    private final Set<String> members = ConcurrentHashMap.newKeySet();
    private volatile boolean bootstrapped;
    final Map<String, Change> changes = new LinkedHashMap<>();

    boolean contains(String subject) {
        return members.contains(subject);
    }

    boolean bootstrapped() {
        return bootstrapped;
    }

    int size() {
        return members.size();
    }

    List<String> members() {
        return members.stream().sorted().toList();
    }

    void bootstrap(List<String> subjects) {
        members.addAll(subjects);
        bootstrapped = true;
    }

    void apply(Event.RosterChanged e) {
        switch (e.change()) {
            case ADD -> members.add(e.member());
            case REMOVE -> members.remove(e.member());
        }
    }
}
