package dev.veto.server.console;

import dev.veto.control.Actor;
import dev.veto.control.Role;
import io.javalin.http.Context;

/**
 * What every page's frame shows: its title, who is signed in (null on public pages) with the
 * session's CSRF token for its forms, the navigation that person may use, and a refusal to show
 * at the top (a form sent back).
 */
public record Page(String title, Actor actor, String csrf, String error, String path, java.time.Instant now) {
    static final String ERROR = "veto.console.error";

    static Page of(String title, Actor actor, String csrf, Context ctx, java.time.Instant now) {
        return new Page(title, actor, csrf, ctx.attribute(ERROR), ctx.path(), now);
    }

    /** The refusal's first line (its message). */
    public String errorHead() {
        int nl = error == null ? -1 : error.indexOf('\n');
        return nl < 0 ? error : error.substring(0, nl);
    }

    /** The refusal's further lines (a source excerpt with a caret under the fault), or null. */
    public String errorDetail() {
        int nl = error == null ? -1 : error.indexOf('\n');
        return nl < 0 ? null : error.substring(nl + 1);
    }

    public boolean signedIn() {
        return actor != null;
    }

    public boolean customer() {
        return actor != null && actor.isCustomer();
    }

    public boolean staff() {
        return actor != null && !actor.isCustomer();
    }

    public boolean admin() {
        return actor != null && actor.has(Role.ADMIN);
    }

    /** Who is signed in, e.g. {@code rita (reviewer)}. */
    public String who() {
        return actor == null ? "" : actor.subject() + " (" + Console.roles(actor) + (actor.org() == null ? "" : ", " + actor.org()) + ")";
    }

    /** {@code aria-current} for a navigation link to {@code prefix}. */
    public String current(String prefix) {
        return path.startsWith(prefix) ? "page" : "false";
    }
}
