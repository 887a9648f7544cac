package dev.veto.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import dev.veto.ledger.fsck.FsckReport;
import dev.veto.ledger.note.SignerKey;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills a child JVM that appends under load with SIGKILL at random moments; after each kill every
 * acknowledged entry must be there, at its index, and the log must pass its checks.
 */
class CrashTest {
    private static final int KILLS = 22;

    @Test
    void acknowledgedAppendsSurviveSigkill(@TempDir Path dir) throws Exception {
        String db = dir.resolve("crash.db").toString();
        SignerKey key = SignerKey.generate("crash.test/log");
        Log.create(db, "crash.test/log", key).close();
        String java = ProcessHandle.current().info().command().orElse("java");
        Random random = new Random();
        Map<Long, String> acked = new HashMap<>();
        long started = System.nanoTime();
        for (int kill = 0; kill < KILLS; kill++) {
            Process child = new ProcessBuilder(java, "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-XX:-UsePerfData", "-Xshare:auto", "-cp", System.getProperty("java.class.path"),
                    CrashChild.class.getName(), db, key.encode())
                    .redirectError(dir.resolve("child-" + kill + ".err").toFile())
                    .start();
            List<String> lines = new ArrayList<>();
            CountDownLatch ready = new CountDownLatch(1);
            Thread reader = new Thread(() -> {
                try (BufferedReader r = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
                    for (String line; (line = r.readLine()) != null; ) {
                        if (line.equals("ready")) {
                            ready.countDown();
                        } else {
                            synchronized (lines) {
                                lines.add(line);
                            }
                        }
                    }
                } catch (java.io.IOException e) {
                    // the pipe breaks when the child dies; what was read is what was acknowledged
                }
            });
            reader.start();
            assertThat(ready.await(30, TimeUnit.SECONDS)).as("child %d started", kill).isTrue();
            Thread.sleep(20 + random.nextInt(400));
            child.destroyForcibly();
            assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
            reader.join();
            for (String line : lines) {
                // a line cut by the kill lacks its trailing part; only whole lines count
                String[] parts = line.split(" ", 3);
                if (parts.length == 3 && parts[0].equals("ack")) {
                    String previous = acked.put(Long.parseLong(parts[1]), parts[2]);
                    assertThat(previous).as("index %s acknowledged twice", parts[1]).isNull();
                }
            }
            // Reopening runs the self-check; then every acknowledged entry must be in place.
            try (Log log = Log.open(db, key)) {
                for (Map.Entry<Long, String> e : acked.entrySet()) {
                    assertThat(e.getKey()).isLessThan(log.size());
                    assertThat(new String(log.entry(e.getKey()), StandardCharsets.UTF_8)).isEqualTo(e.getValue());
                }
                FsckReport r = log.verify(List.of(key.verifier()));
                assertThat(r.ok()).as("after kill %d: %s", kill, r.summary()).isTrue();
            }
        }
        assertThat(acked).isNotEmpty();
        System.out.printf("crash test: %d kills, %d acknowledged entries, %.1f s%n", KILLS, acked.size(), (System.nanoTime() - started) / 1e9);
    }
}
