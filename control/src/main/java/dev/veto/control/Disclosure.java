package dev.veto.control;

import java.lang.reflect.RecordComponent;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * How one event type's fields divide between its public envelope and its private parts, as its
 * {@link Event.Public}, {@link Event.Text} and {@link Event.Counted} annotations declare: public
 * fields go in the envelope, text fields in the erasable part {@code text}, every other field in
 * the part {@code state}; a counted field's size is public as {@code counts.<field>}.
 */
record Disclosure(Set<String> publicFields, Set<String> textFields, Set<String> counted) {
    /** The public field that holds the counts; never a field of an event. */
    static final String COUNTS = "counts";

    /** An event's fields as split: any of the three objects may be empty. */
    record Split(ObjectNode publicFields, ObjectNode state, ObjectNode text) {}

    /** The disclosure {@code c}'s annotations declare; each name must be one of its fields. */
    static Disclosure of(Class<? extends Event> c) {
        Set<String> fields = new LinkedHashSet<>();
        for (RecordComponent rc : c.getRecordComponents()) {
            fields.add(rc.getName());
        }
        Set<String> pub = names(c, c.getAnnotation(Event.Public.class) == null ? new String[0] : c.getAnnotation(Event.Public.class).value(), fields);
        Set<String> text = names(c, c.getAnnotation(Event.Text.class) == null ? new String[0] : c.getAnnotation(Event.Text.class).value(), fields);
        Set<String> counted = names(c, c.getAnnotation(Event.Counted.class) == null ? new String[0] : c.getAnnotation(Event.Counted.class).value(), fields);
        if (fields.contains(COUNTS)) {
            throw new ExceptionInInitializerError(c.getName() + " has a field named \"" + COUNTS + "\", which envelopes use for counts");
        }
        for (String t : text) {
            if (pub.contains(t)) {
                throw new ExceptionInInitializerError(c.getName() + "." + t + " cannot be both public and private text");
            }
        }
        return new Disclosure(pub, text, counted);
    }

    private static Set<String> names(Class<?> c, String[] given, Set<String> fields) {
        Set<String> out = new LinkedHashSet<>();
        for (String n : given) {
            if (!fields.contains(n)) {
                throw new ExceptionInInitializerError(c.getName() + " declares \"" + n + "\", which is not one of its fields " + fields);
            }
            out.add(n);
        }
        return Set.copyOf(out);
    }

    /** Splits an event's JSON (absent fields left out) into its public fields and private parts. */
    Split split(ObjectNode event) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        ObjectNode pub = f.objectNode();
        ObjectNode state = f.objectNode();
        ObjectNode text = f.objectNode();
        for (Map.Entry<String, JsonNode> e : event.properties()) {
            String k = e.getKey();
            (publicFields.contains(k) ? pub : textFields.contains(k) ? text : state).set(k, e.getValue());
        }
        if (!counted.isEmpty()) {
            ObjectNode counts = pub.putObject(COUNTS);
            for (String k : counted) {
                JsonNode v = event.get(k);
                counts.put(k, v == null || !v.isContainer() ? 0 : v.size());
            }
        }
        return new Split(pub, state, text);
    }

    /**
     * The event's JSON from its parts; {@code text} null means the text part was erased, and each
     * text field then reads {@code erased}.
     */
    ObjectNode merge(ObjectNode pub, ObjectNode state, ObjectNode text, String erased) {
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        for (Map.Entry<String, JsonNode> e : pub.properties()) {
            if (!e.getKey().equals(COUNTS)) {
                out.set(e.getKey(), e.getValue());
            }
        }
        if (state != null) {
            out.setAll(state);
        }
        if (text != null) {
            out.setAll(text);
        } else {
            for (String t : textFields) {
                out.put(t, erased);
            }
        }
        return out;
    }
}
