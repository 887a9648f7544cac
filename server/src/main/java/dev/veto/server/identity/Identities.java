package dev.veto.server.identity;

import dev.veto.control.Actor;
import dev.veto.control.ControlPlane;
import dev.veto.control.Rejection;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.Cookie;
import io.javalin.http.SameSite;
import java.net.URI;
import java.util.Set;

/**
 * People's identities, beside Veto's own tokens: API calls bearing a JWT of the configured
 * OpenID Connect provider, and browsers signed in through {@code /login} (a session cookie, with
 * a CSRF token for every request that changes something). Without a provider configured, JWTs
 * are refused and nobody signs in; Veto tokens work either way.
 */
public final class Identities {
    public static final String SESSION_COOKIE = "veto_session";
    public static final String CSRF_HEADER = "X-CSRF-Token";

    private final ControlPlane plane;
    private final OidcProvider provider;
    private final LoginFlow login;
    private final Sessions sessions = new Sessions();
    private final SignInLinks links = new SignInLinks();
    private final boolean secureCookies;

    private Identities(ControlPlane plane, OidcSettings settings, boolean secureCookies) {
        this.plane = plane;
        this.provider = settings == null ? null : new OidcProvider(settings);
        this.login = settings == null || !settings.signIn() ? null : new LoginFlow(provider);
        this.secureCookies = secureCookies;
    }

    /** Identities for {@code plane}; {@code settings} null means Veto tokens alone. */
    public static Identities of(ControlPlane plane, OidcSettings settings, boolean secureCookies) {
        return new Identities(plane, settings, secureCookies);
    }

    /** Whether a bearer credential is a JWT (three base64url parts) rather than a Veto token. */
    public static boolean looksLikeJwt(String token) {
        return !token.startsWith("veto_") && token.chars().filter(c -> c == '.').count() == 2;
    }

    /** The actor an API call's JWT names. */
    public Actor bearer(String jwt) {
        if (provider == null) {
            throw new Rejection(Rejection.Kind.UNAUTHENTICATED, "this server trusts no identity provider's tokens; send a Veto token, "
                    + "or start it with --oidc-issuer");
        }
        OidcProvider.Claims c = provider.verify(jwt);
        return plane.signedIn(c.subject(), c.roles(), c.org());
    }

    /** Whether the request carries a session cookie (valid or not). */
    public boolean hasSession(Context ctx) {
        return ctx.cookie(SESSION_COOKIE) != null;
    }

    /**
     * The actor a browser's session cookie names, or null when it carries none. A request that
     * changes something must also send the session's CSRF token in {@value #CSRF_HEADER}.
     */
    public Actor session(Context ctx) {
        if (ctx.cookie(SESSION_COOKIE) == null) {
            return null;
        }
        Browser b = browser(ctx);
        if (b == null) {
            throw new Rejection(Rejection.Kind.UNAUTHENTICATED, "your session has ended; sign in again at /login");
        }
        boolean safe = switch (ctx.method().name()) {
            case "GET", "HEAD", "OPTIONS" -> true;
            default -> false;
        };
        if (!safe && !csrfMatches(b, ctx.header(CSRF_HEADER))) {
            throw new Rejection(Rejection.Kind.FORBIDDEN, "a signed-in request that changes something must send the session's CSRF token in "
                    + CSRF_HEADER + " (GET /v1/session gives it)");
        }
        return b.actor();
    }

    /** A signed-in browser: who it is now, and its session's CSRF token (forms send it back as {@value #CSRF_FIELD}). */
    public record Browser(Actor actor, String csrf) {}

    /** The form field a console form carries its session's CSRF token in. */
    public static final String CSRF_FIELD = "_csrf";

    /**
     * The browser signed in on {@code ctx}, or null without a session (or with one that ended).
     * The caller checks the CSRF token of a request that changes something ({@link #csrfMatches}).
     */
    public Browser browser(Context ctx) {
        Sessions.Session s = sessions.get(ctx.cookie(SESSION_COOKIE));
        if (s == null) {
            return null;
        }
        return new Browser(plane.signedIn(s.subject(), s.roles(), s.org()), s.csrf());
    }

