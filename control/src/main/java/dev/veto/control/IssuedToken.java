package dev.veto.control;

import java.time.Instant;

/**
 * A new token: the secret (shown once, never stored) and its record; {@code name} is the subject
 * it belongs to.
 */
public record IssuedToken(String token, String id, String name, String role, String org, Instant expiresAt, long revision) {}
