package dev.veto.server.identity;

import dev.veto.control.Actor;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One-time sign-in links, held in memory: a random secret per link, good for one sign-in within
 * {@link #LIFETIME}. They stand in for an identity provider on the embedded default, so a newcomer
 * reaches every role of the demo from the links the CLI prints.
 */
final class SignInLinks {
    static final Duration LIFETIME = Duration.ofHours(24);
    static final int MAX = 10_000;

    private record Link(Actor actor, long expiresAtNanos) {}

    private final SecureRandom random = new SecureRandom();
    private final Map<String, Link> links = new ConcurrentHashMap<>();

    String mint(Actor actor) {
        if (links.size() >= MAX) {
            expire();
        }
        byte[] b = new byte[32];
        random.nextBytes(b);
        String secret = Base64.getUrlEncoder().withoutPadding().encodeToString(b);
        links.put(secret, new Link(actor, System.nanoTime() + LIFETIME.toNanos()));
        return secret;
    }

    Actor peek(String secret) {
        Link l = secret == null ? null : links.get(secret);
        return l == null || System.nanoTime() - l.expiresAtNanos() > 0 ? null : l.actor();
    }

    /** The link's holder, once: the link is gone afterwards (two racing uses cannot both win). */
    Actor use(String secret) {
        Link l = secret == null ? null : links.remove(secret);
        return l == null || System.nanoTime() - l.expiresAtNanos() > 0 ? null : l.actor();
    }

    private void expire() {
        long now = System.nanoTime();
        for (Iterator<Link> it = links.values().iterator(); it.hasNext(); ) {
            if (now - it.next().expiresAtNanos() > 0) {
                it.remove();
            }
        }
    }
}
