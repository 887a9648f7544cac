package dev.veto.ledger.fsck;

import java.util.List;

/**
 * What a check of a stored log found.
 *
 * @param size               size of the latest checkpoint (-1 when there is none readable)
 * @param entriesChecked     entries re-hashed
 * @param checkpointsChecked checkpoints whose signature and root were checked
 * @param problems           everything wrong, the first (in log order) first; empty when the log holds
 */
public record FsckReport(long size, long entriesChecked, long checkpointsChecked, List<Problem> problems) {
    public FsckReport {
        problems = List.copyOf(problems);
    }

    /** True when nothing is wrong. */
    public boolean ok() {
        return problems.isEmpty();
    }

    /** One line: "ok: …" or the first problem. */
    public String summary() {
        if (ok()) {
            return "ok: " + size + " entries and " + checkpointsChecked + " checkpoint" + (checkpointsChecked == 1 ? "" : "s") + " verified";
        }
        return problems.get(0).message() + (problems.size() > 1 ? " (and " + (problems.size() - 1) + " more)" : "");
    }
}
