package dev.veto.control;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The bearer tokens the log records, by the SHA-256 of their secret. Read on every request
 * without the control plane's lock, so the map is concurrent; written only by {@link State#apply}.
 */
final class Tokens {
    private final Map<String, Event.TokenCreated> bySha256 = new ConcurrentHashMap<>();
    private volatile int count;

    void add(Event.TokenCreated t) {
        bySha256.put(t.sha256(), t);
        count++;
    }

    int count() {
        return count;
    }

    /** The actor behind a bearer token. */
    Actor authenticate(String token) {
        if (token == null || token.isBlank()) {
            throw new Rejection(Rejection.Kind.UNAUTHENTICATED, "missing bearer token; send the header `Authorization: Bearer <token>` (create one with `veto token create`)");
        }
        Event.TokenCreated t = bySha256.get(sha256Hex(token));
        if (t == null) {
            throw new Rejection(Rejection.Kind.UNAUTHENTICATED, "unknown bearer token; check it was copied whole, or create a new one with `veto token create`");
        }
        return new Actor(t.name(), t.role(), t.org());
    }

    static String sha256Hex(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }
}
