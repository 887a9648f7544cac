package dev.veto.server;

import dev.veto.cedar.entity.Entity;
import dev.veto.cedar.eval.EvalError;
import dev.veto.cedar.eval.Extensions;
import dev.veto.cedar.value.BoolValue;
import dev.veto.cedar.value.EntityUid;
import dev.veto.cedar.value.ExtensionException;
import dev.veto.cedar.value.IpAddr;
import dev.veto.cedar.value.LongValue;
import dev.veto.cedar.value.RecordValue;
import dev.veto.cedar.value.SetValue;
import dev.veto.cedar.value.StringValue;
import dev.veto.cedar.value.Value;
import dev.veto.engine.EngineRequest;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.LongNode;

/**
 * The decision endpoints' fast path: decision requests read from the body's bytes straight into
 * engine requests, with no JSON tree and no general-purpose tokenizer in between. Building the
 * tree, then walking it into Cedar values, was four fifths of a batch's cost; Jackson's
 * streaming parser still half of what remained.
 *
 * <p>It reads the shapes PEPs send: entity references as {@code {"type", "id"}}; booleans,
 * 64-bit integers, strings of ASCII without escapes, sets, records, and
 * the {@code __extn} and {@code __entity} escapes in value position. On anything else it gives up
 * by returning null: an escape's name among other fields, nulls inside values, fractional or
 * out-of-range numbers, strings with escapes or beyond ASCII, duplicate or unknown fields, nesting
 * deeper than {@link #MAX_DEPTH}, an extension call that fails, a caller-set {@code now}, and
 * anything that is not well-formed JSON. The tree-based reader ({@link DecisionJson#request})
 * then reads the body from the start and explains every fault with its path, so this reader
 * never decides what an error says, and whatever it accepts it must read exactly as the tree
 * reader would ({@code FastDecisionJsonTest} compares the two on generated bodies).
 */
final class FastDecisionJson {
    /** What was read: the requests (one for the single endpoint) and {@code atLeastRevision}, or null. */
    record Parsed(List<EngineRequest> requests, JsonNode atLeastRevision) {}

    /** Deeper values are left to the tree reader, which bounds nesting itself. */
    static final int MAX_DEPTH = 64;
    /** Longer field names are left to the tree reader (its parser refuses names over 50,000 characters). */
    static final int MAX_NAME = 1000;

    /** Thrown to leave a body to the tree reader; carries no stack, as it is not an error. */
    private static final class GiveUp extends RuntimeException {
        private static final GiveUp INSTANCE = new GiveUp();

        private GiveUp() {
            super(null, null, false, false);
        }
    }

    private static final Names BATCH_FIELDS = new Names("requests", "atLeastRevision");
    private static final Names REQUEST_FIELDS = new Names("principal", "action", "resource", "context", "entities", "atLeastRevision");
    private static final Names ENTITY_FIELDS = new Names("uid", "attrs", "parents", "tags");
    private static final Names UID_FIELDS = new Names("type", "id");
    private static final Names EXTENSION_FIELDS = new Names("fn", "arg", "args");

    /** Eight bytes of an array at any offset as one little-endian word. */
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    /** {@code n} (at most 8) bytes of {@code a} from {@code from} as a little-endian word, zero above them, a byte at a time. */
    private static long littleEndian(byte[] a, int from, int n) {
        long w = 0;
        for (int k = n - 1; k >= 0; k--) {
            w = (w << 8) | (a[from + k] & 0xFF);
        }
        return w;
    }

    private FastDecisionJson() {}

    /** A single decision body, or null when the tree reader must take it. */
    static Parsed single(byte[] body) {
        try {
            In in = new In(body);
            JsonNode[] atLeast = new JsonNode[1];
            EngineRequest r = request(in, atLeast);
            in.end();
            return new Parsed(List.of(r), atLeast[0]);
        } catch (GiveUp e) {
            return null;
        }
    }

