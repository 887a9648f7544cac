package dev.veto.ledger;

import dev.veto.ledger.fsck.FsckReport;

/** The stored log does not match its signed checkpoint; the log refuses to serve it. */
public final class LogTamperedException extends LogException {
    private static final long serialVersionUID = 1L;
    private final transient FsckReport report;

    public LogTamperedException(String where, FsckReport report) {
        super("log in " + where + " fails its self-check: " + report.summary());
        this.report = report;
    }

    /** Everything the check found. */
    public FsckReport report() {
        return report;
    }
}
