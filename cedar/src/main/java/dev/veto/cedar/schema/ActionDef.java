package dev.veto.cedar.schema;

import dev.veto.cedar.schema.SchemaType.RecordType;
import dev.veto.cedar.value.EntityUid;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Set;

/**
 * A declared action. An action declared without {@code appliesTo} has empty principal and
 * resource type sets: it applies to no request.
 *
 * @param uid the action entity, e.g. {@code NS::Action::"view"}
 * @param memberOf the action groups it is directly a member of
 * @param principalTypes fully qualified principal entity types
 * @param resourceTypes fully qualified resource entity types
 * @param context the type of the request context
 */
public record ActionDef(
        EntityUid uid,
        Set<EntityUid> memberOf,
        Set<String> principalTypes,
        Set<String> resourceTypes,
        RecordType context) {
    public ActionDef {
        Objects.requireNonNull(uid, "uid");
        memberOf = Collections.unmodifiableSet(new LinkedHashSet<>(memberOf));
        principalTypes = Collections.unmodifiableSet(new LinkedHashSet<>(principalTypes));
        resourceTypes = Collections.unmodifiableSet(new LinkedHashSet<>(resourceTypes));
        Objects.requireNonNull(context, "context");
    }
}
