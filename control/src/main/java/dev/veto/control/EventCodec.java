package dev.veto.control;

import dev.veto.ledger.entry.Envelope;
import dev.veto.ledger.LogRecord;
import dev.veto.ledger.entry.PrivatePart;
import dev.veto.ledger.Sealed;
import dev.veto.ledger.store.LogStore;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.random.RandomGenerator;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.MapperFeature;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.cfg.DateTimeFeature;
import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * Turns events into log records and back. The payload is JSON with properties in alphabetical
 * order and absent values left out, so an event has one encoding; unknown properties are refused
 * on the way back, so a record from a newer Veto is reported instead of half read.
 */
public final class EventCodec {
    static final int VERSION = 1;

    /** Each event class's record type, from its {@link Event.Named} annotation, and back. */
    private static final Map<Class<?>, String> TYPES;
    private static final Map<String, Class<? extends Event>> CLASSES;
    /** Each event class's split between its envelope and its private parts. */
    private static final Map<Class<?>, Disclosure> DISCLOSURES;

    /** The private part holding what decisions and the process are rebuilt from. */
    public static final String STATE = "state";
    /** The private part holding free text; the one that can be erased. */
    public static final String TEXT = "text";
    /** What an erased text field reads. */
    public static final String ERASED = "[erased]";

    static {
        Map<Class<?>, String> types = new HashMap<>();
        Map<String, Class<? extends Event>> classes = new HashMap<>();
        for (Class<?> c : Event.class.getPermittedSubclasses()) {
            Event.Named named = c.getAnnotation(Event.Named.class);
            if (named == null) {
                throw new ExceptionInInitializerError(c.getName() + " has no @Event.Named log record type");
            }
            if (classes.put(named.value(), c.asSubclass(Event.class)) != null) {
                throw new ExceptionInInitializerError("two event classes are named \"" + named.value() + "\"");
            }
            types.put(c, named.value());
        }
        TYPES = Map.copyOf(types);
        CLASSES = Map.copyOf(classes);
        Map<Class<?>, Disclosure> disclosures = new HashMap<>();
        for (Class<? extends Event> c : classes.values()) {
            disclosures.put(c, Disclosure.of(c));
        }
        DISCLOSURES = Map.copyOf(disclosures);
    }

