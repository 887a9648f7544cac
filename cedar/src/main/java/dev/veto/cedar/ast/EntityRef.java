package dev.veto.cedar.ast;

import dev.veto.cedar.value.EntityUid;

/** What a principal or resource scope constraint names: an entity, or a template slot. */
public sealed interface EntityRef {
    record Entity(EntityUid uid) implements EntityRef {}

    record SlotRef(SlotId slot) implements EntityRef {}
}
