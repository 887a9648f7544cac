package dev.veto.control;

import dev.veto.ledger.LogRecord;
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

    public static LogRecord encode(Event e, Instant time) {
        return new LogRecord(e.type(), VERSION, time, JSON.writeValueAsBytes(e));
    }

    /** The event in a record, or an explanation of why the record holds none Veto can read. */
    public static Event decode(LogRecord r) {
        Class<? extends Event> c = CLASSES.get(r.type());
        if (c == null) {
            throw new UnreadableEventException("unknown event type \"" + r.type() + "\"");
        }
        if (r.version() != VERSION) {
            throw new UnreadableEventException("event type \"" + r.type() + "\" version " + r.version() + " is newer than this Veto reads (" + VERSION + ")");
        }
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
