package dev.veto.ledger.witness;

import dev.veto.ledger.note.VerifierKey;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** The logs a witness cosigns for: each origin with the verifier keys it trusts for it. */
public final class KnownLogs {
    private final Map<String, List<VerifierKey>> keys;
    // The monitoring URL names a log by the lowercase hex SHA-256 of its origin; computed once.
    private final Map<String, String> byOriginHash;

    /** Logs by origin; each origin needs at least one key. */
    public KnownLogs(Map<String, ? extends Collection<VerifierKey>> keysByOrigin) {
        Map<String, List<VerifierKey>> k = new LinkedHashMap<>();
        Map<String, String> h = new LinkedHashMap<>();
        keysByOrigin.forEach((origin, ks) -> {
            if (origin.isEmpty() || origin.indexOf('\n') >= 0) {
                throw new IllegalArgumentException("log origin \"" + origin + "\" is empty or spans lines");
            }
            if (ks.isEmpty()) {
                throw new IllegalArgumentException("log \"" + origin + "\" has no verifier key");
            }
            k.put(origin, List.copyOf(ks));
            h.put(originHash(origin), origin);
        });
        this.keys = Map.copyOf(k);
        this.byOriginHash = Map.copyOf(h);
    }

    /**
     * Logs named by their keys: each key is trusted for the origin equal to its name (c2sp.org/tlog-checkpoint:
     * a log's key name should match its origin; Veto's logs do). Several keys of one name are
     * all trusted for that origin, as during a key rotation.
     */
    public static KnownLogs of(Collection<VerifierKey> keys) {
        Map<String, List<VerifierKey>> m = new LinkedHashMap<>();
        for (VerifierKey k : keys) {
            m.computeIfAbsent(k.name(), n -> new ArrayList<>()).add(k);
        }
        return new KnownLogs(m);
    }

    /** The keys trusted for {@code origin}, if the log is known. */
    public Optional<List<VerifierKey>> keys(String origin) {
        return Optional.ofNullable(keys.get(origin));
    }

    /** Every known origin. */
    public Set<String> origins() {
        return keys.keySet();
    }

    /** The origin whose SHA-256, lowercase hex, is {@code hash}, if it is known. */
    public Optional<String> byOriginHash(String hash) {
        return Optional.ofNullable(byOriginHash.get(hash));
    }

    /** The lowercase hex SHA-256 of an origin, as the monitoring URL {@code <prefix>/<origin hash>/checkpoint} uses it. */
    public static String originHash(String origin) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(origin.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK lacks SHA-256", e);
        }
    }
}
