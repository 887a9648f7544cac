package dev.veto.server.decision;

/**
 * What a decision body may hold, defined once for both readers (the fast one matches these names
 * word by word, the tree reader checks them and explains faults): the fields of a batch, a
 * request, an entity, an entity reference and an extension call, in the order the fast reader
 * numbers them, and the rules every request obeys.
 */
final class RequestFields {
    private RequestFields() {}

    static final FieldNames BATCH = new FieldNames("requests", "atLeastRevision");
    static final int REQUESTS = 0;

    static final FieldNames REQUEST = new FieldNames("principal", "action", "resource", "context", "entities", "atLeastRevision");
    static final int PRINCIPAL = 0;
    static final int ACTION = 1;
    static final int RESOURCE = 2;
    static final int CONTEXT = 3;
    static final int ENTITIES = 4;
    static final int AT_LEAST_REVISION = 5;

    static final FieldNames ENTITY = new FieldNames("uid", "attrs", "parents", "tags");
    static final int UID = 0;
    static final int ATTRS = 1;
    static final int PARENTS = 2;

    static final FieldNames ENTITY_REF = new FieldNames("type", "id");
    static final int TYPE = 0;

    static final FieldNames EXTENSION = new FieldNames("fn", "arg", "args");
    static final int FN = 0;
    static final int ARG = 1;
    static final int ARGS = 2;

    /** Deeper values are left to the tree reader, which bounds nesting itself. */
    static final int MAX_DEPTH = 64;

    /** The context field Veto sets from its own clock; a request may not. */
    static final String NOW = "now";
    static final String NOW_REFUSED = "`now` is set by Veto from its own clock; leave it out";

    static final String UNKNOWN_FIELD = "unknown field; a decision request has principal, action, resource, context, entities and atLeastRevision";

    /** The escapes Cedar's JSON uses in value position: an extension call and an entity reference. */
    static final String EXTENSION_ESCAPE = "__extn";
    static final String ENTITY_ESCAPE = "__entity";
}