    /** A batch body of at most {@code maxBatch} requests, or null when the tree reader must take it. */
    static Parsed batch(byte[] body, int maxBatch) {
        try {
            In in = new In(body);
            List<EngineRequest> requests = null;
            JsonNode atLeast = null;
            int seen = 0;
            in.expect('{');
            if (!in.take('}')) {
                do {
                    int field = in.field(BATCH_FIELDS);
                    seen = once(seen, 1 << field);
                    if (field == 0) {
                        requests = new ArrayList<>();
                        in.expect('[');
                        if (!in.take(']')) {
                            do {
                                if (requests.size() == maxBatch) {
                                    throw GiveUp.INSTANCE;
                                }
                                requests.add(request(in, null));
                            } while (in.take(','));
                            in.expect(']');
                        }
                    } else {
                        atLeast = revision(in);
                    }
                } while (in.take(','));
                in.expect('}');
            }
            in.end();
            if (requests == null) {
                throw GiveUp.INSTANCE;
            }
            return new Parsed(requests, atLeast);
        } catch (GiveUp e) {
            return null;
        }
    }

    /** {@code seen} with field {@code bit} added; a field given twice is left to the tree reader. */
    private static int once(int seen, int bit) {
        if ((seen & bit) != 0) {
            throw GiveUp.INSTANCE;
        }
        return seen | bit;
    }

    private static JsonNode revision(In in) {
        if (in.takeNull()) {
            return null;
        }
        return LongNode.valueOf(in.integer());
    }

    /**
     * One request object. {@code atLeast} receives {@code atLeastRevision} where the body may
     * carry it (the single endpoint), else is null.
     */
    private static EngineRequest request(In in, JsonNode[] atLeast) {
        EntityUid principal = null;
        EntityUid action = null;
        EntityUid resource = null;
        RecordValue context = RecordValue.EMPTY;
        List<Entity> entities = List.of();
        int seen = 0;
        in.expect('{');
        if (!in.take('}')) {
            do {
                int field = in.field(REQUEST_FIELDS);
                seen = once(seen, 1 << field);
                switch (field) {
                    case 0 -> principal = uid(in);
                    case 1 -> action = uid(in);
                    case 2 -> resource = uid(in);
                    case 3 -> {
                        if (!in.takeNull()) {
                            in.expect('{');
                            Map<String, Value> attrs = fields(in, 1);
                            if (attrs.containsKey("now")) {
                                throw GiveUp.INSTANCE;
                            }
                            context = new RecordValue(attrs);
                        }
                    }
                    case 4 -> {
                        if (!in.takeNull()) {
                            entities = entities(in);
                        }
                    }
                    default -> {
                        if (atLeast == null) {
                            throw GiveUp.INSTANCE;
                        }
                        atLeast[0] = revision(in);
                    }
                }
            } while (in.take(','));
            in.expect('}');
        }
        if (principal == null || action == null || resource == null) {
            throw GiveUp.INSTANCE;
        }
        return new EngineRequest(principal, action, resource, context, entities);
    }

    /** {@code {"type": "…", "id": "…"}}, in either order and nothing else. */
    private static EntityUid uid(In in) {
        EntityUid compact = in.compactUid();
        if (compact != null) {
            return compact;
        }
        in.expect('{');
        String type = null;
        int idFrom = -1;
        int idEnd = -1;
        do {
            if (in.field(UID_FIELDS) == 0) {
                if (type != null) {
                    throw GiveUp.INSTANCE;
                }
                type = in.type();
            } else {
                if (idFrom >= 0) {
                    throw GiveUp.INSTANCE;
                }
                idEnd = in.stringEnd();
                idFrom = in.i;
                in.i = idEnd + 1;
            }
        } while (in.take(','));
        in.expect('}');
        if (type == null || idFrom < 0) {
            throw GiveUp.INSTANCE;
        }
        return in.uid(type, idFrom, idEnd);
    }

    /**
     * The entity slice, as an immutable list (which the request keeps without copying); a uid
     * given twice is left to the tree reader.
     */
    private static List<Entity> entities(In in) {
        in.expect('[');
        if (in.take(']')) {
            return List.of();
        }
        Entity[] out = new Entity[2];
        int n = 0;
        Set<EntityUid> uids = null;
        do {
            Entity e = entity(in);
            if (uids == null && n >= 8) {
                uids = new HashSet<>();
                for (int k = 0; k < n; k++) {
                    uids.add(out[k].uid());
                }
            }
            if (uids != null ? !uids.add(e.uid()) : contains(out, n, e.uid())) {
                throw GiveUp.INSTANCE;
            }
            if (n == out.length) {
                out = Arrays.copyOf(out, n * 2);
            }
            out[n++] = e;
        } while (in.take(','));
        in.expect(']');
        return switch (n) {
            case 1 -> List.of(out[0]);
            case 2 -> List.of(out[0], out[1]);
            default -> List.of(Arrays.copyOf(out, n));
        };
    }

