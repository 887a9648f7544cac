package dev.veto.server.http;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.veto.control.Rejection;
import java.time.Instant;
import java.util.Collection;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.cfg.CoercionAction;
import tools.jackson.databind.cfg.CoercionInputShape;
import tools.jackson.databind.cfg.DateTimeFeature;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.type.LogicalType;

/**
 * The API's JSON: ISO-8601 times, absent values left out, unknown request fields refused, and no
 * guessing: a number is not a string, 30.5 is not a number of days and "false" is not a boolean.
 * A body that cannot be read is refused naming the field and the form it needs, in words (never a
 * Java type's name).
 */
public final class Json {
    /** The deepest nesting a request body may have; deeper is refused before it is walked. */
    static final int MAX_NESTING = 200;

    public static final JsonMapper MAPPER = JsonMapper.builder(JsonFactory.builder()
                    .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_NESTING).maxNumberLength(100).build())
                    .build())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
            .disable(tools.jackson.databind.MapperFeature.ALLOW_COERCION_OF_SCALARS)
            // numbers and booleans are not strings, and the reverse
            .withCoercionConfig(LogicalType.Textual, c -> c.setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Float, CoercionAction.Fail).setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail))
            .withCoercionConfig(LogicalType.Integer, c -> c.setCoercion(CoercionInputShape.String, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Float, CoercionAction.Fail))
            .withCoercionConfig(LogicalType.Boolean, c -> c.setCoercion(CoercionInputShape.String, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail))
            .disable(DateTimeFeature.WRITE_DATES_AS_TIMESTAMPS)
            .changeDefaultPropertyInclusion(v -> v.withValueInclusion(JsonInclude.Include.NON_NULL))
            .build();

    private Json() {}

    public static byte[] write(Object o) {
        return MAPPER.writeValueAsBytes(o);
    }

    public static JsonNode tree(byte[] body) {
        if (body.length == 0) {
            throw Rejection.invalid(null, "the request body is empty; send a JSON object");
        }
        try {
            JsonNode n = MAPPER.readTree(body);
            if (n == null || n.isNull() || n.isMissingNode()) {
                throw Rejection.invalid(null, "the request body is `null`; send a JSON value");
            }
            return n;
        } catch (JacksonException e) {
            throw Rejection.invalid(null, "the request body is not valid JSON: " + e.getOriginalMessage() + where(e));
        }
    }

    /** Binds a request body to an input record, naming the field at fault when it cannot. */
    public static <T> T read(byte[] body, Class<T> type) {
        if (body.length == 0) {
            throw Rejection.invalid(null, "the request body is empty; send a JSON object");
        }
        try {
            T value = MAPPER.readValue(body, type);
            if (value == null) {
                throw Rejection.invalid(null, "the request body is `null`; send a JSON object");
            }
            return value;
        } catch (UnrecognizedPropertyException e) {
            throw Rejection.invalid(e.getPropertyName(), "unknown field `" + e.getPropertyName() + "`; expected "
                    + e.getKnownPropertyIds());
        } catch (MismatchedInputException e) {
            String path = path(e);
            String what = path.isEmpty() ? "the request body" : "`" + path + "`";
            throw Rejection.invalid(path.isEmpty() ? null : path, what + " must be " + form(e.getTargetType()) + where(e));
        } catch (JacksonException e) {
            String path = path(e);
            throw Rejection.invalid(path.isEmpty() ? null : path, "the request body cannot be read" + (path.isEmpty() ? "" : " at `" + path + "`")
                    + ": " + e.getOriginalMessage() + where(e));
        }
    }

    /** A JSON value of what {@code type} reads, in words. */
    static String form(Class<?> type) {
        if (type == null) {
            return "of another type";
        }
        if (type == String.class) {
            return "a string";
        }
        if (type == Integer.class || type == int.class || type == Long.class || type == long.class) {
            return "a whole number";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        }
        if (type == Instant.class) {
            return "a date and time in UTC, e.g. \"2027-03-01T09:00:00Z\"";
        }
        if (Collection.class.isAssignableFrom(type) || type.isArray()) {
            return "a JSON array";
        }
        if (type.isRecord() || Map.class.isAssignableFrom(type)) {
            return "a JSON object";
        }
        return "of another type";
    }

    private static String path(JacksonException e) {
        StringBuilder b = new StringBuilder();
        for (JacksonException.Reference r : e.getPath()) {
            if (r.getPropertyName() != null) {
                b.append(b.isEmpty() ? "" : ".").append(r.getPropertyName());
            } else if (r.getIndex() >= 0) {
                b.append('[').append(r.getIndex()).append(']');
            }
        }
        return b.toString();
    }

    private static String where(JacksonException e) {
        var loc = e.getLocation();
        return loc == null ? "" : " (line " + loc.getLineNr() + ", column " + loc.getColumnNr() + ")";
    }
}
