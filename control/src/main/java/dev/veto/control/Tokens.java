package dev.veto.control;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The bearer tokens the log records, by the SHA-256 of their secret, and the subjects they belong
 * to. Read on every request without the control plane's lock, so the maps are concurrent; written
 * only by {@link State#apply}.
 */
final class Tokens {
    /** One token: whose, in which role, until when; revoked once {@code revokedAt} is set. */
    static final class Token {
        final String id;
        final String subject;
        final Role role;
        final String org;
        final Instant expiresAt;
        final String createdBy;
        volatile Instant revokedAt;

        Token(Event.TokenCreated e) {
            this.id = e.id();
            this.subject = Subjects.recorded(e.name());
            this.role = e.role();
            this.org = e.org();
            this.expiresAt = e.expiresAt();
            this.createdBy = e.by();
        }
    }

    /** What a subject was given through its tokens: its staff roles, or the organization it is a customer of. */
    record Holder(Set<Role> roles, String org) {}

    private final Map<String, Token> bySha256 = new ConcurrentHashMap<>();
    private final Map<String, Token> byId = new ConcurrentHashMap<>();
    private final Map<String, Holder> holders = new ConcurrentHashMap<>();

    void add(Event.TokenCreated e) {
        Token t = new Token(e);
        bySha256.put(e.sha256(), t);
        byId.put(t.id, t);
        holders.merge(t.subject, new Holder(EnumSet.of(t.role), t.org), (a, b) -> {
            Set<Role> roles = EnumSet.copyOf(a.roles());
            roles.addAll(b.roles());
            return new Holder(Set.copyOf(roles), a.org() != null ? a.org() : b.org());
        });
    }

    void revoke(Event.TokenRevoked e, Instant at) {
        byId.get(e.id()).revokedAt = at;
    }

    int count() {
        return byId.size();
    }

    Token byId(String id) {
        return byId.get(id);
    }

    /** What tokens gave {@code subject} so far, or null for a subject no token names. */
    Holder holder(String subject) {
        return holders.get(subject);
    }

    /** The subject's tokens, oldest first. */
    List<Token> of(String subject) {
        return byId.values().stream().filter(t -> t.subject.equals(subject)).sorted(java.util.Comparator.comparing(t -> t.id)).toList();
    }

    /**
     * The actor behind a bearer token at {@code now}: its subject in the token's role, as long as
     * the token is neither expired nor revoked and the subject still holds the role (an approver
     * token stops working when its subject leaves the roster).
     */
    Actor authenticate(String token, Instant now, Roster roster) {
        if (token == null || token.isBlank()) {
            throw new Rejection(Rejection.Kind.UNAUTHENTICATED, "missing bearer token; send the header `Authorization: Bearer <token>` (create one with `veto token create`)");
        }
        Token t = bySha256.get(sha256Hex(token));
        if (t == null) {
            throw new Rejection(Rejection.Kind.UNAUTHENTICATED, "unknown bearer token; check it was copied whole, or create a new one with `veto token create`");
        }
        if (t.revokedAt != null) {
            throw new Rejection(Rejection.Kind.UNAUTHENTICATED, "token " + t.id + " was revoked at " + t.revokedAt + "; create a new one");
        }
        if (t.expiresAt != null && !now.isBefore(t.expiresAt)) {
            throw new Rejection(Rejection.Kind.UNAUTHENTICATED, "token " + t.id + " expired at " + t.expiresAt + "; create a new one");
        }
        if (t.role == Role.APPROVER && !roster.contains(t.subject)) {
            throw new Rejection(Rejection.Kind.UNAUTHENTICATED, "token " + t.id + " is an approver's, and \"" + t.subject
                    + "\" is not on the approver roster; only two approvers can add someone to it");
        }
        return new Actor(t.subject, Set.of(t.role), t.org);
    }

    static String sha256Hex(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }
}