    private static boolean contains(Entity[] entities, int n, EntityUid uid) {
        for (int k = 0; k < n; k++) {
            if (entities[k].uid().equals(uid)) {
                return true;
            }
        }
        return false;
    }

    private static Entity entity(In in) {
        EntityUid uid = null;
        Map<String, Value> attrs = Map.of();
        Set<EntityUid> parents = Set.of();
        Map<String, Value> tags = Map.of();
        int seen = 0;
        in.expect('{');
        if (!in.take('}')) {
            do {
                int field = in.field(ENTITY_FIELDS);
                seen = once(seen, 1 << field);
                switch (field) {
                    case 0 -> uid = uid(in);
                    case 1 -> {
                        if (!in.takeNull()) {
                            in.expect('{');
                            attrs = fields(in, 1);
                        }
                    }
                    case 2 -> {
                        if (!in.takeNull()) {
                            parents = parents(in);
                        }
                    }
                    default -> {
                        if (!in.takeNull()) {
                            in.expect('{');
                            tags = fields(in, 1);
                        }
                    }
                }
            } while (in.take(','));
            in.expect('}');
        }
        if (uid == null) {
            throw GiveUp.INSTANCE;
        }
        return Entity.of(uid, attrs, parents, tags);
    }

    /** An entity's parents as an immutable set, which the entity keeps without copying; the same uid twice counts once. */
    private static Set<EntityUid> parents(In in) {
        in.expect('[');
        if (in.take(']')) {
            return Set.of();
        }
        EntityUid[] out = new EntityUid[2];
        int n = 0;
        do {
            EntityUid p = uid(in);
            boolean seen = false;
            for (int k = 0; k < n && !seen; k++) {
                seen = out[k].equals(p);
            }
            if (!seen) {
                if (n == out.length) {
                    if (n == 64) {
                        // a long list: left to the tree reader rather than compared pairwise
                        throw GiveUp.INSTANCE;
                    }
                    out = Arrays.copyOf(out, n * 2);
                }
                out[n++] = p;
            }
        } while (in.take(','));
        in.expect(']');
        return n == 1 ? Set.of(out[0]) : Set.of(n == out.length ? out : Arrays.copyOf(out, n));
    }

    /**
     * A record's fields, the scanner just past its {@code {}; as an immutable map, which records
     * and entities keep without copying.
     */
    private static Map<String, Value> fields(In in, int depth) {
        if (in.take('}')) {
            return Map.of();
        }
        return fields(in, depth, in.name());
    }

    /**
     * A record's fields from the one named {@code first} on, the scanner just past that name.
     * Names and values wait on the scanner's stack (a nested record stacks its own above them),
     * then go into the map in one call, with no entry objects.
     */
    private static Map<String, Value> fields(In in, int depth, String first) {
        int base = in.top;
        String name = first;
        while (true) {
            if (name.equals("__extn") || name.equals("__entity")) {
                // the tree reader decides what an escape's name means among other fields
                throw GiveUp.INSTANCE;
            }
            in.expect(':');
            Value v = value(in, depth);
            in.push(name, v);
            if (!in.take(',')) {
                break;
            }
            name = in.name();
        }
        in.expect('}');
        Object[] kv = in.stack;
        int n = (in.top - base) >> 1;
        in.top = base;
        try {
            return switch (n) {
                case 1 -> Map.of(name(kv, base), value(kv, base + 1));
                case 2 -> Map.of(name(kv, base), value(kv, base + 1), name(kv, base + 2), value(kv, base + 3));
                case 3 -> Map.of(name(kv, base), value(kv, base + 1), name(kv, base + 2), value(kv, base + 3),
                        name(kv, base + 4), value(kv, base + 5));
                case 4 -> Map.of(name(kv, base), value(kv, base + 1), name(kv, base + 2), value(kv, base + 3),
                        name(kv, base + 4), value(kv, base + 5), name(kv, base + 6), value(kv, base + 7));
                default -> {
                    @SuppressWarnings("unchecked")
                    Map.Entry<String, Value>[] entries = new Map.Entry[n];
                    for (int k = 0; k < n; k++) {
                        entries[k] = Map.entry(name(kv, base + 2 * k), value(kv, base + 2 * k + 1));
                    }
                    yield Map.ofEntries(entries);
                }
            };
        } catch (IllegalArgumentException duplicateName) {
            throw GiveUp.INSTANCE;
        }
    }

