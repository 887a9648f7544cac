package dev.veto.control;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** Where a case stands. */
public enum CaseStatus {
    /** Under review: evidence, findings and proposals can be added. */
    OPEN,
    /** A remedy is in force; the case stays open for its appeal. */
    ENFORCED,
    /** An appeal waits for its decision; nothing else changes meanwhile. */
    APPEALED,
    /** Done: nothing more can be added. */
    CLOSED;

    /** The name in the API and the log: {@code open}, {@code enforced}, … */
    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
