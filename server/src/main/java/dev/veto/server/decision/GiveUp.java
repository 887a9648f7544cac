package dev.veto.server.decision;

/**
 * Thrown by the fast reader to leave a body to the tree reader, which then reads it from the
 * start and explains any fault. Carries no stack, as it is not an error.
 */
final class GiveUp extends RuntimeException {
    static final GiveUp INSTANCE = new GiveUp();

    private GiveUp() {
        super(null, null, false, false);
    }
}
