package dev.veto.cedar.entity;

/** A set of entities that cannot be loaded: malformed JSON, a cycle in the hierarchy, a duplicate. */
public final class EntitiesException extends RuntimeException {
    public EntitiesException(String message) {
        super(message, null, false, false);
    }
}