    /** Whether {@code sent} is the browser's CSRF token (compared in constant time). */
    public static boolean csrfMatches(Browser b, String sent) {
        return sent != null && java.security.MessageDigest.isEqual(b.csrf().getBytes(java.nio.charset.StandardCharsets.UTF_8),
                sent.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    /**
     * A one-time sign-in link for {@code actor} (a path on this server, valid for
     * {@link SignInLinks#LIFETIME}): how people reach the console on the embedded default, where
     * no identity provider is configured. The CLI prints one per subject; an operator hands it on.
     */
    public String signInLink(Actor actor) {
        return "/login/once/" + links.mint(actor);
    }

    /** Who a sign-in link would sign in, without using it up; null when it is used, expired or unknown. */
    public Actor linkHolder(String secret) {
        return links.peek(secret);
    }

    /**
     * Uses up a sign-in link and opens its holder's session on {@code ctx}; false when the link
     * is used, expired or unknown.
     */
    public boolean signInWithLink(Context ctx, String secret) {
        Actor a = links.use(secret);
        if (a == null) {
            return false;
        }
        sessionCookie(ctx, sessions.open(a.subject(), a.roles(), a.org()));
        return true;
    }

    /** Ends the browser's session. */
    public void signOut(Context ctx) {
        sessions.close(ctx.cookie(SESSION_COOKIE));
        ctx.removeCookie(SESSION_COOKIE, "/");
    }

    /** The session's CSRF token, for {@code GET /v1/session}; null without a session. */
    public String csrf(Context ctx) {
        Sessions.Session s = sessions.get(ctx.cookie(SESSION_COOKIE));
        return s == null ? null : s.csrf();
    }

    /** {@code /login}, {@code /login/callback} and {@code /logout}, when sign-in is configured. */
    public void register(RoutesConfig r) {
        r.get("/login", ctx -> {
            if (login == null) {
                throw new Rejection(Rejection.Kind.NOT_FOUND, "sign-in is not configured on this server; start it with --oidc-issuer and --oidc-client-id");
            }
            ctx.redirect(login.start(safeNext(ctx.queryParam("next"))).toString());
        });
        r.get("/login/callback", ctx -> {
            if (login == null) {
                throw new Rejection(Rejection.Kind.NOT_FOUND, "sign-in is not configured on this server");
            }
            LoginFlow.SignedIn in = login.finish(ctx.queryParam("code"), ctx.queryParam("state"), ctx.queryParam("error"));
            Actor actor = plane.signedIn(in.claims().subject(), in.claims().roles(), in.claims().org());
            sessionCookie(ctx, sessions.open(actor.subject(), Set.copyOf(in.claims().roles()), in.claims().org()));
            ctx.redirect(in.next());
        });
        r.post("/logout", ctx -> {
            sessions.close(ctx.cookie(SESSION_COOKIE));
            ctx.removeCookie(SESSION_COOKIE, "/");
            ctx.status(204);
        });
    }

    private void sessionCookie(Context ctx, String id) {
        Cookie cookie = new Cookie(SESSION_COOKIE, id);
        cookie.setHttpOnly(true);
        cookie.setSecure(secureCookies);
        cookie.setSameSite(SameSite.LAX);
        cookie.setPath("/");
        cookie.setMaxAge((int) Sessions.LIFETIME.toSeconds());
        ctx.cookie(cookie);
    }

    /** Whether people can sign in through an identity provider here ({@code /login}). */
    public boolean providerSignIn() {
        return login != null;
    }

    /** Only a path on this server, so the sign-in cannot be used to send people elsewhere. */
    private static String safeNext(String next) {
        if (next == null || !next.startsWith("/") || next.startsWith("//") || next.contains("\\")) {
            return "/v1/session";
        }
        try {
            return URI.create(next).getHost() == null ? next : "/v1/session";
        } catch (IllegalArgumentException e) {
            return "/v1/session";
        }
    }
}
