package dev.veto.bench.workload;

import dev.veto.cedar.value.EntityUid;

/** The access kind of an operation: the group {@code Action::"access:<kind>"} it belongs to. */
public enum Access {
    READ, WRITE, EXPORT, ADMIN;

    private final EntityUid group = EntityUid.of("Action", "access:" + name().toLowerCase(java.util.Locale.ROOT));

    /** {@code Action::"access:read"} and so on. */
    public EntityUid group() {
        return group;
    }
}
