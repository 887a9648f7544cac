package dev.veto.server.http;

import com.fasterxml.jackson.annotation.JsonInclude;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.cfg.DateTimeFeature;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;
import tools.jackson.databind.json.JsonMapper;
import dev.veto.control.Rejection;

/** The API's JSON: ISO-8601 times, absent values left out, unknown request fields refused. */
public final class Json {
    public static final JsonMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            // 30.5 is not a number of days and "false" is not a boolean: say so instead of guessing.
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
            .disable(tools.jackson.databind.MapperFeature.ALLOW_COERCION_OF_SCALARS)
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
            throw Rejection.invalid(path.isEmpty() ? null : path, (path.isEmpty() ? "" : "`" + path + "`: ") + "wrong type or format: "
                    + e.getOriginalMessage().replaceAll("\\(class [^)]*\\)", "").trim());
        } catch (JacksonException e) {
            String path = path(e);
            throw Rejection.invalid(path.isEmpty() ? null : path, "the request body cannot be read" + (path.isEmpty() ? "" : " at `" + path + "`")
                    + ": " + e.getOriginalMessage() + where(e));
        }
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
