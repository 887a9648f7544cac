package dev.veto.cli.pep;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * One operating-system process of the product jar ({@code java -jar veto.jar …}), with its stdout
 * and stderr in files beside each other ({@code NAME.out}, {@code NAME.err}), so a test can wait
 * for its JSON log lines and show their tails when something fails.
 */
public final class JarProcess implements AutoCloseable {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    /** Lines of each stream a failure message shows. */
    private static final int TAIL = 30;

    private final String name;
    private final Process process;
    private final Path out;
    private final Path err;

    private JarProcess(String name, Process process, Path out, Path err) {
        this.name = name;
        this.process = process;
        this.out = out;
        this.err = err;
    }

    /** The JDK running this test: the product needs 21 or newer, and so does the build that runs this. */
    public static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** Starts {@code java -jar jar args…} in {@code dir}; its output goes to {@code dir/NAME.out} and {@code dir/NAME.err}. */
    public static JarProcess start(Path jar, Path dir, String name, List<String> args) {
        List<String> command = new ArrayList<>(List.of(java(), "-jar", jar.toString()));
        command.addAll(args);
        Path out = dir.resolve(name + ".out");
        Path err = dir.resolve(name + ".err");
        try {
            Process p = new ProcessBuilder(command).directory(dir.toFile())
                    .redirectOutput(ProcessBuilder.Redirect.to(out.toFile()))
                    .redirectError(ProcessBuilder.Redirect.to(err.toFile()))
                    .start();
            return new JarProcess(name, p, out, err);
        } catch (IOException e) {
            throw new AssertionError("cannot start " + command + ": " + e, e);
        }
    }

    /** Runs a command to its end (within a minute); fails unless it exits 0; returns what it printed on stdout, stripped. */
    public static String run(Path jar, Path dir, String name, String... args) {
        try (JarProcess p = start(jar, dir, name, List.of(args))) {
            if (!p.process.waitFor(60, TimeUnit.SECONDS)) {
                throw new AssertionError("veto " + String.join(" ", args) + " did not end within a minute\n" + p.tails());
            }
            if (p.process.exitValue() != 0) {
                throw new AssertionError("veto " + String.join(" ", args) + " exited " + p.process.exitValue() + "\n" + p.tails());
            }
            return Files.readString(p.out, StandardCharsets.UTF_8).strip();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    public String name() {
        return name;
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /**
     * The first JSON line on stdout whose {@code msg} is {@code msg}; fails with the tails when
     * the process ends or {@code timeout} passes first.
     */
    public JsonNode awaitLog(String msg, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            for (String line : lines(out)) {
                if (!line.startsWith("{")) {
                    continue;
                }
                JsonNode n;
                try {
                    n = JSON.readTree(line);
                } catch (RuntimeException e) {
                    continue; // a line still being written
                }
                if (msg.equals(n.path("msg").asString(""))) {
                    return n;
                }
            }
            if (!process.isAlive()) {
                throw new AssertionError(name + " ended (exit " + process.exitValue() + ") before logging \"" + msg + "\"\n" + tails());
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError(name + " did not log \"" + msg + "\" within " + timeout + "\n" + tails());
            }
            Thread.sleep(20);
        }
    }

    /** Whether stdout holds a JSON line with this {@code msg}. */
    public boolean logged(String msg) {
        String needle = "\"msg\":\"" + msg + "\"";
        return lines(out).stream().anyMatch(l -> l.contains(needle));
    }

    /**
     * Kills the process with SIGKILL (what {@link Process#destroyForcibly()} sends on Linux and
     * macOS): no shutdown hook runs, no socket is closed politely. Returns once the operating
     * system no longer has the process; fails otherwise.
     */
    public void kill() throws InterruptedException {
        long pid = process.pid();
        process.destroyForcibly();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            throw new AssertionError(name + " (pid " + pid + ") survived SIGKILL for 10 s");
        }
        boolean alive = ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
        if (alive) {
            throw new AssertionError(name + " (pid " + pid + ") is still alive after SIGKILL");
        }
    }

    public int exitValue() {
        return process.exitValue();
    }

    /** The last lines of stdout and stderr, for failure messages. */
    public String tails() {
        return "--- " + name + " (pid " + process.pid() + (process.isAlive() ? ", running" : ", exit " + process.exitValue()) + ") stdout, last "
                + TAIL + " lines:\n" + tail(out) + "--- " + name + " stderr, last " + TAIL + " lines:\n" + tail(err);
    }

    private static String tail(Path file) {
        List<String> lines = lines(file);
        StringBuilder b = new StringBuilder();
        for (String l : lines.subList(Math.max(0, lines.size() - TAIL), lines.size())) {
            b.append(l.length() > 600 ? l.substring(0, 600) + "…" : l).append('\n');
        }
        return b.toString();
    }

    private static List<String> lines(Path file) {
        try {
            return Files.exists(file) ? new String(Files.readAllBytes(file), StandardCharsets.UTF_8).lines().toList() : List.of();
        } catch (IOException e) {
            return List.of("(cannot read " + file + ": " + e + ")");
        }
    }

    /** Stops the process at once (SIGKILL) if it still runs, and waits for it. */
    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroyForcibly();
            try {
                process.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