    private static String name(Object[] kv, int at) {
        return (String) kv[at];
    }

    private static Value value(Object[] kv, int at) {
        return (Value) kv[at];
    }

    private static Value value(In in, int depth) {
        if (depth > MAX_DEPTH) {
            throw GiveUp.INSTANCE;
        }
        return switch (in.peek()) {
            case '"' -> in.stringValue();
            case 't' -> {
                in.literal("true");
                yield BoolValue.TRUE;
            }
            case 'f' -> {
                in.literal("false");
                yield BoolValue.FALSE;
            }
            case '[' -> {
                in.expect('[');
                Set<Value> out = new LinkedHashSet<>();
                if (!in.take(']')) {
                    do {
                        out.add(value(in, depth + 1));
                    } while (in.take(','));
                    in.expect(']');
                }
                yield new SetValue(out);
            }
            case '{' -> object(in, depth + 1);
            default -> LongValue.of(in.integer());
        };
    }

    /**
     * An object in value position: an escape when it holds only {@code __extn} (an extension
     * value, as PEPs send IP addresses) or only {@code __entity}, else a record.
     */
    private static Value object(In in, int depth) {
        in.expect('{');
        if (in.take('}')) {
            return new RecordValue(Map.of());
        }
        String first = in.name();
        if (first.equals("__extn") || first.equals("__entity")) {
            in.expect(':');
            Value v = first.equals("__extn") ? extension(in, depth) : uid(in);
            in.expect('}');
            return v;
        }
        return new RecordValue(fields(in, depth, first));
    }

    /** {@code {"fn": …, "arg": …}} or {@code {"fn": …, "args": […]}}. */
    private static Value extension(In in, int depth) {
        in.expect('{');
        String fn = null;
        List<Value> args = null;
        do {
            int field = in.field(EXTENSION_FIELDS);
            if (field == 0 && fn == null) {
                fn = in.name();
            } else if (field == 1 && args == null) {
                args = List.of(value(in, depth + 1));
            } else if (field == 2 && args == null) {
                args = new ArrayList<>(2);
                in.expect('[');
                if (!in.take(']')) {
                    do {
                        args.add(value(in, depth + 1));
                    } while (in.take(','));
                    in.expect(']');
                }
            } else {
                throw GiveUp.INSTANCE;
            }
        } while (in.take(','));
        in.expect('}');
        if (fn == null || args == null) {
            throw GiveUp.INSTANCE;
        }
        boolean ip = fn.equals("ip") || fn.equals("ipaddr");
        try {
            if (ip && args.size() == 1 && args.get(0) instanceof StringValue text) {
                // what PEPs send most, constructed without the look-up of the function by name
                return IpAddr.parse(text.value());
            }
            return Extensions.call(ip ? "ip" : fn, args);
        } catch (EvalError | ExtensionException e) {
            throw GiveUp.INSTANCE;
        }
    }

    /**
     * A scanner over the body's bytes for the subset of JSON the fast path reads. Every method
     * either consumes what it expects or gives up; none reports an error.
     *
     * <p>Strings are scanned eight bytes at a time, and short ones (up to {@value #KEY_BYTES}
     * bytes, which covers field names, type names, ids and most values a PEP sends) are looked up
     * by their bytes in what was read before, so a name, type, id or value seen again costs
     * neither a new object nor a hash of its characters. Record field names and type names, a
     * handful repeated thousands of times, are remembered in small caches shared by all threads
     * (an entry is immutable and replaced whole, so a thread that reads an old one only misses).
     * Ids and string values are remembered only within one body, in a table of its own, where
     * they repeat (each request names its principal, resource and their parents twice, and a
     * batch often repeats a principal); sharing them would mean a write to shared memory for
     * almost every one read.
     */
    private static final class In {
        private static final long ONES = 0x0101010101010101L;
        private static final long HIGHS = 0x8080808080808080L;
        private static final long QUOTES = 0x2222222222222222L;
        private static final long BACKSLASHES = 0x5C5C5C5C5C5C5C5CL;
        private static final long SPACES = 0x2020202020202020L;

