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
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.LongNode;

/**
 * The decision endpoints' fast path: decision requests read from the body's bytes straight into
 * engine requests with Jackson's streaming parser, with no JSON tree in between. Building the
 * tree, then walking it into Cedar values, was four fifths of a batch's cost.
 *
 * <p>It reads the shapes PEPs send (entity references as {@code {"type", "id"}}; booleans,
 * 64-bit integers, strings, sets, records, and the {@code __extn} and {@code __entity} escapes
 * in value position) and gives up on anything else by returning null: an escape's name among
 * other fields, nulls inside values, fractional or oversized numbers, duplicate or unknown
 * fields, an extension call that fails, a caller-set {@code now}, malformed JSON. The tree-based reader ({@link DecisionJson#request})
 * then reads the body from the start and explains every fault with its path, so this parser
 * never decides what an error says, and whatever it accepts it must read exactly as the tree
 * reader would ({@code FastDecisionJsonTest} compares the two on generated bodies).
 */
final class FastDecisionJson {
    /** What was read: the requests (one for the single endpoint) and {@code atLeastRevision}, or null. */
    record Parsed(List<EngineRequest> requests, JsonNode atLeastRevision) {}

    /** Thrown to leave a body to the tree reader; carries no stack, as it is not an error. */
    private static final class GiveUp extends RuntimeException {
        private static final GiveUp INSTANCE = new GiveUp();

        private GiveUp() {
            super(null, null, false, false);
        }
    }

    private FastDecisionJson() {}

    /** A single decision body, or null when the tree reader must take it. */
    static Parsed single(byte[] body) {
        try (JsonParser p = Json.MAPPER.createParser(body)) {
            expect(p.nextToken(), JsonToken.START_OBJECT);
            JsonNode[] atLeast = new JsonNode[1];
            EngineRequest r = request(p, atLeast);
            end(p);
            return new Parsed(List.of(r), atLeast[0]);
        } catch (GiveUp | JacksonException e) {
            return null;
        }
    }

