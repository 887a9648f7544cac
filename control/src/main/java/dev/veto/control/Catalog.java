package dev.veto.control;

import dev.veto.cedar.entity.Entity;
import dev.veto.cedar.value.EntityUid;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * How the service catalog appears in Cedar: operation {@code storage:PutObject} is
 * {@code Action::"storage:PutObject"}, a member of {@code Action::"service:storage"} and of one
 * access group, {@code Action::"access:read"}, {@code write}, {@code export} or {@code admin}.
 */
public final class Catalog {
    public static final List<String> ACCESS_KINDS = List.of("read", "write", "export", "admin");
    static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}");

    private Catalog() {}

    public static EntityUid serviceGroup(String service) {
        return EntityUid.of("Action", "service:" + service);
    }

    public static EntityUid accessGroup(String access) {
        return EntityUid.of("Action", "access:" + access);
    }

    public static EntityUid actionUid(String service, String operation) {
        return EntityUid.of("Action", service + ":" + operation);
    }

    static Entity actionEntity(String service, Event.Operation op) {
        return Entity.of(actionUid(service, op.name()), Map.of(), Set.of(serviceGroup(service), accessGroup(op.access())), Map.of());
    }
}
