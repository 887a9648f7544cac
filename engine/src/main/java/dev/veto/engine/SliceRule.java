package dev.veto.engine;

/** How a request's own entities (its slice) combine with the stored ones, for that request. */
public enum SliceRule {
    /**
     * Cedar's rule: a request's entity stands in for the stored entity of the same uid, parents
     * and all.
     */
    REPLACES,
    /**
     * A request's entity may add parents to a stored entity of the same uid but never drops the
     * stored ones (its attributes are still the request's): a caller cannot take a stored entity
     * out from under an ancestor, such as an account from under a unit under enforcement.
     */
    EXTENDS
}
