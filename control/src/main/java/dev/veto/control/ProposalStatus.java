package dev.veto.control;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** Where a proposed remedy stands. */
public enum ProposalStatus {
    /** Waiting for its approvals. */
    PENDING,
    /** Approved twice and in force (or lifted since). */
    ENFORCED,
    /** Its case closed before it was approved. */
    WITHDRAWN;

    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
