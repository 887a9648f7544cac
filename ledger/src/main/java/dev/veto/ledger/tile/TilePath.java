package dev.veto.ledger.tile;

import java.util.Optional;

/**
 * All tile arithmetic and path encoding of C2SP tlog-tiles in one place.
 *
 * <p>A hash tile at level {@code L} holds up to 256 consecutive node hashes at tree height
 * {@code 8·L}; tile {@code N} holds nodes {@code 256·N … 256·N+255}. Entry bundle {@code N} holds
 * entries {@code 256·N … 256·N+255}. A partial tile or bundle of width {@code W < 256} is written
 * {@code .p/W}; indices are split into 3-digit groups, all but the last prefixed with {@code x}.
 */
public final class TilePath {
    /** Hashes per full tile, entries per full bundle. */
    public static final int WIDTH = 256;
    /** Tree height spanned by one tile level. */
    public static final int HEIGHT = 8;

    private TilePath() {}

    /** A tile or bundle a path names. */
    public sealed interface Ref {
        long index();

        int width();
    }

    /** Hash tile {@code level}/{@code index} of {@code width} hashes. */
    public record HashTile(int level, long index, int width) implements Ref {}

    /** Entry bundle {@code index} of {@code width} entries. */
    public record EntryBundle(long index, int width) implements Ref {}

    /** {@code tile/<L>/<N>[.p/<W>]}. */
    public static String hashTile(int level, long index, int width) {
        checkWidth(width);
        return "tile/" + level + "/" + encodeIndex(index) + partial(width);
    }

    /** {@code tile/entries/<N>[.p/<W>]}. */
    public static String entryBundle(long index, int width) {
        checkWidth(width);
        return "tile/entries/" + encodeIndex(index) + partial(width);
    }

    /** {@code 1234067} → {@code x001/x234/067}. */
    public static String encodeIndex(long n) {
        if (n < 0) {
            throw new IllegalArgumentException("negative tile index " + n);
        }
        String s = String.format("%03d", n % 1000);
        for (n /= 1000; n > 0; n /= 1000) {
            s = String.format("x%03d/", n % 1000) + s;
        }
        return s;
    }

    /** Parses a tile path (with or without a leading {@code /} or {@code tile/}), or empty when it is not one. */
    public static Optional<Ref> parse(String path) {
        String p = path.startsWith("/") ? path.substring(1) : path;
        if (!p.startsWith("tile/")) {
            return Optional.empty();
        }
        p = p.substring("tile/".length());
        int slash = p.indexOf('/');
        if (slash <= 0) {
            return Optional.empty();
        }
        String head = p.substring(0, slash);
        String rest = p.substring(slash + 1);
        int width = WIDTH;
        int dot = rest.indexOf(".p/");
        if (dot >= 0) {
            String w = rest.substring(dot + 3);
            if (!w.matches("[1-9][0-9]{0,2}") || Integer.parseInt(w) >= WIDTH) {
                return Optional.empty();
            }
            width = Integer.parseInt(w);
            rest = rest.substring(0, dot);
        }
        Optional<Long> index = decodeIndex(rest);
        if (index.isEmpty()) {
            return Optional.empty();
        }
        if (head.equals("entries")) {
            return Optional.of(new EntryBundle(index.get(), width));
        }
        if (!head.matches("0|[1-9][0-9]?") || Integer.parseInt(head) > 63) {
            return Optional.empty();
        }
        return Optional.of(new HashTile(Integer.parseInt(head), index.get(), width));
    }

    private static Optional<Long> decodeIndex(String s) {
        String[] groups = s.split("/", -1);
        long n = 0;
        for (int i = 0; i < groups.length; i++) {
            String g = groups[i];
            boolean last = i == groups.length - 1;
            if (!last) {
                if (!g.startsWith("x")) {
                    return Optional.empty();
                }
                g = g.substring(1);
            }
            if (!g.matches("[0-9]{3}") || (i == 0 && !last && g.equals("000"))) {
                return Optional.empty();
            }
            if (n > (Long.MAX_VALUE - 999) / 1000) {
                return Optional.empty();
            }
            n = n * 1000 + Integer.parseInt(g);
        }
        return Optional.of(n);
    }

    /** Number of complete nodes at height {@code 8·level} in a tree of {@code size} leaves. */
    public static long nodesAtLevel(long size, int level) {
        return level * HEIGHT >= 64 ? 0 : size >>> (level * HEIGHT);
    }

    /** Index of the rightmost (possibly partial) tile at {@code level} in a tree of {@code size}. */
    public static long edgeTile(long size, int level) {
        return nodesAtLevel(size, level) / WIDTH;
    }

    /** Width of the rightmost tile at {@code level}; 0 when the level ends on a full tile. */
    public static int edgeWidth(long size, int level) {
        return (int) (nodesAtLevel(size, level) % WIDTH);
    }

    /** Width tile {@code index} at {@code level} has in a tree of {@code size} (0 when it does not exist yet). */
    public static int widthAt(long size, int level, long index) {
        long nodes = nodesAtLevel(size, level);
        long w = nodes - index * WIDTH;
        return (int) Math.max(0, Math.min(WIDTH, w));
    }

    /** Width entry bundle {@code index} has in a log of {@code size} entries. */
    public static int bundleWidth(long size, long index) {
        return widthAt(size, 0, index);
    }

    private static String partial(int width) {
        return width == WIDTH ? "" : ".p/" + width;
    }

    private static void checkWidth(int width) {
        if (width < 1 || width > WIDTH) {
            throw new IllegalArgumentException("tile width " + width + " is not in 1..256");
        }
    }
}
