package dev.veto.bench.cedarjava;

import dev.veto.bench.workload.DecisionTimer;
import dev.veto.bench.workload.Decider;
import dev.veto.bench.workload.PlainDecider;
import dev.veto.bench.workload.PlatformWorkload;
import dev.veto.bench.workload.Verdict;
import dev.veto.bench.workload.WorkloadRequest;
import dev.veto.cedar.authz.PolicySet;
import dev.veto.cedar.entity.Entities;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Times cedar-java and our plain authorizer on the platform workload with {@link DecisionTimer},
 * after checking that they agree on every timed request; prints latencies and heap.
 *
 * <pre>
 * scripts/bench --main dev.veto.bench.cedarjava.CedarJavaComparison --scale 0.01 [--seed 1] [--requests 2000] [--rounds 3] [--no-store]
 * </pre>
 * {@code --no-store} skips building our entity store (the whole hierarchy with its closure),
 * which at full scale needs a large heap.
 */
public final class CedarJavaComparison {
    private CedarJavaComparison() {}

    public static void main(String[] args) {
        long seed = 1;
        double scale = 0.01;
        int requests = 2000;
        int rounds = 3;
        boolean store = true;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--seed" -> seed = Long.parseLong(args[++i]);
                case "--scale" -> scale = Double.parseDouble(args[++i]);
                case "--requests" -> requests = Integer.parseInt(args[++i]);
                case "--rounds" -> rounds = Integer.parseInt(args[++i]);
                case "--no-store" -> store = false;
                default -> throw new IllegalArgumentException("unknown option `" + args[i] + "`");
            }
        }
        long t0 = System.nanoTime();
        PlatformWorkload w = PlatformWorkload.generate(seed, scale);
        say("generated %s in %.0f ms; heap %d MB", w.counts(), ms(t0), heapMb());

        t0 = System.nanoTime();
        PolicySet policies = w.policySet();
        say("our policy set: %d policies in %.0f ms", policies.size(), ms(t0));
        t0 = System.nanoTime();
        CedarJavaAuthorizer cedarJava = CedarJavaAuthorizer.of(w.policyTexts());
        say("cedar-java policy set (preparsed): %d policies in %.0f ms", cedarJava.size(), ms(t0));

        List<WorkloadRequest> partial = w.requests(0, requests);
        List<WorkloadRequest> full = new ArrayList<>(requests);
        partial.forEach(r -> full.add(w.withFullSlice(r)));
        double avgFull = full.stream().mapToInt(r -> r.slice().size()).average().orElse(0);
        say("%d requests; full slice %.1f entities on average", requests, avgFull);

        Decider ours = PlainDecider.overFullSlice(policies);
        Entities entities = null;
        if (store) {
            t0 = System.nanoTime();
            entities = w.entityStore();
            say("our entity store: %d entities in %.0f ms; heap %d MB", entities.size(), ms(t0), heapMb());
        }
        int disagreements = 0;
        Decider oursStored = entities == null ? null : PlainDecider.overStore(policies, entities);
        for (int i = 0; i < requests; i++) {
            Verdict expected = cedarJava.decide(full.get(i).request(), full.get(i).slice());
            Verdict got = ours.decide(full.get(i).request(), full.get(i).slice());
            Verdict gotStored = oursStored == null ? got : oursStored.decide(partial.get(i).request(), partial.get(i).slice());
            if (!expected.equals(got) || !expected.equals(gotStored)) {
                if (++disagreements <= 5) {
                    say("DISAGREE request %d %s%n  cedar-java: %s%n  ours: %s%n  ours (store): %s",
                            i, full.get(i).request(), expected, got, gotStored);
                }
            }
        }
        say("agreement: %d of %d requests", requests - disagreements, requests);

        int warmup = Math.max(1, 20_000 / requests);
        say("%s", DecisionTimer.time("cedar-java, full slice", cedarJava, full, warmup, rounds));
        say("%s", DecisionTimer.time("ours (plain), full slice", ours, full, warmup, rounds));
        if (oursStored != null) {
            say("%s", DecisionTimer.time("ours (plain), store + slice", oursStored, partial, warmup, rounds));
        }
        say("heap %d MB", heapMb());
    }

    private static void say(String format, Object... args) {
        System.out.println(String.format(Locale.ROOT, format, args));
    }

    private static double ms(long t0) {
        return (System.nanoTime() - t0) / 1e6;
    }

    private static long heapMb() {
        Runtime rt = Runtime.getRuntime();
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return (rt.totalMemory() - rt.freeMemory()) >> 20;
    }
}
