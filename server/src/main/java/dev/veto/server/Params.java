package dev.veto.server;

import dev.veto.control.Rejection;
import io.javalin.http.Context;

/** Path and query parameters read as the API's numbers, each fault naming the parameter. */
final class Params {
    private Params() {}

    static long longQuery(Context ctx, String name) {
        String v = ctx.queryParam(name);
        if (v == null) {
            throw Rejection.invalid(name, "query parameter `" + name + "` is required");
        }
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw Rejection.invalid(name, "query parameter `" + name + "` must be an integer, got \"" + v + "\"");
        }
    }

    static long longPath(Context ctx, String name) {
        String v = ctx.pathParam(name);
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw Rejection.invalid(name, "`" + name + "` must be an integer, got \"" + v + "\"");
        }
    }

    /** Query parameter {@code name}: one of {@code choices}, the first when it is absent. */
    static String oneOf(Context ctx, String name, String... choices) {
        String v = ctx.queryParam(name);
        if (v == null) {
            return choices[0];
        }
        for (String c : choices) {
            if (c.equals(v)) {
                return c;
            }
        }
        throw Rejection.invalid(name, "query parameter `" + name + "` must be one of " + String.join(", ", choices) + ", got \"" + v + "\"");
    }
}
