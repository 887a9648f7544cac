package dev.veto.cedar.ast;

import dev.veto.cedar.value.EntityUid;
import dev.veto.cedar.value.RecordValue;
import java.util.Objects;

/** An authorization request: who wants to do what to which resource, in which context. */
public record Request(EntityUid principal, EntityUid action, EntityUid resource, RecordValue context) {
    public Request {
        Objects.requireNonNull(principal, "principal");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(resource, "resource");
        context = context == null ? RecordValue.EMPTY : context;
    }
}
