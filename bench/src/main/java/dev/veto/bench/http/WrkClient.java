package dev.veto.bench.http;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Drives load with {@code wrk} (closed loop: each connection sends its next request when the
 * previous answer is in). A Lua script cycles through request bodies, one per line of a file,
 * each thread from its own offset, and prints the latency percentiles on one line; bash's
 * {@code times} gives wrk's CPU time.
 */
final class WrkClient {
    static final String SCRIPT = """
            -- cycles through pre-generated request bodies, one per line of the file given as the first argument
            local reqs = {}
            local n = 0
            local i = 0
            local threads = 0

            function setup(thread)
              threads = threads + 1
              thread:set("thread_id", threads)
            end

            function init(args)
              local headers = { ["Content-Type"] = "application/json", ["Authorization"] = "Bearer " .. args[2] }
              for line in io.lines(args[1]) do
                n = n + 1
                reqs[n] = wrk.format("POST", wrk.path, headers, line)
              end
              i = (((thread_id or 1) - 1) * 7919) % n
            end

            function request()
              i = i + 1
              if i > n then i = 1 end
              return reqs[i]
            end

            function done(s, latency, _)
              local e = s.errors
              io.write(string.format("VETO_WRK requests=%d duration_us=%d connect=%d read=%d write=%d status=%d timeout=%d mean=%.1f p50=%d p90=%d p99=%d p999=%d max=%d\\n",
                s.requests, s.duration, e.connect, e.read, e.write, e.status, e.timeout, latency.mean,
                latency:percentile(50), latency:percentile(90), latency:percentile(99), latency:percentile(99.9), latency.max))
            end
            """;

    private static final Pattern FIELD = Pattern.compile("(\\w+)=([0-9.]+)");
    private static final Pattern TIMES = Pattern.compile("(\\d+)m([0-9.]+)s\\s+(\\d+)m([0-9.]+)s");

    private final Path script;
    private final int threads;

    WrkClient(Path workDir, int threads) {
        this.threads = threads;
        script = workDir.resolve("veto-load.lua");
        try {
            Files.writeString(script, SCRIPT);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Whether {@code wrk} is on the PATH. */
    static boolean available() {
        try {
            Process p = new ProcessBuilder("wrk", "--version").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            p.waitFor();
            return true;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** The command line a run uses, for the record. */
    String command(String url, Path bodies, int connections, int seconds) {
        return String.join(" ", args(url, bodies, "<token>", connections, seconds));
    }

    private List<String> args(String url, Path bodies, String token, int connections, int seconds) {
        return List.of("wrk", "-t", Integer.toString(Math.min(threads, connections)), "-c", Integer.toString(connections),
                "-d", seconds + "s", "--timeout", "30s", "--latency", "-s", script.toString(), url, "--", bodies.toString(), token);
    }

    LoadResult run(String url, Path bodies, String token, int connections, int seconds) {
        List<String> cmd = new ArrayList<>(List.of("bash", "-c", "\"$@\"; rc=$?; times; exit $rc", "bash"));
        cmd.addAll(args(url, bodies, token, connections, seconds));
        String out;
        int rc;
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            rc = p.waitFor();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
        String line = out.lines().filter(l -> l.startsWith("VETO_WRK ")).findFirst()
                .orElseThrow(() -> new IllegalStateException("wrk exited " + rc + " without a result:\n" + out));
        Map<String, String> f = new HashMap<>();
        Matcher m = FIELD.matcher(line);
        while (m.find()) {
            f.put(m.group(1), m.group(2));
        }
        long errors = 0;
        for (String k : List.of("connect", "read", "write", "status", "timeout")) {
            errors += Long.parseLong(f.get(k));
        }
        // `times` prints the shell's own user/system time, then its children's (wrk's)
        double cpu = Double.NaN;
        List<String> times = out.lines().filter(l -> TIMES.matcher(l).matches()).toList();
        if (times.size() >= 2) {
            Matcher t = TIMES.matcher(times.get(times.size() - 1));
            if (t.matches()) {
                cpu = Long.parseLong(t.group(1)) * 60 + Double.parseDouble(t.group(2)) + Long.parseLong(t.group(3)) * 60
                        + Double.parseDouble(t.group(4));
            }
        }
        return new LoadResult(Long.parseLong(f.get("requests")), Long.parseLong(f.get("duration_us")) / 1e6, errors,
                Double.parseDouble(f.get("mean")), Long.parseLong(f.get("p50")), Long.parseLong(f.get("p90")),
                Long.parseLong(f.get("p99")), Long.parseLong(f.get("p999")), Long.parseLong(f.get("max")), cpu);
    }
}
