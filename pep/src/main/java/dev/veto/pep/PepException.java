package dev.veto.pep;

/** Why an enforcement point did not decide a request. Every case names what to do about it. */
public abstract sealed class PepException extends RuntimeException
        permits PepException.InvalidRequest, PepException.RevisionUnavailable, PepException.NotReady {

    PepException(String message) {
        super(message, null, false, false);
    }

    /**
     * The request names what Veto does not know (an action outside the catalog, a type spelled in
     * another case, an entity it cannot place) or brings entities a request may not: nothing was
     * decided. {@link #field()} names the request field at fault.
     */
    public static final class InvalidRequest extends PepException {
        private final String field;

        public InvalidRequest(String field, String message) {
            super(message);
            this.field = field;
        }

        public String field() {
            return field;
        }
    }

    /** The caller demanded a revision the replica did not reach within the bound: never a decision on older state. */
    public static final class RevisionUnavailable extends PepException {
        private final long demanded;
        private final long current;

        public RevisionUnavailable(long demanded, long current) {
            super("this enforcement point is at revision " + current + ", below the demanded " + demanded + "; retry shortly");
            this.demanded = demanded;
            this.current = current;
        }

        public long demanded() {
            return demanded;
        }

        public long current() {
            return current;
        }
    }

    /** The replica has no verified state yet (still bootstrapping, or every server refused it). */
    public static final class NotReady extends PepException {
        public NotReady(String message) {
            super(message);
        }
    }
}