        /** Longest text the caches hold: three words. */
        static final int KEY_BYTES = 24;

        /** A cached text: its length and bytes as three little-endian words (zero past the end), and what it reads as. */
        private record Known(int len, long w0, long w1, long w2, Object value) {}

        /** Record field names and extension function names, as strings. */
        private static final Known[] NAMES = new Known[1 << 8];
        /** Entity type names, as canonical strings. */
        private static final Known[] TYPES = new Known[1 << 6];
        /** Kinds of text this body's own table holds, apart. */
        private static final int UID = 1;
        private static final int STRING = 2;

        private final byte[] b;
        private int i;
        /** The key {@link #key} made of the text it was given. */
        private int kLen;
        private long k0;
        private long k1;
        private long k2;
        /** Names and values of the records being read, innermost on top (see {@link FastDecisionJson#fields}). */
        private Object[] stack = new Object[16];
        private int top;
        /**
         * This body's own table of ids and string values read: per slot four words of key
         * (length, kind and salt; the three words of text) in {@code memoKeys}, and what the text
         * read as in {@code memoValues}. Made at the first use, sized to the body.
         */
        private long[] memoKeys;
        private Object[] memoValues;
        private int memoBits;
        private int memoSlot;

        In(byte[] body) {
            this.b = body;
        }

        void push(String name, Value value) {
            if (top + 2 > stack.length) {
                stack = Arrays.copyOf(stack, stack.length * 2);
            }
            stack[top++] = name;
            stack[top++] = value;
        }

        /** What this body read before as text of the key's bytes, of {@code kind} and {@code salt}; else null, the slot kept for {@link #memoize}. */
        private Object memo(int kind, int salt) {
            if (memoKeys == null) {
                // about one slot per 32 bytes of body, from 16 to 1024
                memoBits = Math.max(4, Math.min(10, 32 - Integer.numberOfLeadingZeros(b.length >>> 5)));
                memoKeys = new long[4 << memoBits];
                memoValues = new Object[1 << memoBits];
            }
            int slot = slot(salt * 31 + kind, memoBits);
            memoSlot = slot;
            int at = slot << 2;
            long head = ((long) salt << 32) | ((long) kind << 16) | kLen;
            if (memoKeys[at] == head && memoKeys[at + 1] == k0 && memoKeys[at + 2] == k1 && memoKeys[at + 3] == k2) {
                return memoValues[slot];
            }
            return null;
        }

        private void memoize(int kind, int salt, Object value) {
            int at = memoSlot << 2;
            memoKeys[at] = ((long) salt << 32) | ((long) kind << 16) | kLen;
            memoKeys[at + 1] = k0;
            memoKeys[at + 2] = k1;
            memoKeys[at + 3] = k2;
            memoValues[memoSlot] = value;
        }

        /** The next byte that is not white space, not consumed; -1 at the end. */
        int peek() {
            if (i < b.length && b[i] > ' ') {
                return b[i];
            }
            while (i < b.length) {
                byte c = b[i];
                if (c != ' ' && c != '\n' && c != '\r' && c != '\t') {
                    return c;
                }
                i++;
            }
            return -1;
        }

        /**
         * Consumes {@code c}, the next byte that is not white space, or gives up. Compact JSON
         * has it at once, and that case is kept small enough for the JIT to inline anywhere.
         */
        void expect(char c) {
            int j = i;
            if (j < b.length && b[j] == c) {
                i = j + 1;
                return;
            }
            expectSpaced(c);
        }

        private void expectSpaced(char c) {
            if (peek() != c) {
                throw GiveUp.INSTANCE;
            }
            i++;
        }