    static final JsonMapper JSON = JsonMapper.builder()
            .enable(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(DateTimeFeature.WRITE_DATES_AS_TIMESTAMPS)
            .changeDefaultPropertyInclusion(v -> v.withValueInclusion(JsonInclude.Include.NON_NULL))
            .build();

    private EventCodec() {}

    static String typeOf(Class<?> c) {
        String t = TYPES.get(c);
        if (t == null) {
            throw new IllegalStateException("no log record type for " + c.getName());
        }
        return t;
    }

    /** Whether events of class {@code c} can change decisions. */
    static boolean changesDecisions(Class<?> c) {
        return c.isAnnotationPresent(Event.ChangesDecisions.class);
    }

    /** Whether this Veto knows events of log type {@code type}. */
    public static boolean knowsType(String type) {
        return CLASSES.containsKey(type);
    }

    /** Whether events of log type {@code type} (e.g. {@code enforcement.lifted}) can change decisions; false for a type this Veto does not know. */
    public static boolean changesDecisions(String type) {
        Class<?> c = CLASSES.get(type);
        return c != null && changesDecisions(c);
    }

    /** The event as a format 1 record: the whole event in the leaf (what logs held before envelopes). */
    public static LogRecord encode(Event e, Instant time) {
        return new LogRecord(e.type(), VERSION, time, JSON.writeValueAsBytes(e));
    }

    /**
     * The event as a format 2 entry: a public envelope with its public fields and the
     * commitments to its private parts {@value #STATE} and {@value #TEXT} (each present only when
     * it holds a field), and the parts themselves, each with a fresh salt. An erasure event also
     * carries the erasure it records.
     */
    public static Sealed seal(Event e, Instant time, RandomGenerator salts) {
        Disclosure.Split split = DISCLOSURES.get(e.getClass()).split(JSON.valueToTree(e));
        List<PrivatePart> parts = new ArrayList<>(2);
        TreeMap<String, byte[]> commitments = new TreeMap<>();
        for (Map.Entry<String, ObjectNode> part : List.of(Map.entry(STATE, split.state()), Map.entry(TEXT, split.text()))) {
            if (!part.getValue().isEmpty()) {
                byte[] salt = new byte[PrivatePart.SALT_SIZE];
                salts.nextBytes(salt);
                // The part's bytes are written as the whole event was in format 1 (its fields in
                // alphabetical order, request JSON as given), so a part reads like the event it holds.
                PrivatePart p = new PrivatePart(part.getKey(), salt, JSON.writeValueAsBytes(part.getValue()));
                parts.add(p);
                commitments.put(p.name(), p.commitment());
            }
        }
        byte[] entry = new Envelope(e.type(), VERSION, time, split.publicFields(), commitments).encode();
        List<Sealed.Erasure> erasures = e instanceof Event.PayloadErased x
                ? x.parts().stream().map(name -> new Sealed.Erasure(x.entry(), name)).toList() : List.of();
        return new Sealed(entry, parts, erasures);
    }

    /**
     * The event in a log entry of either format, with its private parts as stored (format 2); an
     * erased text part reads {@value #ERASED} in each text field.
     */
    public static Event decode(byte[] entry, List<LogStore.StoredPart> parts) {
        return read(entry, parts).event();
    }

    /** An event read from the log, and the time its entry records. */
    public record Read(Event event, Instant time) {}

    /** {@link #decode(byte[], List)}, with the entry's time. */
    public static Read read(byte[] entry, List<LogStore.StoredPart> parts) {
        if (!Envelope.isEnvelope(entry)) {
            LogRecord.Decoded d = LogRecord.decode(entry);
            if (!(d instanceof LogRecord.Record r)) {
                throw new UnreadableEventException("not a Veto record: " + ((LogRecord.NotARecord) d).reason());
            }
            return new Read(decode(r.record()), r.record().time());
        }
        Envelope env = envelope(entry);
        return new Read(fromEnvelope(env, parts), env.time());
    }

    private static Event fromEnvelope(Envelope env, List<LogStore.StoredPart> parts) {
        Class<? extends Event> c = classOf(env.type(), env.version());
        ObjectNode state = JsonNodeFactory.instance.objectNode();
        ObjectNode text = JsonNodeFactory.instance.objectNode();
        for (String name : env.commitments().keySet()) {
            LogStore.StoredPart p = parts.stream().filter(x -> x.name().equals(name)).findFirst()
                    .orElseThrow(() -> new UnreadableEventException("event \"" + env.type() + "\": its private part \"" + name + "\" is not stored"));
            if (p.erased()) {
                if (!name.equals(TEXT)) {
                    throw new UnreadableEventException("event \"" + env.type() + "\": its private part \"" + name + "\" was erased");
                }
                text = null;
            } else if (name.equals(STATE) || name.equals(TEXT)) {
                ObjectNode o = readObject(env.type(), name, p.data());
                if (name.equals(STATE)) {
                    state = o;
                } else {
                    text = o;
                }
            } else {
                throw new UnreadableEventException("event \"" + env.type() + "\" has a private part \"" + name + "\" this Veto does not know");
            }
        }
        try {
            return JSON.treeToValue(DISCLOSURES.get(c).merge(env.publicFields(), state, text, ERASED), c);
        } catch (JacksonException e) {
            throw new UnreadableEventException("event \"" + env.type() + "\": " + e.getOriginalMessage());
        }
    }

    /** What anyone may know of a log entry: its event type, its time and its public fields. */
    public record PublicView(String type, Instant time, ObjectNode fields) {}

    /**
     * The public view of a log entry of either format: a format 2 envelope's own fields; for a
     * format 1 record, the fields its type declares public, taken from the whole event (what a
     * format 2 envelope of it would hold). Null for an entry that is not a Veto event.
     */
    public static PublicView publicView(byte[] entry) {
        if (Envelope.isEnvelope(entry)) {
            // Read, not validated: a log is checked entry by entry when it opens (and by the
            // monitor); parsing once instead of decoding canonically halves the report's cost.
            try {
                JsonNode n = JSON.readTree(entry);
                if (n.path("type").isString() && n.path("time").isString() && n.path("public") instanceof ObjectNode pub) {
                    return new PublicView(n.get("type").asString(), Instant.parse(n.get("time").asString()), pub);
                }
            } catch (JacksonException | java.time.DateTimeException e) {
                // not an envelope this Veto reads: it only counts as an entry
            }
            return null;
        }
        if (!(LogRecord.decode(entry) instanceof LogRecord.Record r) || !CLASSES.containsKey(r.record().type())) {
            return null;
        }
        Event e = decode(r.record());
        return new PublicView(r.record().type(), r.record().time(), publicFields(e));
    }

    /** The public fields of {@code e}, as its envelope holds them. */
    static ObjectNode publicFields(Event e) {
        return DISCLOSURES.get(e.getClass()).split(JSON.valueToTree(e)).publicFields();
    }

    /** The envelope in a format 2 entry. */
    public static Envelope envelope(byte[] entry) {
        if (!(Envelope.decode(entry) instanceof Envelope.Valid v)) {
            throw new UnreadableEventException("not a valid envelope: " + ((Envelope.Invalid) Envelope.decode(entry)).reason());
        }
        return v.envelope();
    }

    private static ObjectNode readObject(String type, String part, byte[] data) {
        try {
            JsonNode n = JSON.readTree(data);
            if (n instanceof ObjectNode o) {
                return o;
            }
        } catch (JacksonException e) {
            // reported below
        }
        throw new UnreadableEventException("event \"" + type + "\": its private part \"" + part + "\" is not a JSON object");
    }

    private static Class<? extends Event> classOf(String type, int version) {
        Class<? extends Event> c = CLASSES.get(type);
        if (c == null) {
            throw new UnreadableEventException("unknown event type \"" + type + "\"");
        }
        if (version != VERSION) {
            throw new UnreadableEventException("event type \"" + type + "\" version " + version + " is newer than this Veto reads (" + VERSION + ")");
        }
        return c;
    }

    /** The event in a record, or an explanation of why the record holds none Veto can read. */
    public static Event decode(LogRecord r) {
        Class<? extends Event> c = classOf(r.type(), r.version());
        try {
            return JSON.readValue(r.payload(), c);
        } catch (JacksonException e) {
            throw new UnreadableEventException("event \"" + r.type() + "\" payload: " + e.getOriginalMessage());
        }
    }

    /** An event as a map of its fields, for API answers that echo what was recorded. */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> view(Event e) {
        return JSON.convertValue(e, Map.class);
    }

    /** An event as a JSON tree, for the API's decoded view of a log entry. */
    public static tools.jackson.databind.JsonNode toTree(Event e) {
        return JSON.valueToTree(e);
    }

    /** A log entry that is not an event this Veto can read. */
    public static final class UnreadableEventException extends RuntimeException {
        UnreadableEventException(String message) {
            super(message, null, false, false);
        }
    }
}
