package dev.veto.control;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** What a change of the approver roster does to its subject. */
public enum RosterChange {
    ADD, REMOVE;

    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    static RosterChange parse(String s) {
        for (RosterChange c : values()) {
            if (c.wireName().equals(s)) {
                return c;
            }
        }
        return null;
    }
}
