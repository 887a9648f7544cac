package dev.veto.control;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** Whether an enforcement's policies are in the engine. */
public enum EnforcementStatus {
    ACTIVE, LIFTED;

    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
