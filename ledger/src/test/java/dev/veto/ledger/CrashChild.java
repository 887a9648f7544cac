package dev.veto.ledger;

import dev.veto.ledger.note.SignerKey;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;

/**
 * The child process of {@link CrashTest}: appends from several threads until killed, printing
 * {@code ack <index> <entry>} for every append that returned (was acknowledged).
 */
public final class CrashChild {
    public static void main(String[] args) throws Exception {
        String db = args[0];
        SignerKey key = SignerKey.parse(args[1]);
        PrintStream out = new PrintStream(System.out, false, StandardCharsets.UTF_8);
        String run = UUID.randomUUID().toString().substring(0, 8);
        try (Log log = Log.open(db, key)) {
            synchronized (out) {
                out.println("ready");
                out.flush();
            }
            int writers = 8;
            Thread[] threads = new Thread[writers];
            for (int t = 0; t < writers; t++) {
                int thread = t;
                threads[t] = new Thread(() -> {
                    for (int i = 0; ; i++) {
                        String e = run + "-w" + thread + "-" + i;
                        // Every third append is a small batch, so batches of mixed shapes are in flight.
                        if (i % 3 == 0) {
                            Appended a = log.append(List.of(bytes(e + "a"), bytes(e + "b")));
                            synchronized (out) {
                                out.println("ack " + a.firstIndex() + " " + e + "a");
                                out.println("ack " + (a.firstIndex() + 1) + " " + e + "b");
                                out.flush();
                            }
                        } else {
                            long index = log.append(bytes(e));
                            synchronized (out) {
                                out.println("ack " + index + " " + e);
                                out.flush();
                            }
                        }
                    }
                });
                threads[t].start();
            }
            for (Thread t : threads) {
                t.join();
            }
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
