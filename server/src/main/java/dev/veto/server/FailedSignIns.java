package dev.veto.server;

import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A budget of failed authentications per source address: {@value #BURST} at once, refilled at
 * {@value #PER_SECOND} a second. A source that has spent it is answered 429 with
 * {@code Retry-After} until it has some again, without its credentials being looked at, so a
 * client guessing tokens (or flooding the log with failures) is slowed to a trickle. Successful
 * requests spend nothing.
 */
final class FailedSignIns {
    static final int BURST = 20;
    static final double PER_SECOND = 2;
    /** Sources remembered at most; the idlest are forgotten first (a full budget needs no memory). */
    static final int MAX_SOURCES = 100_000;

    private record Budget(double left, long at) {}

    private final Map<String, Budget> budgets = new ConcurrentHashMap<>();

    /** Seconds until {@code source} may try again, or 0 when it may now. */
    long retryAfter(String source, long nowNanos) {
        Budget b = budgets.get(source);
        if (b == null) {
            return 0;
        }
        double left = refilled(b, nowNanos);
        return left >= 1 ? 0 : (long) Math.ceil((1 - left) / PER_SECOND);
    }

    /** Spends one failure of {@code source}'s budget. */
    void failed(String source, long nowNanos) {
        budgets.compute(source, (k, b) -> new Budget((b == null ? BURST : refilled(b, nowNanos)) - 1, nowNanos));
        if (budgets.size() > MAX_SOURCES) {
            forgetFull(nowNanos);
        }
    }

    private static double refilled(Budget b, long nowNanos) {
        return Math.min(BURST, b.left() + (nowNanos - b.at()) / 1e9 * PER_SECOND);
    }

    private void forgetFull(long nowNanos) {
        for (Iterator<Map.Entry<String, Budget>> it = budgets.entrySet().iterator(); it.hasNext(); ) {
            if (refilled(it.next().getValue(), nowNanos) >= BURST) {
                it.remove();
            }
        }
    }
}
