package dev.veto.server;

import dev.veto.control.Commands;
import dev.veto.control.Committed;
import dev.veto.control.EventCodec;
import dev.veto.server.http.Json;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.Map;

/** How the API answers: JSON bodies, and the shapes every write answers with. */
final class Responses {
    private Responses() {}

    static void json(Context ctx, Object body) {
        ctx.contentType("application/json").result(Json.write(body));
    }

    /** A JSON object whose keys keep the order written (Map.of's order changes from run to run). */
    static Map<String, Object> ordered(Object... keysAndValues) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            m.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return m;
    }

    /** A record's JSON fields as a map, in order, to add fields to. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> fields(Object view) {
        return Json.MAPPER.convertValue(view, LinkedHashMap.class);
    }

    /** A write: the log index of its first event, the revision it produced, and each event's index and type. */
    static void committed(Context ctx, Committed c) {
        json(ctx, committedFields(c));
    }

    private static Map<String, Object> committedFields(Committed c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("index", c.firstIndex());
        m.put("revision", c.revision());
        m.put("events", c.events().stream().map(w -> ordered("index", w.index(), "type", w.event().type())).toList());
        return m;
    }

    /** A validated write: as {@link #committed}, with the validator's warnings when there are any. */
    static void validated(Context ctx, Commands.Validated v) {
        Map<String, Object> m = committedFields(v.committed());
        if (!v.warnings().isEmpty()) {
            m.put("warnings", v.warnings());
        }
        json(ctx, m);
    }

    /** A write that created one thing: 201 with the event as recorded, its index and the revision. */
    static void created(Context ctx, Committed c) {
        Map<String, Object> m = new LinkedHashMap<>(EventCodec.view(c.events().get(0).event()));
        m.put("index", c.firstIndex());
        m.put("revision", c.revision());
        ctx.status(201);
        json(ctx, m);
    }
}
