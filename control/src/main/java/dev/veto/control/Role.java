package dev.veto.control;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** The roles a token can carry. What each may do is the Cedar policy in {@code access.cedar}. */
public enum Role {
    ADMIN, REVIEWER, APPROVER, AUDITOR, PEP, CUSTOMER;

    /** The name in the API, the log and the access policy: {@code admin}, {@code reviewer}, … */
    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses {@code admin}, {@code reviewer}, … or {@code customer} (the org comes separately). */
    public static Role parse(String s) {
        for (Role r : values()) {
            if (r.wireName().equals(s)) {
                return r;
            }
        }
        throw Rejection.invalid("role", "unknown role \"" + s + "\"; expected one of admin, reviewer, approver, auditor, pep, customer");
    }
}
