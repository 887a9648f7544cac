package dev.veto.bench.http;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The fallback load generator when {@code wrk} is missing: one platform thread per keep-alive
 * HTTP/1.1 connection, closed loop like wrk, in the server's own JVM (so its CPU competes with
 * the server's inside one process; its threads' CPU time is reported as the client's).
 */
final class SocketClient {
    private SocketClient() {}

    /** The raw bytes of a POST with {@code body}. */
    static byte[] request(String path, String token, String body) {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        String head = "POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nAuthorization: Bearer "
                + token + "\r\nContent-Length: " + b.length + "\r\n\r\n";
        byte[] h = head.getBytes(StandardCharsets.US_ASCII);
        byte[] out = Arrays.copyOf(h, h.length + b.length);
        System.arraycopy(b, 0, out, h.length, b.length);
        return out;
    }

    static LoadResult run(int port, List<byte[]> requests, int connections, int seconds) throws InterruptedException {
        long start = System.nanoTime();
        long deadline = start + seconds * 1_000_000_000L;
        AtomicLong errors = new AtomicLong();
        AtomicLong cpuNanos = new AtomicLong();
        List<long[]> latencies = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        for (int c = 0; c < connections; c++) {
            int offset = (int) ((c * 7919L) % requests.size());
            long[][] mine = new long[1][];
            Thread t = Thread.ofPlatform().name("load-" + c).start(() -> {
                long[] lat = new long[1 << 16];
                int n = 0;
                int i = offset;
                try (Socket s = new Socket("127.0.0.1", port)) {
                    s.setTcpNoDelay(true);
                    OutputStream out = s.getOutputStream();
                    InputStream in = new BufferedInputStream(s.getInputStream(), 1 << 16);
                    while (System.nanoTime() < deadline) {
                        long t0 = System.nanoTime();
                        out.write(requests.get(i));
                        out.flush();
                        int status = readResponse(in);
                        if (status < 200 || status > 299) {
                            errors.incrementAndGet();
                        }
                        if (n == lat.length) {
                            lat = Arrays.copyOf(lat, n * 2);
                        }
                        lat[n++] = (System.nanoTime() - t0) / 1000;
                        i = i + 1 == requests.size() ? 0 : i + 1;
                    }
                } catch (IOException e) {
                    errors.incrementAndGet();
                }
                mine[0] = Arrays.copyOf(lat, n);
                cpuNanos.addAndGet(mx.getCurrentThreadCpuTime());
                synchronized (latencies) {
                    latencies.add(mine[0]);
                }
            });
            threads.add(t);
        }
        for (Thread t : threads) {
            t.join();
        }
        double elapsed = (System.nanoTime() - start) / 1e9;
        long[] all = latencies.stream().flatMapToLong(Arrays::stream).sorted().toArray();
        if (all.length == 0) {
            throw new IllegalStateException("no request completed; " + errors.get() + " errors");
        }
        double mean = Arrays.stream(all).average().orElse(0);
        return new LoadResult(all.length, elapsed, errors.get(), mean, pct(all, 50), pct(all, 90), pct(all, 99), pct(all, 99.9),
                all[all.length - 1], cpuNanos.get() / 1e9);
    }

    private static long pct(long[] sorted, double p) {
        int i = (int) Math.ceil(p / 100 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
    }

    /** Reads one response (Content-Length or chunked) and returns its status. */
    static int readResponse(InputStream in) throws IOException {
        String status = line(in);
        if (status == null) {
            throw new IOException("connection closed");
        }
        int code = Integer.parseInt(status.substring(9, 12));
        long length = -1;
        boolean chunked = false;
        for (String h = line(in); !h.isEmpty(); h = line(in)) {
            int colon = h.indexOf(':');
            String name = h.substring(0, colon).trim();
            if (name.equalsIgnoreCase("Content-Length")) {
                length = Long.parseLong(h.substring(colon + 1).trim());
            } else if (name.equalsIgnoreCase("Transfer-Encoding") && h.toLowerCase().contains("chunked")) {
                chunked = true;
            }
        }
        if (chunked) {
            for (long size = Long.parseLong(line(in).trim(), 16); size > 0; size = Long.parseLong(line(in).trim(), 16)) {
                in.skipNBytes(size);
                line(in);
            }
            line(in);
        } else if (length > 0) {
            in.skipNBytes(length);
        }
        return code;
    }

    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream(64);
        int c;
        while ((c = in.read()) != '\n') {
            if (c < 0) {
                return b.size() == 0 ? null : b.toString(StandardCharsets.US_ASCII);
            }
            if (c != '\r') {
                b.write(c);
            }
        }
        return b.toString(StandardCharsets.US_ASCII);
    }
}
