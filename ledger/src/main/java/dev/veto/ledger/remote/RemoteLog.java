package dev.veto.ledger.remote;

import dev.veto.ledger.merkle.Hashes;
import dev.veto.ledger.tile.MissingTileException;
import dev.veto.ledger.tile.TilePath;
import dev.veto.ledger.tile.TileReader;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A reader of a log published over HTTP: the signed checkpoint ({@code GET /log/checkpoint}, and
 * {@code GET /v1/log/checkpoints/<size>} for an older one), C2SP tlog-tiles hash tiles and entry
 * bundles ({@code GET /log/tile/…}), and any other public resource under the same base URL. It
 * only fetches and checks the shape of what it gets (a tile's length, a bundle's framing); what
 * the bytes mean is checked by {@link GrowthCheck}.
 *
 * <p>The bearer token, when given, is sent with entry bundles only: hash tiles and checkpoints
 * are public, and bundles of entries written before envelopes are served to auditors alone.
 */
public final class RemoteLog {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final String base;
    private final String token;
    private final HttpClient http;

    /**
     * A reader of the log served at {@code base} (e.g. {@code https://veto.example.com}, or one
     * with a path prefix), sending {@code bearerToken} (null for none) with entry bundles.
     */
    public RemoteLog(URI base, String bearerToken) {
        String b = base.toString();
        this.base = b.endsWith("/") ? b.substring(0, b.length() - 1) : b;
        this.token = bearerToken;
        // Redirects are not followed, so the token never goes to a server it was not given for.
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).followRedirects(HttpClient.Redirect.NEVER).build();
    }

    /** The base URL, without a trailing slash. */
    public String base() {
        return base;
    }

    /** Whether a bearer token is sent with entry bundles. */
    public boolean hasToken() {
        return token != null;
    }

    /** The latest signed checkpoint note, as served (possibly with witnesses' cosignature lines). */
    public String checkpointNote() {
        return new String(get("/log/checkpoint", false), StandardCharsets.UTF_8);
    }

    /** The signed checkpoint note the log stores for tree size {@code size}; empty when it signed none at that size. */
    public Optional<String> checkpointNote(long size) {
        try {
            return Optional.of(new String(get("/v1/log/checkpoints/" + size, false), StandardCharsets.UTF_8));
        } catch (RemoteLogException e) {
            if (e.kind() == RemoteLogException.Kind.NOT_FOUND) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /** The verifier key the server says its log signs with (text form), unchecked. */
    public String verifierKey() {
        return new String(get("/v1/log/key", false), StandardCharsets.UTF_8).strip();
    }

    /**
     * Hash tile {@code level}/{@code index} of exactly {@code width} hashes. When the partial tile
     * is gone (tlog-tiles lets a log drop partial tiles once they fill up), the full tile is read
     * and cut to {@code width}.
     */
    public byte[] hashTile(int level, long index, int width) {
        String path = "/log/" + TilePath.hashTile(level, index, width);
        byte[] body;
        try {
            body = get(path, false);
        } catch (RemoteLogException e) {
            if (e.kind() != RemoteLogException.Kind.NOT_FOUND || width == TilePath.WIDTH) {
                throw e;
            }
            path = "/log/" + TilePath.hashTile(level, index, TilePath.WIDTH);
            body = get(path, false);
            if (body.length == TilePath.WIDTH * Hashes.SIZE) {
                return Arrays.copyOf(body, width * Hashes.SIZE);
            }
        }
        int expected = (path.contains(".p/") ? width : TilePath.WIDTH) * Hashes.SIZE;
        if (body.length != expected) {
            throw malformed(path, "hash tile is " + body.length + " bytes, not " + expected + " (" + expected / Hashes.SIZE + " hashes of " + Hashes.SIZE + ")");
        }
        return body;
    }

    /**
     * Entry bundle {@code index} of exactly {@code width} entries, split into its entries (each is
     * prefixed with its 2-byte big-endian length on the wire). Falls back to the full bundle as
     * {@link #hashTile} does.
     */
    public List<byte[]> entryBundle(long index, int width) {
        String path = "/log/" + TilePath.entryBundle(index, width);
        byte[] body;
        int want = width;
        try {
            body = get(path, true);
        } catch (RemoteLogException e) {
            if (e.kind() != RemoteLogException.Kind.NOT_FOUND || width == TilePath.WIDTH) {
                throw e;
            }
            path = "/log/" + TilePath.entryBundle(index, TilePath.WIDTH);
            body = get(path, true);
            want = TilePath.WIDTH;
        }
        List<byte[]> entries = split(path, body, want);
        return entries.subList(0, width);
    }

    private List<byte[]> split(String path, byte[] body, int width) {
        List<byte[]> entries = new ArrayList<>(width);
        int at = 0;
        while (at < body.length) {
            if (body.length - at < 2) {
                throw malformed(path, "entry bundle ends inside the length of entry " + entries.size() + " (1 byte left)");
            }
            int len = ((body[at] & 0xff) << 8) | (body[at + 1] & 0xff);
            at += 2;
            if (body.length - at < len) {
                throw malformed(path, "entry " + entries.size() + " of the bundle says " + len + " bytes, but only " + (body.length - at) + " follow");
            }
            entries.add(Arrays.copyOfRange(body, at, at + len));
            at += len;
        }
        if (entries.size() != width) {
            throw malformed(path, "entry bundle holds " + entries.size() + " entries, not " + width);
        }
        return entries;
    }

    /**
     * The hash tiles of the tree of {@code size} leaves, read as each is first needed and kept:
     * a tile is read at the width it has in that tree, so it holds nothing of a later tree.
     */
    public TileReader tilesAt(long size) {
        Map<Long, byte[]> read = new HashMap<>();
        return (level, index, minWidth) -> {
            int width = TilePath.widthAt(size, level, index);
            if (width < minWidth) {
                throw new MissingTileException(level, index, minWidth);
            }
            // level < 64 and index < 2^56 fit one long
            return read.computeIfAbsent(((long) level << 56) | index, k -> hashTile(level, index, width));
        };
    }

    /** A public resource under the base URL, e.g. {@code /v1/transparency/report?size=12}. */
    public byte[] get(String pathAndQuery) {
        return get(pathAndQuery, false);
    }

    private byte[] get(String pathAndQuery, boolean withToken) {
        String url = base + pathAndQuery;
        HttpRequest.Builder request;
        try {
            request = HttpRequest.newBuilder(URI.create(url)).timeout(TIMEOUT).GET();
        } catch (IllegalArgumentException e) {
            throw new RemoteLogException(RemoteLogException.Kind.UNREACHABLE, 0, url, "", "\"" + url + "\" is not a URL: " + e.getMessage());
        }
        if (withToken && token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        HttpResponse<byte[]> r;
        try {
            r = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new RemoteLogException(RemoteLogException.Kind.UNREACHABLE, 0, url, "", "cannot reach " + url + ": " + describe(e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RemoteLogException(RemoteLogException.Kind.UNREACHABLE, 0, url, "", "interrupted while reading " + url);
        }
        int status = r.statusCode();
        if (status == 200) {
            return r.body();
        }
        String said = r.headers().firstValue("Location").map(l -> "a redirect to " + l + "; pass the URL it names as the base URL")
                .orElseGet(() -> serverMessage(r.body()));
        RemoteLogException.Kind kind = switch (status) {
            case 401, 403 -> RemoteLogException.Kind.REFUSED;
            case 404 -> RemoteLogException.Kind.NOT_FOUND;
            default -> RemoteLogException.Kind.FAILED;
        };
        throw new RemoteLogException(kind, status, url, said, url + " answered HTTP " + status + (said.isEmpty() ? "" : ": " + said));
    }

    private RemoteLogException malformed(String path, String why) {
        return new RemoteLogException(RemoteLogException.Kind.MALFORMED, 200, base + path, why, base + path + ": " + why);
    }

    /** The {@code error.message} of Veto's JSON error body, else the body's first 200 characters. */
    private static String serverMessage(byte[] body) {
        String text = new String(body, StandardCharsets.UTF_8).strip();
        if (text.startsWith("{")) {
            try {
                JsonNode m = JSON.readTree(text).path("error").path("message");
                if (m.isString()) {
                    return m.asString();
                }
            } catch (RuntimeException e) {
                // not JSON after all: fall through to the raw text
            }
        }
        return text.length() > 200 ? text.substring(0, 200) + "…" : text;
    }

    private static String describe(IOException e) {
        String m = e.getMessage();
        return m == null || m.isBlank() ? e.getClass().getSimpleName() : m;
    }

    @Override
    public String toString() {
        return "RemoteLog[" + base + "]";
    }
}
