package dev.veto.cedar.json;

/**
 * Cedar JSON (entities, values, context, requests) that cannot be read. The message names the
 * source and the JSON path of the problem, e.g.
 * {@code entities.json: [2].attrs.owner: expected an entity reference, got a string}.
 */
public final class JsonFormatException extends RuntimeException {
    public JsonFormatException(String message) {
        super(message, null, false, false);
    }
}