        /** Consumes {@code c} if it is the next byte that is not white space; as small as {@link #expect} when compact. */
        boolean take(char c) {
            int j = i;
            if (j < b.length && b[j] == c) {
                i = j + 1;
                return true;
            }
            return takeSpaced(c);
        }

        private boolean takeSpaced(char c) {
            if (peek() == c) {
                i++;
                return true;
            }
            return false;
        }

        /** Nothing but white space is left. */
        void end() {
            if (peek() != -1) {
                throw GiveUp.INSTANCE;
            }
        }

        void literal(String word) {
            peek();
            if (i + word.length() > b.length) {
                throw GiveUp.INSTANCE;
            }
            for (int k = 0; k < word.length(); k++) {
                if (b[i + k] != word.charAt(k)) {
                    throw GiveUp.INSTANCE;
                }
            }
            i += word.length();
        }

        boolean takeNull() {
            if (peek() != 'n') {
                return false;
            }
            literal("null");
            return true;
        }

        /**
         * A JSON integer that fits a long (accumulated negatively, as {@link Long#parseLong}
         * does, so {@link Long#MIN_VALUE} reads too); a fraction, an exponent, a leading zero or
         * an overflow gives up.
         */
        long integer() {
            peek();
            boolean negative = i < b.length && b[i] == '-';
            if (negative) {
                i++;
            }
            long limit = negative ? Long.MIN_VALUE : -Long.MAX_VALUE;
            long atMost = limit / 10;
            int start = i;
            long v = 0;
            while (i < b.length && b[i] >= '0' && b[i] <= '9') {
                int d = b[i] - '0';
                if (v < atMost) {
                    throw GiveUp.INSTANCE;
                }
                v *= 10;
                if (v < limit + d) {
                    throw GiveUp.INSTANCE;
                }
                v -= d;
                i++;
            }
            int digits = i - start;
            if (digits == 0 || (digits > 1 && b[start] == '0')) {
                throw GiveUp.INSTANCE;
            }
            if (i < b.length && (b[i] == '.' || b[i] == 'e' || b[i] == 'E')) {
                throw GiveUp.INSTANCE;
            }
            return negative ? v : -v;
        }

        /**
         * Where the string that starts here ends (its closing quote), the scanner left on its
         * first character; printable ASCII without escapes only. Eight bytes at a time: a word
         * with a quote, a backslash, a control character or a byte beyond ASCII marks its first
         * such byte exactly (a borrow in the subtractions only runs upwards from a byte that
         * matched), and that byte must be the closing quote.
         */
        int stringEnd() {
            if (peek() != '"') {
                throw GiveUp.INSTANCE;
            }
            int end = closingQuote(++i);
            if (end < 0) {
                throw GiveUp.INSTANCE;
            }
            return end;
        }

        /** The closing quote of the string whose first character is at {@code from}, or -1 (see {@link #stringEnd}). */
        private int closingQuote(int from) {
            int j = from;
            while (j + 8 <= b.length) {
                long w = (long) LONGS.get(b, j);
                long q = w ^ QUOTES;
                long s = w ^ BACKSLASHES;
                long marks = (((q - ONES) & ~q) | ((s - ONES) & ~s) | ((w - SPACES) & ~w) | w) & HIGHS;
                if (marks != 0) {
                    j += Long.numberOfTrailingZeros(marks) >>> 3;
                    return b[j] == '"' ? j : -1;
                }
                j += 8;
            }
            while (j < b.length) {
                byte c = b[j];
                if (c == '"') {
                    return j;
                }
                if (c == '\\' || c < 0x20) {
                    // an escape, a control character, or (as a negative byte) beyond ASCII
                    return -1;
                }
                j++;
            }
            return -1;
        }

        /** {@code "type":"} and {@code ","id":"} as little-endian words. */
        private static final long TYPE_OPEN = Names.word("\"type\":\"".getBytes(StandardCharsets.US_ASCII), 0);
        private static final long ID_NEXT = Names.word("\",\"id\":\"".getBytes(StandardCharsets.US_ASCII), 0);

