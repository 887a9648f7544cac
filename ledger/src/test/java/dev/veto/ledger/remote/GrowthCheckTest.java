package dev.veto.ledger.remote;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.veto.ledger.Log;
import dev.veto.ledger.merkle.Hashes;
import dev.veto.ledger.note.Checkpoint;
import dev.veto.ledger.note.SignerKey;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BiFunction;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link GrowthCheck} over real HTTP against a real log of 70,000 entries (three tile levels),
 * served by a small JDK server that can alter or withhold what it serves: every growth between
 * sizes on both sides of tile and level edges verifies, and every altered byte of a tile or an
 * entry, at any level, is caught and named.
 */
class GrowthCheckTest {
    private static final String ORIGIN = "growth.veto.test/log";
    private static final int N = 70_000;

    @TempDir
    static Path dir;
    private static Log log;
    private static HttpServer server;
    /** Alters an answer (path, body) → body; null answers 404. */
    private static volatile BiFunction<String, byte[], byte[]> alter = (p, b) -> b;

    @BeforeAll
    static void serve() throws Exception {
        log = Log.create(dir.resolve("log.db").toString(), ORIGIN, SignerKey.generate(ORIGIN));
        for (int from = 0; from < N; from += 10_000) {
            List<byte[]> batch = new ArrayList<>();
            for (int i = from; i < Math.min(N, from + 10_000); i++) {
                batch.add(("entry " + i).getBytes(StandardCharsets.UTF_8));
            }
            log.append(batch);
        }
        // The JDK server writes headers and body apart; without TCP_NODELAY each answer waits ~40 ms for a delayed ACK.
        System.setProperty("sun.net.httpserver.nodelay", "true");
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/log/", GrowthCheckTest::answer);
        server.start();
    }

    @AfterAll
    static void stop() {
        server.stop(0);
        log.close();
    }

    @BeforeEach
    void honest() {
        alter = (p, b) -> b;
    }

    private static void answer(HttpExchange ex) throws IOException {
        try (ex) {
            String path = ex.getRequestURI().getPath();
            Optional<byte[]> body = path.equals("/log/checkpoint") ? Optional.of(log.checkpoint().note().getBytes(StandardCharsets.UTF_8))
                    : log.tile(path.substring("/log/".length()));
            byte[] b = body.map(x -> alter.apply(path, x)).orElse(null);
            if (b == null) {
                ex.sendResponseHeaders(404, -1);
                return;
            }
            ex.sendResponseHeaders(200, b.length == 0 ? -1 : b.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(b);
            }
        }
    }