    /** A batch body of at most {@code maxBatch} requests, or null when the tree reader must take it. */
    static Parsed batch(byte[] body, int maxBatch) {
        try (JsonParser p = Json.MAPPER.createParser(body)) {
            expect(p.nextToken(), JsonToken.START_OBJECT);
            List<EngineRequest> requests = null;
            JsonNode atLeast = null;
            boolean revisionSeen = false;
            String name;
            while ((name = p.nextName()) != null) {
                JsonToken t = p.nextToken();
                switch (name) {
                    case "requests" -> {
                        if (requests != null) {
                            throw GiveUp.INSTANCE;
                        }
                        expect(t, JsonToken.START_ARRAY);
                        requests = new ArrayList<>();
                        while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
                            expect(t, JsonToken.START_OBJECT);
                            if (requests.size() == maxBatch) {
                                throw GiveUp.INSTANCE;
                            }
                            requests.add(request(p, null));
                        }
                    }
                    case "atLeastRevision" -> {
                        if (revisionSeen) {
                            throw GiveUp.INSTANCE;
                        }
                        revisionSeen = true;
                        atLeast = revision(p, t);
                    }
                    default -> throw GiveUp.INSTANCE;
                }
            }
            end(p);
            if (requests == null) {
                throw GiveUp.INSTANCE;
            }
            return new Parsed(requests, atLeast);
        } catch (GiveUp | JacksonException e) {
            return null;
        }
    }

    /** Past the top-level object: nothing may follow it. */
    private static void end(JsonParser p) {
        if (p.nextToken() != null) {
            throw GiveUp.INSTANCE;
        }
    }

    private static void expect(JsonToken got, JsonToken want) {
        if (got != want) {
            throw GiveUp.INSTANCE;
        }
    }

    private static JsonNode revision(JsonParser p, JsonToken t) {
        if (t == JsonToken.VALUE_NULL) {
            return null;
        }
        if (t != JsonToken.VALUE_NUMBER_INT || !isLong(p)) {
            throw GiveUp.INSTANCE;
        }
        return LongNode.valueOf(p.getLongValue());
    }

    private static boolean isLong(JsonParser p) {
        JsonParser.NumberType n = p.getNumberType();
        return n == JsonParser.NumberType.INT || n == JsonParser.NumberType.LONG;
    }

    /**
     * One request object, the parser on its START_OBJECT. {@code atLeast} receives
     * {@code atLeastRevision} where the body may carry it (the single endpoint), else is null.
     */
    private static EngineRequest request(JsonParser p, JsonNode[] atLeast) {
        EntityUid principal = null;
        EntityUid action = null;
        EntityUid resource = null;
        RecordValue context = RecordValue.EMPTY;
        List<Entity> entities = List.of();
        int seen = 0;
        String name;
        while ((name = p.nextName()) != null) {
            JsonToken t = p.nextToken();
            int bit = switch (name) {
                case "principal" -> {
                    principal = uid(p, t);
                    yield 1;
                }
                case "action" -> {
                    action = uid(p, t);
                    yield 2;
                }
                case "resource" -> {
                    resource = uid(p, t);
                    yield 4;
                }
                case "context" -> {
                    if (t != JsonToken.VALUE_NULL) {
                        expect(t, JsonToken.START_OBJECT);
                        Map<String, Value> attrs = record(p);
                        if (attrs.containsKey("now")) {
                            throw GiveUp.INSTANCE;
                        }
                        context = new RecordValue(attrs);
                    }
                    yield 8;
                }
                case "entities" -> {
                    if (t != JsonToken.VALUE_NULL) {
                        expect(t, JsonToken.START_ARRAY);
                        entities = entities(p);
                    }
                    yield 16;
                }
                case "atLeastRevision" -> {
                    if (atLeast == null) {
                        throw GiveUp.INSTANCE;
                    }
                    atLeast[0] = revision(p, t);
                    yield 32;
                }
                default -> throw GiveUp.INSTANCE;
            };
            seen = once(seen, bit);
        }
        if (principal == null || action == null || resource == null) {
            throw GiveUp.INSTANCE;
        }
        return new EngineRequest(principal, action, resource, context, entities);
    }

    /** {@code seen} with field {@code bit} added; a field given twice is left to the tree reader. */
    private static int once(int seen, int bit) {
        if ((seen & bit) != 0) {
            throw GiveUp.INSTANCE;
        }
        return seen | bit;
    }

    /** {@code {"type": "…", "id": "…"}}, in either order and nothing else; the parser on its START_OBJECT. */
    private static EntityUid uid(JsonParser p, JsonToken t) {
        expect(t, JsonToken.START_OBJECT);
        String type = null;
        String id = null;
        String name;
        while ((name = p.nextName()) != null) {
            expect(p.nextToken(), JsonToken.VALUE_STRING);
            if (name.equals("type") && type == null) {
                type = type(p);
            } else if (name.equals("id") && id == null) {
                id = p.getString();
            } else {
                throw GiveUp.INSTANCE;
            }
        }
        if (type == null || id == null) {
            throw GiveUp.INSTANCE;
        }
        return EntityUid.of(type, id);
    }

    /**
     * Entity type names read lately, each as its canonical (interned) string. A body names a
     * handful of types thousands of times; matched on the parser's characters, a known one costs
     * neither a new string nor a hash. Shared by all threads: a slot is replaced whole, and a
     * thread that reads an old one only misses.
     */
    private static final String[] TYPES = new String[64];

    private static String type(JsonParser p) {
        char[] buf = p.getStringCharacters();
        int off = p.getStringOffset();
        int len = p.getStringLength();
        int h = len;
        for (int i = 0; i < len; i++) {
            h = 31 * h + buf[off + i];
        }
        int slot = h & (TYPES.length - 1);
        String known = TYPES[slot];
        if (known != null && known.length() == len) {
            boolean same = true;
            for (int i = 0; i < len && same; i++) {
                same = known.charAt(i) == buf[off + i];
            }
            if (same) {
                return known;
            }
        }
        String t = EntityUid.of(new String(buf, off, len), "").type();
        TYPES[slot] = t;
        return t;
    }

    /** The entity slice, the parser on its START_ARRAY; a uid given twice is left to the tree reader. */
    private static List<Entity> entities(JsonParser p) {
        List<Entity> out = new ArrayList<>(4);
        Set<EntityUid> uids = null;
        JsonToken t;
        while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
            expect(t, JsonToken.START_OBJECT);
            Entity e = entity(p);
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
        }
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

    /** One entity, the parser on its START_OBJECT. */
    private static Entity entity(JsonParser p) {
        EntityUid uid = null;
        Map<String, Value> attrs = null;
        Set<EntityUid> parents = null;
        Map<String, Value> tags = null;
        int seen = 0;
        String name;
        while ((name = p.nextName()) != null) {
            JsonToken t = p.nextToken();
            int bit = switch (name) {
                case "uid" -> {
                    uid = uid(p, t);
                    yield 1;
                }
                case "attrs" -> {
                    if (t != JsonToken.VALUE_NULL) {
                        expect(t, JsonToken.START_OBJECT);
                        attrs = record(p);
                    }
                    yield 2;
                }
                case "parents" -> {
                    if (t != JsonToken.VALUE_NULL) {
                        expect(t, JsonToken.START_ARRAY);
                        parents = new LinkedHashSet<>(4);
                        while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
                            parents.add(uid(p, t));
                        }
                    }
                    yield 4;
                }
                case "tags" -> {
                    if (t != JsonToken.VALUE_NULL) {
                        expect(t, JsonToken.START_OBJECT);
                        tags = record(p);
                    }
                    yield 8;
                }
                default -> throw GiveUp.INSTANCE;
            };
            seen = once(seen, bit);
        }
        if (uid == null) {
            throw GiveUp.INSTANCE;
        }
        return Entity.of(uid, attrs == null ? Map.of() : attrs, parents == null ? Set.of() : parents, tags == null ? Map.of() : tags);
    }

    /** A record's fields, the parser on its START_OBJECT. */
    private static Map<String, Value> record(JsonParser p) {
        return fields(p, p.nextName());
    }

    /**
     * A record's fields from the one named {@code name} on (null: the record ended), the parser
     * on that name; as an immutable map, which records and entities keep without copying.
     */
    @SuppressWarnings("unchecked")
    private static Map<String, Value> fields(JsonParser p, String name) {
        if (name == null) {
            return Map.of();
        }
        Map.Entry<String, Value>[] entries = new Map.Entry[4];
        int n = 0;
        for (; name != null; name = p.nextName()) {
            if (name.equals("__extn") || name.equals("__entity")) {
                // the tree reader decides what an escape's name means among other fields
                throw GiveUp.INSTANCE;
            }
            if (n == entries.length) {
                entries = java.util.Arrays.copyOf(entries, n * 2);
            }
            entries[n++] = Map.entry(name, value(p, p.nextToken()));
        }
        try {
            return Map.ofEntries(n == entries.length ? entries : java.util.Arrays.copyOf(entries, n));
        } catch (IllegalArgumentException duplicateName) {
            throw GiveUp.INSTANCE;
        }
    }

    /**
     * An object in value position, the parser on its START_OBJECT: an escape when it holds only
     * {@code __extn} (an extension value, as PEPs send IP addresses) or only {@code __entity},
     * else a record.
     */
    private static Value object(JsonParser p) {
        String first = p.nextName();
        if ("__extn".equals(first) || "__entity".equals(first)) {
            JsonToken t = p.nextToken();
            Value v = first.equals("__extn") ? extension(p, t) : uid(p, t);
            if (p.nextToken() != JsonToken.END_OBJECT) {
                throw GiveUp.INSTANCE;
            }
            return v;
        }
        return new RecordValue(fields(p, first));
    }

    /** {@code {"fn": …, "arg": …}} or {@code {"fn": …, "args": […]}}, the parser on its START_OBJECT. */
    private static Value extension(JsonParser p, JsonToken t) {
        expect(t, JsonToken.START_OBJECT);
        String fn = null;
        List<Value> args = null;
        String name;
        while ((name = p.nextName()) != null) {
            t = p.nextToken();
            if (name.equals("fn") && fn == null && t == JsonToken.VALUE_STRING) {
                fn = p.getString();
            } else if (name.equals("arg") && args == null) {
                args = List.of(value(p, t));
            } else if (name.equals("args") && args == null && t == JsonToken.START_ARRAY) {
                args = new ArrayList<>(2);
                while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
                    args.add(value(p, t));
                }
            } else {
                throw GiveUp.INSTANCE;
            }
        }
        if (fn == null || args == null) {
            throw GiveUp.INSTANCE;
        }
        try {
            return Extensions.call(fn.equals("ipaddr") ? "ip" : fn, args);
        } catch (EvalError e) {
            throw GiveUp.INSTANCE;
        }
    }

    private static Value value(JsonParser p, JsonToken t) {
        return switch (t) {
            case VALUE_TRUE -> BoolValue.TRUE;
            case VALUE_FALSE -> BoolValue.FALSE;
            case VALUE_NUMBER_INT -> {
                if (!isLong(p)) {
                    throw GiveUp.INSTANCE;
                }
                yield LongValue.of(p.getLongValue());
            }
            case VALUE_STRING -> new StringValue(p.getString());
            case START_ARRAY -> {
                Set<Value> out = new LinkedHashSet<>();
                JsonToken e;
                while ((e = p.nextToken()) != JsonToken.END_ARRAY) {
                    out.add(value(p, e));
                }
                yield new SetValue(out);
            }
            case START_OBJECT -> object(p);
            default -> throw GiveUp.INSTANCE;
        };
    }
}
