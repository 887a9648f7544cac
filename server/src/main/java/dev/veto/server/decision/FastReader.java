package dev.veto.server.decision;

import dev.veto.cedar.entity.Entity;
import dev.veto.cedar.value.EntityUid;
import dev.veto.cedar.value.RecordValue;
import dev.veto.cedar.value.Value;
import dev.veto.engine.EngineRequest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.LongNode;

/**
 * The decision endpoints' fast path, as a grammar over a {@link ByteScanner}: decision requests
 * read from the body's bytes straight into engine requests, with no JSON tree and no
 * general-purpose tokenizer in between. Building the tree, then walking it into Cedar values, was
 * four fifths of a batch's cost; Jackson's streaming parser still half of what remained.
 *
 * <p>It reads the shapes PEPs send: entity references as {@code {"type", "id"}}; booleans,
 * 64-bit integers, strings of ASCII without escapes, sets, records, and the {@code __extn} and
 * {@code __entity} escapes in value position. On anything else it gives up by returning null: an
 * escape's name among other fields, nulls inside values, fractional or out-of-range numbers,
 * strings with escapes or beyond ASCII, duplicate or unknown fields, nesting deeper than
 * {@link RequestFields#MAX_DEPTH}, an extension call that fails, a caller-set {@code now}, and
 * anything that is not well-formed JSON. The tree reader ({@link TreeReader}) then reads the body
 * from the start and explains every fault with its path, so this reader never decides what an
 * error says, and whatever it accepts it must read exactly as the tree reader would
 * ({@code FastReaderTest} compares the two on generated bodies).
 */
final class FastReader {
    /** What was read: the requests (one for the single endpoint) and {@code atLeastRevision}, or null. */
    record Parsed(List<EngineRequest> requests, JsonNode atLeastRevision) {}

    private FastReader() {}

    /** A single decision body, or null when the tree reader must take it. */
    static Parsed single(byte[] body) {
        try {
            ByteScanner in = new ByteScanner(body);
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
            ByteScanner in = new ByteScanner(body);
            List<EngineRequest> requests = null;
            JsonNode atLeast = null;
            int seen = 0;
            in.expect('{');
            if (!in.take('}')) {
                do {
                    int field = in.field(RequestFields.BATCH);
                    seen = once(seen, 1 << field);
                    if (field == RequestFields.REQUESTS) {
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

    private static JsonNode revision(ByteScanner in) {
        if (in.takeNull()) {
            return null;
        }
        return LongNode.valueOf(in.integer());
    }

    /**
     * One request object. {@code atLeast} receives {@code atLeastRevision} where the body may
     * carry it (the single endpoint), else is null.
     */
    private static EngineRequest request(ByteScanner in, JsonNode[] atLeast) {
        EntityUid principal = null;
        EntityUid action = null;
        EntityUid resource = null;
        RecordValue context = RecordValue.EMPTY;
        List<Entity> entities = List.of();
        int seen = 0;
        in.expect('{');
        if (!in.take('}')) {
            do {
                int field = in.field(RequestFields.REQUEST);
                seen = once(seen, 1 << field);
                switch (field) {
                    case RequestFields.PRINCIPAL -> principal = uid(in);
                    case RequestFields.ACTION -> action = uid(in);
                    case RequestFields.RESOURCE -> resource = uid(in);
                    case RequestFields.CONTEXT -> {
                        if (!in.takeNull()) {
                            in.expect('{');
                            Map<String, Value> attrs = FastValues.fields(in, 1);
                            if (attrs.containsKey(RequestFields.NOW)) {
                                throw GiveUp.INSTANCE;
                            }
                            context = new RecordValue(attrs);
                        }
                    }
                    case RequestFields.ENTITIES -> {
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
    static EntityUid uid(ByteScanner in) {
        EntityUid compact = in.compactUid();
        if (compact != null) {
            return compact;
        }
        in.expect('{');
        String type = null;
        int idFrom = -1;
        int idEnd = -1;
        do {
            if (in.field(RequestFields.ENTITY_REF) == RequestFields.TYPE) {
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
    private static List<Entity> entities(ByteScanner in) {
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

    private static Entity entity(ByteScanner in) {
        EntityUid uid = null;
        Map<String, Value> attrs = Map.of();
        Set<EntityUid> parents = Set.of();
        Map<String, Value> tags = Map.of();
        int seen = 0;
        in.expect('{');
        if (!in.take('}')) {
            do {
                int field = in.field(RequestFields.ENTITY);
                seen = once(seen, 1 << field);
                switch (field) {
                    case RequestFields.UID -> uid = uid(in);
                    case RequestFields.ATTRS -> {
                        if (!in.takeNull()) {
                            in.expect('{');
                            attrs = FastValues.fields(in, 1);
                        }
                    }
                    case RequestFields.PARENTS -> {
                        if (!in.takeNull()) {
                            parents = parents(in);
                        }
                    }
                    default -> {
                        if (!in.takeNull()) {
                            in.expect('{');
                            tags = FastValues.fields(in, 1);
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
    private static Set<EntityUid> parents(ByteScanner in) {
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
}
