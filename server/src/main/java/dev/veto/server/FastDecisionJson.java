package dev.veto.server;

import dev.veto.cedar.entity.Entity;
import dev.veto.cedar.eval.EvalError;
import dev.veto.cedar.eval.Extensions;
import dev.veto.cedar.value.BoolValue;
import dev.veto.cedar.value.EntityUid;
import dev.veto.cedar.value.LongValue;
import dev.veto.cedar.value.RecordValue;
import dev.veto.cedar.value.SetValue;
import dev.veto.cedar.value.StringValue;
import dev.veto.cedar.value.Value;
import dev.veto.engine.EngineRequest;
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

    private static final byte[][] BATCH_FIELDS = names("requests", "atLeastRevision");
    private static final byte[][] REQUEST_FIELDS = names("principal", "action", "resource", "context", "entities", "atLeastRevision");
    private static final byte[][] ENTITY_FIELDS = names("uid", "attrs", "parents", "tags");
    private static final byte[][] UID_FIELDS = names("type", "id");
    private static final byte[][] EXTENSION_FIELDS = names("fn", "arg", "args");

    private static byte[][] names(String... names) {
        byte[][] out = new byte[names.length][];
        for (int i = 0; i < names.length; i++) {
            out[i] = names[i].getBytes(StandardCharsets.US_ASCII);
        }
        return out;
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
        in.expect('{');
        String type = null;
        String id = null;
        do {
            if (in.field(UID_FIELDS) == 0) {
                if (type != null) {
                    throw GiveUp.INSTANCE;
                }
                type = in.type();
            } else {
                if (id != null) {
                    throw GiveUp.INSTANCE;
                }
                id = in.string();
            }
        } while (in.take(','));
        in.expect('}');
        if (type == null || id == null) {
            throw GiveUp.INSTANCE;
        }
        return EntityUid.of(type, id);
    }

    /** The entity slice; a uid given twice is left to the tree reader. */
    private static List<Entity> entities(In in) {
        List<Entity> out = new ArrayList<>(4);
        in.expect('[');
        if (in.take(']')) {
            return out;
        }
        Set<EntityUid> uids = null;
        do {
            Entity e = entity(in);
            if (uids == null && out.size() >= 8) {
                uids = new HashSet<>();
                for (Entity x : out) {
                    uids.add(x.uid());
                }
            }
            if (uids != null ? !uids.add(e.uid()) : contains(out, e.uid())) {
                throw GiveUp.INSTANCE;
            }
            out.add(e);
        } while (in.take(','));
        in.expect(']');
        return out;
    }

    private static boolean contains(List<Entity> entities, EntityUid uid) {
        for (Entity e : entities) {
            if (e.uid().equals(uid)) {
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

    /** A record's fields from the one named {@code first} on, the scanner just past that name. */
    @SuppressWarnings("unchecked")
    private static Map<String, Value> fields(In in, int depth, String first) {
        Map.Entry<String, Value>[] entries = new Map.Entry[4];
        int n = 0;
        String name = first;
        while (true) {
            if (name.equals("__extn") || name.equals("__entity")) {
                // the tree reader decides what an escape's name means among other fields
                throw GiveUp.INSTANCE;
            }
            in.expect(':');
            if (n == entries.length) {
                entries = Arrays.copyOf(entries, n * 2);
            }
            entries[n++] = Map.entry(name, value(in, depth));
            if (!in.take(',')) {
                break;
            }
            name = in.name();
        }
        in.expect('}');
        try {
            return Map.ofEntries(n == entries.length ? entries : Arrays.copyOf(entries, n));
        } catch (IllegalArgumentException duplicateName) {
            throw GiveUp.INSTANCE;
        }
    }

    private static Value value(In in, int depth) {
        if (depth > MAX_DEPTH) {
            throw GiveUp.INSTANCE;
        }
        return switch (in.peek()) {
            case '"' -> new StringValue(in.string());
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
                fn = in.string();
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
        try {
            return Extensions.call(fn.equals("ipaddr") ? "ip" : fn, args);
        } catch (EvalError e) {
            throw GiveUp.INSTANCE;
        }
    }

    /**
     * A scanner over the body's bytes for the subset of JSON the fast path reads. Every method
     * either consumes what it expects or gives up; none reports an error.
     */
    private static final class In {
        /**
         * Entity type names read lately, each as its canonical (interned) string. A body names a
         * handful of types thousands of times; matched on the bytes, a known one costs neither a
         * new string nor a hash. Shared by all threads: a slot is replaced whole, and a thread
         * that reads an old one only misses.
         */
        private static final String[] TYPES = new String[64];
        /** Record field names read lately (a body repeats a few names thousands of times), shared the same way. */
        private static final String[] NAMES = new String[256];

        private final byte[] b;
        private int i;

        In(byte[] body) {
            this.b = body;
        }

        /** The next byte that is not white space, not consumed; -1 at the end. */
        int peek() {
            while (i < b.length) {
                byte c = b[i];
                if (c != ' ' && c != '\n' && c != '\r' && c != '\t') {
                    return c;
                }
                i++;
            }
            return -1;
        }

        void expect(char c) {
            if (peek() != c) {
                throw GiveUp.INSTANCE;
            }
            i++;
        }

        boolean take(char c) {
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

        /** Where the string that starts here ends (its closing quote); printable ASCII without escapes only. */
        private int stringEnd() {
            if (peek() != '"') {
                throw GiveUp.INSTANCE;
            }
            int j = ++i;
            while (j < b.length) {
                byte c = b[j];
                if (c == '"') {
                    return j;
                }
                if (c == '\\' || c < 0x20) {
                    // an escape, a control character, or (as a negative byte) beyond ASCII
                    throw GiveUp.INSTANCE;
                }
                j++;
            }
            throw GiveUp.INSTANCE;
        }

        String string() {
            int end = stringEnd();
            String s = new String(b, i, end - i, StandardCharsets.ISO_8859_1);
            i = end + 1;
            return s;
        }

        /** A record's field name, and the colon after it is left for the caller. */
        String name() {
            int end = stringEnd();
            if (end - i > MAX_NAME) {
                throw GiveUp.INSTANCE;
            }
            return recent(NAMES, end, false);
        }

        /** Which of {@code names} the next field is, consuming it and its colon; any other gives up. */
        int field(byte[][] names) {
            int end = stringEnd();
            int len = end - i;
            for (int k = 0; k < names.length; k++) {
                byte[] n = names[k];
                if (n.length == len && Arrays.equals(b, i, end, n, 0, len)) {
                    i = end + 1;
                    expect(':');
                    return k;
                }
            }
            throw GiveUp.INSTANCE;
        }

        /** An entity type name, as its canonical instance. */
        String type() {
            return recent(TYPES, stringEnd(), true);
        }

        /**
         * The string from here to {@code end} (its closing quote), from {@code cache} when it was
         * read lately; a type name is stored as its canonical instance.
         */
        private String recent(String[] cache, int end, boolean type) {
            int len = end - i;
            int h = len;
            for (int k = i; k < end; k++) {
                h = 31 * h + b[k];
            }
            int slot = h & (cache.length - 1);
            String known = cache[slot];
            if (known != null && known.length() == len) {
                boolean same = true;
                for (int k = 0; k < len && same; k++) {
                    same = known.charAt(k) == b[i + k];
                }
                if (same) {
                    i = end + 1;
                    return known;
                }
            }
            String s = new String(b, i, len, StandardCharsets.ISO_8859_1);
            if (type) {
                s = EntityUid.of(s, "").type();
            }
            if (len <= 64) {
                cache[slot] = s;
            }
            i = end + 1;
            return s;
        }
    }
}
