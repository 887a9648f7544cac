package dev.veto.pep;

import java.util.Base64;

/**
 * An {@code entry} event of the verifying feed, read straight from the shape the server writes —
 * {@code {"index":N,"entry":"…"[,"state":{"salt":"…","data":"…"}]}} or
 * {@code {"index":N,"leaf":"…"}} — without building a JSON tree: every point reads every entry.
 * Anything else (spacing, order, escapes) is left to the JSON reader ({@link #read} gives null).
 * What it reads is checked as ever: the bytes against the envelope's commitment and the leaf
 * hashes against the signed checkpoint.
 */
record FeedEntry(long index, byte[] entry, byte[] leaf, byte[] salt, byte[] state) {

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