        /**
         * A uid written compactly, {@code {"type":"…","id":"…"}}, read with two word compares and
         * two scans; null, with nothing consumed, for any other form (which {@code uid} reads).
         */
        EntityUid compactUid() {
            int j = i;
            if (j + 10 > b.length || b[j] != '{' || (long) LONGS.get(b, j + 1) != TYPE_OPEN) {
                return null;
            }
            int typeFrom = j + 9;
            int typeEnd = closingQuote(typeFrom);
            if (typeEnd < 0 || typeEnd + 8 > b.length || (long) LONGS.get(b, typeEnd) != ID_NEXT) {
                return null;
            }
            int idFrom = typeEnd + 8;
            int idEnd = closingQuote(idFrom);
            if (idEnd < 0 || idEnd + 1 >= b.length || b[idEnd + 1] != '}') {
                return null;
            }
            i = idEnd + 2;
            return uid(type(typeFrom, typeEnd), idFrom, idEnd);
        }

        /** {@code n} (0 to 8) bytes from {@code at} as a little-endian word, zero above them. */
        private long word(int at, int n) {
            if (n <= 0) {
                return 0;
            }
            if (at + 8 <= b.length) {
                long w = (long) LONGS.get(b, at);
                return n == 8 ? w : w & ((1L << (n << 3)) - 1);
            }
            return littleEndian(b, at, n);
        }

        /** Makes the key of the text from {@code from} to {@code end}, at most {@link #KEY_BYTES} long. */
        private void key(int from, int end) {
            int len = end - from;
            kLen = len;
            k0 = word(from, Math.min(len, 8));
            k1 = word(from + 8, Math.min(len - 8, 8));
            k2 = word(from + 16, len - 16);
        }

        /** The key's slot in a cache of {@code 1 << bits} entries; {@code salt} mixes in what else the entry depends on. */
        private int slot(int salt, int bits) {
            long h = (k0 ^ Long.rotateLeft(k1, 21) ^ Long.rotateLeft(k2, 42)) + kLen + salt;
            h *= 0x9E3779B97F4A7C15L;
            return (int) (h >>> (64 - bits));
        }

        /**
         * What {@code cache} holds for the key, else null. The key may sit in {@code slot} or its
         * neighbour, so two texts whose slots collide (as {@code mfa} and {@code region} do) do
         * not push each other out.
         */
        private Object known(Known[] cache, int slot) {
            Object v = known(cache[slot]);
            return v != null ? v : known(cache[slot ^ 1]);
        }

        private Object known(Known k) {
            return k != null && k.len == kLen && k.w0 == k0 && k.w1 == k1 && k.w2 == k2 ? k.value : null;
        }

        /** Stores the key's {@code value} in {@code slot} or its neighbour, whichever is free, else in one picked by the key. */
        private void remember(Known[] cache, int slot, Object value) {
            int at = cache[slot] == null ? slot : cache[slot ^ 1] == null ? slot ^ 1 : slot ^ ((int) k0 & 1);
            cache[at] = new Known(kLen, k0, k1, k2, value);
        }

        private String text(int from, int end) {
            return new String(b, from, end - from, StandardCharsets.ISO_8859_1);
        }

        /** A string value. */
        StringValue stringValue() {
            int end = stringEnd();
            int from = i;
            i = end + 1;
            if (end - from > KEY_BYTES) {
                return new StringValue(text(from, end));
            }
            key(from, end);
            if (memo(STRING, 0) instanceof StringValue v) {
                return v;
            }
            StringValue v = new StringValue(text(from, end));
            memoize(STRING, 0, v);
            return v;
        }

        /** A record's field name or an extension function's name, and the colon after it is left for the caller. */
        String name() {
            int end = stringEnd();
            int from = i;
            i = end + 1;
            if (end - from > KEY_BYTES) {
                if (end - from > MAX_NAME) {
                    throw GiveUp.INSTANCE;
                }
                return text(from, end);
            }
            key(from, end);
            int slot = slot(0, 8);
            if (known(NAMES, slot) instanceof String s) {
                return s;
            }
            String s = text(from, end);
            remember(NAMES, slot, s);
            return s;
        }

        /** An entity type name, as its canonical instance. */
        String type() {
            int end = stringEnd();
            int from = i;
            i = end + 1;
            return type(from, end);
        }

