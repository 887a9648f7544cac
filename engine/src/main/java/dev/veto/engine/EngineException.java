package dev.veto.engine;

/** An update the engine refuses, such as one that would make the hierarchy cyclic. Nothing of it was applied. */
public final class EngineException extends RuntimeException {
    public EngineException(String message) {
        super(message, null, false, false);
    }
}
