package dev.veto.control;

/** A new token: the secret (shown once, never stored) and its record. */
public record IssuedToken(String token, String id, String name, String role, String org, long revision) {}