        /** The type name from {@code from} to {@code end} (its closing quote), as its canonical instance. */
        private String type(int from, int end) {
            if (end - from > KEY_BYTES) {
                return canonical(text(from, end));
            }
            key(from, end);
            int slot = slot(0, 6);
            if (known(TYPES, slot) instanceof String s) {
                return s;
            }
            String s = canonical(text(from, end));
            remember(TYPES, slot, s);
            return s;
        }

        private static String canonical(String type) {
            return EntityUid.of(type, "").type();
        }

        /** The uid of canonical type {@code type} whose id is the text from {@code from} to {@code end}. */
        EntityUid uid(String type, int from, int end) {
            if (end - from > KEY_BYTES) {
                return EntityUid.of(type, text(from, end));
            }
            key(from, end);
            int salt = type.hashCode();
            if (memo(UID, salt) instanceof EntityUid u && u.type() == type) {
                return u;
            }
            EntityUid u = EntityUid.of(type, text(from, end));
            memoize(UID, salt, u);
            return u;
        }

        /** Which of {@code names} the next field is, consuming it and its colon; any other gives up. */
        int field(Names names) {
            // Compact JSON first: the name, its quotes and the colon compared a word at a time
            // with each expected `"name":`, no scan for the closing quote.
            if (peek() == '"' && i + 24 <= b.length) {
                long x0 = (long) LONGS.get(b, i);
                for (int k = 0; k < names.len.length; k++) {
                    if ((x0 & names.m0[k]) == names.q0[k] && names.matchesRest(k, b, i)) {
                        i += names.len[k] + 3;
                        return k;
                    }
                }
            }
            int end = stringEnd();
            int len = end - i;
            if (len <= 16) {
                long w0 = word(i, Math.min(len, 8));
                long w1 = word(i + 8, len - 8);
                for (int k = 0; k < names.len.length; k++) {
                    if (names.len[k] == len && names.w0[k] == w0 && names.w1[k] == w1) {
                        i = end + 1;
                        expect(':');
                        return k;
                    }
                }
            }
            throw GiveUp.INSTANCE;
        }
    }

    /**
     * The field names an object may have, each at most 16 ASCII bytes: as two little-endian
     * words, and as written in compact JSON ({@code "name":}) in three words with the masks that
     * cover its bytes.
     */
    private static final class Names {
        final int[] len;
        final long[] w0;
        final long[] w1;
        final long[] q0;
        final long[] m0;
        private final long[] q1;
        private final long[] m1;
        private final long[] q2;
        private final long[] m2;

        Names(String... names) {
            int n = names.length;
            len = new int[n];
            w0 = new long[n];
            w1 = new long[n];
            q0 = new long[n];
            m0 = new long[n];
            q1 = new long[n];
            m1 = new long[n];
            q2 = new long[n];
            m2 = new long[n];
            for (int k = 0; k < n; k++) {
                byte[] name = names[k].getBytes(StandardCharsets.US_ASCII);
                if (name.length > 16) {
                    throw new IllegalArgumentException(names[k]);
                }
                len[k] = name.length;
                w0[k] = word(name, 0);
                w1[k] = word(name, 8);
                byte[] quoted = ("\"" + names[k] + "\":").getBytes(StandardCharsets.US_ASCII);
                q0[k] = word(quoted, 0);
                q1[k] = word(quoted, 8);
                q2[k] = word(quoted, 16);
                m0[k] = mask(quoted.length);
                m1[k] = mask(quoted.length - 8);
                m2[k] = mask(quoted.length - 16);
            }
        }

        /** The bytes of {@code text} from {@code at}, up to eight, as a little-endian word. */
        static long word(byte[] text, int at) {
            return littleEndian(text, at, Math.max(0, Math.min(8, text.length - at)));
        }

        /** A mask of the low {@code n} bytes of a word (all of it from 8 on, none below 1). */
        private static long mask(int n) {
            return n >= 8 ? -1L : n <= 0 ? 0 : (1L << (n << 3)) - 1;
        }

        /** Whether the second and third words of name {@code k}'s compact form match at {@code at} (24 bytes readable). */
        boolean matchesRest(int k, byte[] b, int at) {
            return m1[k] == 0 || (((long) LONGS.get(b, at + 8) & m1[k]) == q1[k]
                    && (m2[k] == 0 || ((long) LONGS.get(b, at + 16) & m2[k]) == q2[k]));
        }
    }
}
