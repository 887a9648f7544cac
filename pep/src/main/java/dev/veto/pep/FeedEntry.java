package dev.veto.pep;

import java.util.Base64;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * An {@code entry} event of the verifying feed, read straight from the shape the server writes —
 * {@code {"index":N,"entry":"…"[,"state":{"salt":"…","data":"…"}]}} or
 * {@code {"index":N,"leaf":"…"}} — without building a JSON tree: every point reads every entry.
 * Anything else (spacing, order, escapes) is left to the JSON reader ({@link #read} gives null,
 * {@link #of} falls back). The feed's other events are read here too: a heartbeat's revision,
 * a checkpoint's note.
 * What it reads is checked as ever: the bytes against the envelope's commitment and the leaf
 * hashes against the signed checkpoint.
 */
record FeedEntry(long index, byte[] entry, byte[] leaf, byte[] salt, byte[] state) {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** The entry event in {@code data}: read straight when it has the usual shape, else as JSON. */
    static FeedEntry of(String data) throws Replica.Refused {
        FeedEntry fast = read(data);
        if (fast != null) {
            return fast;
        }
        JsonNode n = parse(data);
        JsonNode state = n.path("state");
        Base64.Decoder b64 = Base64.getDecoder();
        try {
            return new FeedEntry(n.path("index").asLong(-1),
                    n.hasNonNull("entry") ? b64.decode(n.get("entry").asString()) : null,
                    n.hasNonNull("leaf") ? b64.decode(n.get("leaf").asString()) : null,
                    state.hasNonNull("salt") ? b64.decode(state.get("salt").asString()) : null,
                    state.hasNonNull("data") ? b64.decode(state.get("data").asString()) : null);
        } catch (IllegalArgumentException e) {
            throw new Replica.Refused("an entry event is not valid base64: " + e.getMessage());
        }
    }

    /** The signed note of a {@code checkpoint} event ({@code {"size": N, "note": "…"}}). */
    static String note(String data) throws Replica.Refused {
        return parse(data).path("note").asString("");
    }

    /** The revision in a heartbeat, {@code {"revision":N}}, read without a JSON tree (one a second from every server). */
    static long revision(String data) throws Replica.Refused {
        if (data.startsWith("{\"revision\":") && data.endsWith("}")) {
            try {
                return Long.parseLong(data, 12, data.length() - 1, 10);
            } catch (NumberFormatException e) {
                // not the usual shape: read it as JSON
            }
        }
        return parse(data).path("revision").asLong(-1);
    }

    private static JsonNode parse(String data) throws Replica.Refused {
        try {
            return JSON.readTree(data);
        } catch (RuntimeException e) {
            throw new Replica.Refused("a feed event is not JSON: " + e.getMessage());
        }
    }

    /** The entry in {@code data}, or null when it is not in the usual shape (or not valid base64). */
    static FeedEntry read(String data) {
        Cursor c = new Cursor(data);
        if (!c.take("{\"index\":")) {
            return null;
        }
        long index = c.number();
        if (index < 0) {
            return null;
        }
        byte[] entry = null;
        byte[] leaf = null;
        byte[] salt = null;
        byte[] state = null;
        if (c.take(",\"entry\":\"")) {
            entry = c.base64();
            if (entry == null) {
                return null;
            }
            if (c.take(",\"state\":{\"salt\":\"")) {
                salt = c.base64();
                if (salt == null || !c.take(",\"data\":\"")) {
                    return null;
                }
                state = c.base64();
                if (state == null || !c.take("}")) {
                    return null;
                }
            }
        } else if (c.take(",\"leaf\":\"")) {
            leaf = c.base64();
            if (leaf == null) {
                return null;
            }
        } else {
            return null;
        }
        return c.take("}") && c.atEnd() ? new FeedEntry(index, entry, leaf, salt, state) : null;
    }

    private static final class Cursor {
        private final String s;
        private int at;

        Cursor(String s) {
            this.s = s;
        }

        boolean take(String literal) {
            if (s.startsWith(literal, at)) {
                at += literal.length();
                return true;
            }
            return false;
        }

        /** A non-negative decimal of at most 18 digits, or -1. */
        long number() {
            int start = at;
            long n = 0;
            while (at < s.length() && at - start < 18 && s.charAt(at) >= '0' && s.charAt(at) <= '9') {
                n = n * 10 + (s.charAt(at++) - '0');
            }
            return at == start ? -1 : n;
        }

        /** The base64 string up to the closing quote, decoded (the quote taken); null when invalid. */
        byte[] base64() {
            int end = s.indexOf('"', at);
            if (end < 0) {
                return null;
            }
            try {
                byte[] b = Base64.getDecoder().decode(s.substring(at, end));
                at = end + 1;
                return b;
            } catch (IllegalArgumentException e) {
                return null;
            }
        }

        boolean atEnd() {
            return at == s.length();
        }
    }
}
