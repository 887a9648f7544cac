package dev.veto.cedar.schema;

import dev.veto.cedar.schema.SchemaType.RecordType;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A declared entity type.
 *
 * @param name the fully qualified type name, e.g. {@code NS::User}
 * @param memberOfTypes fully qualified types that entities of this type may be direct members of
 * @param shape the attributes of its entities (empty for enumerated types)
 * @param tags the type of every tag value, or null if its entities may have no tags
 * @param enumIds the only allowed entity ids, in declaration order, or null unless enumerated
 */
public record EntityTypeDef(
        String name, Set<String> memberOfTypes, RecordType shape, SchemaType tags, List<String> enumIds) {
    public EntityTypeDef {
        Objects.requireNonNull(name, "name");
        memberOfTypes = Collections.unmodifiableSet(new LinkedHashSet<>(memberOfTypes));
        Objects.requireNonNull(shape, "shape");
        enumIds = enumIds == null ? null : List.copyOf(enumIds);
    }

    /** Whether this is an enumerated entity type ({@code entity E enum [...]}). */
    public boolean isEnum() {
        return enumIds != null;
    }
}
