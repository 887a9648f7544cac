package dev.veto.bench.workload;

import dev.veto.cedar.authz.Decision;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Times single decisions of any {@link Decider}, one thread, over prepared workload requests:
 * warm-up rounds first (so the JIT has compiled the decider), then every measured decision is
 * timed on its own with {@link System#nanoTime()}. That gives the latency distribution a JMH
 * average hides; the price is about 20–30 ns of timer overhead in each sample.
 *
 * <p>The requests are made (and their slices built) before timing, so only deciding is measured.
 */
public final class DecisionTimer {
    private DecisionTimer() {}

    /**
     * What one timing run saw.
     *
     * @param decisions how many decisions were timed
     * @param medianNanos median latency of one decision
     * @param p99Nanos 99th percentile latency
     * @param maxNanos slowest decision
     * @param meanNanos mean latency
     * @param perSecond decisions per second over the measured wall time
     * @param denies how many of the timed decisions were denials
     */
    public record Timing(String name, int decisions, long medianNanos, long p99Nanos, long maxNanos, double meanNanos,
            double perSecond, int denies) {
        @Override
        public String toString() {
            return String.format(Locale.ROOT, "%s: %d decisions, median %s, p99 %s, max %s, mean %s, %.0f/s, %.1f%% denied",
                    name, decisions, micros(medianNanos), micros(p99Nanos), micros(maxNanos), micros((long) meanNanos),
                    perSecond, 100.0 * denies / decisions);
        }

        private static String micros(long nanos) {
            return String.format(Locale.ROOT, "%.1f µs", nanos / 1000.0);
        }
    }

    /**
     * Decides {@code requests} {@code warmupRounds} times untimed, then {@code measuredRounds} times
     * timing each decision. Each request is decided with the slice it carries.
     */
    public static Timing time(String name, Decider decider, List<WorkloadRequest> requests, int warmupRounds, int measuredRounds) {
        if (requests.isEmpty() || measuredRounds < 1) {
            throw new IllegalArgumentException("need at least one request and one measured round");
        }
        long sink = 0;
        for (int round = 0; round < warmupRounds; round++) {
            for (WorkloadRequest r : requests) {
                sink += decider.decide(r.request(), r.slice()).reasons().size();
            }
        }
        int n = requests.size() * measuredRounds;
        long[] samples = new long[n];
        int denies = 0;
        int i = 0;
        long wall0 = System.nanoTime();
        for (int round = 0; round < measuredRounds; round++) {
            for (WorkloadRequest r : requests) {
                long t0 = System.nanoTime();
                Verdict v = decider.decide(r.request(), r.slice());
                samples[i++] = System.nanoTime() - t0;
                // reading the verdict keeps the JIT from dropping the decision
                denies += v.decision() == Decision.DENY ? 1 : 0;
                sink += v.reasons().size();
            }
        }
        long wall = System.nanoTime() - wall0;
        if (sink == Long.MIN_VALUE) {
            System.out.print("");
        }
        Arrays.sort(samples);
        double mean = Arrays.stream(samples).average().orElse(0);
        return new Timing(name, n, samples[n / 2], samples[Math.min(n - 1, (int) Math.ceil(n * 0.99) - 1)],
                samples[n - 1], mean, n * 1e9 / wall, denies);
    }
}
