package dev.veto.ledger.merkle;

/** The outcome of checking a proof or a log: it holds, or it fails for a stated reason. */
public sealed interface Verdict {
    /** True when the check passed. */
    boolean holds();

    /** The check passed. */
    record Holds() implements Verdict {
        @Override
        public boolean holds() {
            return true;
        }
    }

    /** The check failed; {@code reason} is lower case and names the offending value. */
    record Fails(String reason) implements Verdict {
        @Override
        public boolean holds() {
            return false;
        }
    }

    /** The passing verdict. */
    static Verdict ok() {
        return new Holds();
    }

    /** A failing verdict. */
    static Verdict fail(String reason) {
        return new Fails(reason);
    }
}
