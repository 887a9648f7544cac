package dev.veto.ledger.fsck;

import java.util.List;

/**
 * What a check of a stored log found.
 *
 * @param size               size of the latest checkpoint (-1 when there is none readable)
 * @param entriesChecked     entries re-hashed
 * @param checkpointsChecked checkpoints whose signature and root were checked
 * @param partsChecked       private parts that match their envelope's commitment
 * @param partsErased        private parts erased, each by an entry that records it
 * @param problems           everything wrong, the first (in log order) first; empty when the log holds
 */
public record FsckReport(long size, long entriesChecked, long checkpointsChecked, long partsChecked, long partsErased, List<Problem> problems) {
    public FsckReport {
        problems = List.copyOf(problems);
    }

    public FsckReport(long size, long entriesChecked, long checkpointsChecked, List<Problem> problems) {
        this(size, entriesChecked, checkpointsChecked, 0, 0, problems);
    }

    /** True when nothing is wrong. */
    public boolean ok() {
        return problems.isEmpty();
    }

    /** One line: "ok: …" or the first problem. */
    public String summary() {
        if (ok()) {
            String parts = partsChecked + partsErased == 0 ? "" : ", " + partsChecked + " private part" + (partsChecked == 1 ? "" : "s")
                    + (partsErased == 0 ? "" : " (and " + partsErased + " erased)");
            return "ok: " + size + " entries" + parts + " and " + checkpointsChecked + " checkpoint" + (checkpointsChecked == 1 ? "" : "s") + " verified";
        }
        return problems.get(0).message() + (problems.size() > 1 ? " (and " + (problems.size() - 1) + " more)" : "");
    }
}
