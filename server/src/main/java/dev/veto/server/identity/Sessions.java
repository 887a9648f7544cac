package dev.veto.server.identity;

import dev.veto.control.Role;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Browser sessions of people who signed in through {@code /login}, held in memory (a restart
 * signs everyone out). The cookie carries a random id, never a credential of the provider's; each
 * session has its own CSRF token, which every request that changes something must send back.
 */
final class Sessions {
    static final Duration LIFETIME = Duration.ofHours(8);
    static final int MAX = 100_000;

    /** Who signed in, as the provider's claims said; the actor is worked out again on each request (the roster may change). */
    record Session(String subject, Set<Role> roles, String org, String csrf, long expiresAtNanos) {}

    private final SecureRandom random = new SecureRandom();
    private final Map<String, Session> sessions = new ConcurrentHashMap<>();

    /** Opens a session; returns its id, the cookie's value. */
    String open(String subject, Set<Role> roles, String org) {
        if (sessions.size() >= MAX) {
            expire();
        }
        String id = secret();
        sessions.put(id, new Session(subject, Set.copyOf(roles), org, secret(), System.nanoTime() + LIFETIME.toNanos()));
        return id;
    }

    Session get(String id) {
        Session s = id == null ? null : sessions.get(id);
        if (s != null && System.nanoTime() - s.expiresAtNanos() > 0) {
            sessions.remove(id);
            return null;
        }
        return s;
    }

    void close(String id) {
        if (id != null) {
            sessions.remove(id);
        }
    }

    String secret() {
        byte[] b = new byte[32];
        random.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    private void expire() {
        long now = System.nanoTime();
        for (Iterator<Session> it = sessions.values().iterator(); it.hasNext(); ) {
            if (now - it.next().expiresAtNanos() > 0) {
                it.remove();
            }
        }
    }
}