    private static RemoteLog remote() {
        return new RemoteLog(URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/"), null);
    }

    private static GrowthCheck.Verified verified(long size) {
        return size == 0 ? GrowthCheck.Verified.empty() : new GrowthCheck.Verified(size, log.root(size));
    }

    private static Checkpoint at(long size) {
        return new Checkpoint(ORIGIN, size, log.root(size));
    }

    private static GrowthCheck.Outcome grow(long from, long to, List<Long> seen) {
        return GrowthCheck.run(remote(), verified(from), at(to), (index, entry) -> {
            seen.add(index);
            return new String(entry, StandardCharsets.UTF_8).equals("entry " + index) ? null : "is not \"entry " + index + "\"";
        });
    }

    @Test
    void everyGrowthAcrossTileAndLevelEdgesVerifies() {
        long[] sizes = {0, 1, 2, 255, 256, 257, 300, 511, 512, 65_535, 65_536, 65_537, 66_000, N};
        for (int i = 0; i < sizes.length; i++) {
            for (int j = i; j < sizes.length; j += 2) {
                List<Long> seen = new ArrayList<>();
                GrowthCheck.Outcome o = grow(sizes[i], sizes[j], seen);
                assertThat(o).as("%d to %d", sizes[i], sizes[j]).isInstanceOf(GrowthCheck.Grown.class);
                GrowthCheck.Grown g = (GrowthCheck.Grown) o;
                assertThat(g.entries()).isEqualTo(sizes[j] - sizes[i]);
                assertThat(seen).hasSize((int) (sizes[j] - sizes[i]));
                if (!seen.isEmpty()) {
                    assertThat(seen.get(0)).isEqualTo(sizes[i]);
                    assertThat(seen.get(seen.size() - 1)).isEqualTo(sizes[j] - 1);
                }
            }
        }
        GrowthCheck.Grown whole = (GrowthCheck.Grown) grow(0, N, new ArrayList<>());
        // every tile of the tree: 274 at level 0, 2 at level 1, 1 at level 2
        assertThat(whole.hashTiles()).isEqualTo(274 + 2 + 1);
        assertThat(whole.bundles()).isEqualTo(274);
    }

    @Test
    void aServerWithoutPartialTilesIsReadFromItsFullOnes() {
        alter = (p, b) -> p.contains(".p/") && log.tile(p.substring("/log/".length(), p.indexOf(".p/"))).isPresent() ? null : b;
        assertThat(grow(300, 65_537, new ArrayList<>())).isInstanceOf(GrowthCheck.Grown.class);
    }

    @Test
    void aFullTileThatNoRootOrProofReadsIsStillComparedWithTheEntries() {
        // tile/1/000 position 1 covers entries 256 to 511: neither the root of 70,000 nor the
        // proof from 300 (which reads entries 256 to 511 from their level-0 tile) reads it; only
        // the tiles rebuilt from the entries do.
        alter = (p, b) -> p.equals("/log/tile/1/000") ? flip(b, Hashes.SIZE) : b;
        assertThat(grow(300, N, new ArrayList<>())).isEqualTo(new GrowthCheck.Inconsistent("hash tile: tile/1/000 holds "
                + b64(flip(log.tile("tile/1/000").orElseThrow(), Hashes.SIZE), 1) + " at position 1, but entries 256 to 511 give "
                + b64(log.tile("tile/1/000").orElseThrow(), 1)));
    }

    @Test
    void anAlteredHashAtAnyLevelOrAnAlteredEntryIsCaught() {
        alter = (p, b) -> p.equals("/log/tile/2/000.p/1") ? flip(b, 3) : b;
        assertThat(grow(0, N, new ArrayList<>())).isInstanceOfSatisfying(GrowthCheck.Inconsistent.class,
                i -> assertThat(i.reason()).startsWith("root: the hash tiles of size 70000 give root "));

        alter = (p, b) -> p.equals("/log/tile/0/001") ? flip(b, 7 * Hashes.SIZE) : b;
        assertThat(grow(0, N, new ArrayList<>())).isInstanceOfSatisfying(GrowthCheck.Inconsistent.class,
                i -> assertThat(i.reason()).startsWith("entry 263 (in tile/entries/001) does not match the signed tree: its leaf hash is "));

        alter = (p, b) -> p.equals("/log/tile/entries/273.p/112") ? flip(b, b.length - 1) : b;
        assertThat(grow(69_000, N, new ArrayList<>())).isInstanceOfSatisfying(GrowthCheck.Inconsistent.class,
                i -> assertThat(i.reason()).startsWith("entry 69999 (in tile/entries/273.p/112) does not match the signed tree"));

        alter = (p, b) -> p.equals("/log/tile/0/273.p/112") ? java.util.Arrays.copyOf(b, b.length - 1) : b;
        assertThat(grow(69_000, N, new ArrayList<>())).isInstanceOfSatisfying(GrowthCheck.Inconsistent.class,
                i -> assertThat(i.reason()).startsWith("malformed answer under the checkpoint of size 70000: ").endsWith("hash tile is 3583 bytes, not 3584 (112 hashes of 32)"));

        alter = (p, b) -> p.equals("/log/tile/entries/273.p/112") ? java.util.Arrays.copyOf(b, b.length - 3) : b;
        assertThat(grow(69_000, N, new ArrayList<>())).isInstanceOfSatisfying(GrowthCheck.Inconsistent.class,
                i -> assertThat(i.reason()).contains("entry 111 of the bundle says 11 bytes, but only 8 follow"));
    }

    @Test
    void aRewindAForkAndAnEntryTheCallerRefusesAreInconsistencies() {
        assertThat(GrowthCheck.run(remote(), verified(500), at(400), (i, e) -> null))
                .isEqualTo(new GrowthCheck.Inconsistent("rewind: the checkpoint is of size 400, smaller than size 500 (root " + b64(log.root(500), 0)
                        + ") verified before; a log only grows"));
        assertThat(GrowthCheck.run(remote(), new GrowthCheck.Verified(500, log.root(499)), at(500), (i, e) -> null))
                .isInstanceOfSatisfying(GrowthCheck.Inconsistent.class, i -> assertThat(i.reason()).startsWith("fork: the checkpoint of size 500 has root "));
        assertThat(GrowthCheck.run(remote(), new GrowthCheck.Verified(500, log.root(499)), at(600), (i, e) -> null))
                .isInstanceOfSatisfying(GrowthCheck.Inconsistent.class, i -> assertThat(i.reason())
                        .contains("is not a prefix of size 600").contains("the consistency proof computed from the hash tiles fails"));
        assertThat(GrowthCheck.run(remote(), verified(500), at(600), (i, e) -> i == 550 ? "is not wanted" : null))
                .isEqualTo(new GrowthCheck.Inconsistent("entry 550 (in tile/entries/002.p/88): is not wanted"));
    }

    @Test
    void aTileTheServerDoesNotHaveIsAFailedRequest() {
        alter = (p, b) -> p.startsWith("/log/tile/entries/") ? null : b;
        assertThatThrownBy(() -> grow(0, 10, new ArrayList<>())).isInstanceOfSatisfying(RemoteLogException.class, e -> {
            assertThat(e.kind()).isEqualTo(RemoteLogException.Kind.NOT_FOUND);
            assertThat(e.getMessage()).endsWith("/log/tile/entries/000 answered HTTP 404");
        });
    }

    private static byte[] flip(byte[] b, int at) {
        byte[] c = b.clone();
        c[at] ^= 0x01;
        return c;
    }

    private static String b64(byte[] hashes, int position) {
        return java.util.Base64.getEncoder().encodeToString(java.util.Arrays.copyOfRange(hashes, position * Hashes.SIZE, (position + 1) * Hashes.SIZE));
    }
}
