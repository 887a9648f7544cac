package dev.veto.control;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** What an appeal decided: the restriction stands, or it is reversed and the service reinstated. */
public enum AppealOutcome {
    UPHELD, REVERSED;

    /** The name in the API and the log: {@code upheld} or {@code reversed}. */
    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The outcome named {@code s} exactly, or null. */
    static AppealOutcome parse(String s) {
        for (AppealOutcome o : values()) {
            if (o.wireName().equals(s)) {
                return o;
            }
        }
        return null;
    }
}
