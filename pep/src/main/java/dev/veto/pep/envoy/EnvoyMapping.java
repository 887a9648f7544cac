package dev.veto.pep.envoy;

import dev.veto.cedar.value.EntityUid;
import dev.veto.cedar.value.RecordValue;
import dev.veto.cedar.value.StringValue;
import dev.veto.cedar.value.Value;
import dev.veto.engine.EngineRequest;
import dev.veto.pep.PepException;
import io.envoyproxy.envoy.config.core.v3.HeaderValue;
import io.envoyproxy.envoy.service.auth.v3.AttributeContext;
import io.envoyproxy.envoy.service.auth.v3.CheckRequest;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * How an Envoy {@code CheckRequest} becomes a Veto decision request. Envoy's route configuration
 * says what a route means, through the {@code context_extensions} of its ext_authz per-route
 * config; the request itself brings only the principal (a header set by the gateway after
 * authentication) and, where the route says so, the resource id.
 *
 * <table>
 *   <caption>The context extensions read</caption>
 *   <tr><th>key</th><th>meaning</th></tr>
 *   <tr><td>{@code veto_action}</td><td>the action id, verbatim: {@code storage:PutObject} gives
 *       {@code Action::"storage:PutObject"}; wins over {@code veto_service}</td></tr>
 *   <tr><td>{@code veto_service} and {@code veto_action_<METHOD>}</td><td>the action id
 *       {@code <service>:<value of veto_action_<METHOD>>} for the request's HTTP method, e.g.
 *       {@code veto_service: storage}, {@code veto_action_GET: GetObject} gives
 *       {@code Action::"storage:GetObject"} for a GET; a method the route names no action for is
 *       refused</td></tr>
 *   <tr><td>{@code veto_principal_type}</td><td>the principal's entity type (default
 *       {@code User}, or as constructed)</td></tr>
 *   <tr><td>{@code veto_principal_header}</td><td>the request header holding the principal's id
 *       (default {@code x-veto-principal}, or as constructed)</td></tr>
 *   <tr><td>{@code veto_resource_type}</td><td>the resource's entity type; required</td></tr>
 *   <tr><td>{@code veto_resource_id}</td><td>a fixed resource id</td></tr>
 *   <tr><td>{@code veto_resource_segment}</td><td>the resource id is the path segment at this
 *       0-based index, counted after the leading slash, with the query string stripped and
 *       percent-decoding applied to the segment</td></tr>
 *   <tr><td>{@code veto_resource_header}</td><td>the resource id is this request header's value</td></tr>
 * </table>
 *
 * <p>Exactly one of {@code veto_resource_id}, {@code veto_resource_segment} and
 * {@code veto_resource_header} must be set: Envoy merges a virtual host's extensions with its
 * routes', and a resource chosen silently by precedence could be the wrong one.
 *
 * <p>The context is the record {@code {method, path, host}}: the HTTP method, the path as Envoy
 * saw it without its query string (not decoded; a query can carry secrets and is no part of a
 * decision), and the {@code Host}/{@code :authority}. The engine adds {@code now}.
 *
 * <p>Ids are at most {@link #MAX_ID_LENGTH} characters and hold no control characters; type names
 * are Cedar names ({@code User}, {@code Storage::Bucket}). Anything missing or malformed is a
 * {@link PepException.InvalidRequest} naming the request part at fault, {@code principal},
 * {@code action} or {@code resource}, with a message saying where it came from and how to fix it.
 */
public final class EnvoyMapping {
    public static final String ACTION = "veto_action";
    public static final String SERVICE = "veto_service";
    /** The prefix of the per-method action keys: {@code veto_action_GET}, {@code veto_action_PUT}, … */
    public static final String ACTION_FOR_METHOD = "veto_action_";
    public static final String PRINCIPAL_TYPE = "veto_principal_type";
    public static final String PRINCIPAL_HEADER = "veto_principal_header";
    public static final String RESOURCE_TYPE = "veto_resource_type";
    public static final String RESOURCE_ID = "veto_resource_id";
    public static final String RESOURCE_SEGMENT = "veto_resource_segment";
    public static final String RESOURCE_HEADER = "veto_resource_header";

    /** The longest principal, action or resource id accepted, in UTF-16 chars. */
    public static final int MAX_ID_LENGTH = 1024;

    public static final String DEFAULT_PRINCIPAL_TYPE = "User";
    public static final String DEFAULT_PRINCIPAL_HEADER = "x-veto-principal";

    private static final Pattern TYPE_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*(::[A-Za-z_][A-Za-z0-9_]*)*");
    private static final Pattern HEADER_NAME = Pattern.compile("[!#$%&'*+.^_`|~0-9a-z-]+");
    private static final String WHERE = "in the route's ext_authz per-route config (check_settings.context_extensions)";

    private final String principalType;
    private final String principalHeader;

    /** The defaults: principals are {@code User}s named by the header {@code x-veto-principal}. */
    public EnvoyMapping() {
        this(DEFAULT_PRINCIPAL_TYPE, DEFAULT_PRINCIPAL_HEADER);
    }

    /**
     * Principals of {@code principalType} named by the header {@code principalHeader} unless a
     * route says otherwise.
     *
     * @throws IllegalArgumentException when the type is no Cedar name or the header no header name
     */
    public EnvoyMapping(String principalType, String principalHeader) {
        Objects.requireNonNull(principalType, "principalType");
        Objects.requireNonNull(principalHeader, "principalHeader");
        if (!TYPE_NAME.matcher(principalType).matches()) {
            throw new IllegalArgumentException("principal type `" + principalType + "` is not a Cedar type name");
        }
        String header = principalHeader.toLowerCase(Locale.ROOT);
        if (!HEADER_NAME.matcher(header).matches()) {
            throw new IllegalArgumentException("`" + principalHeader + "` is not an HTTP header name");
        }
        this.principalType = principalType;
        this.principalHeader = header;
    }

    /**
     * The decision request {@code check} asks for.
     *
     * @throws PepException.InvalidRequest naming {@code principal}, {@code action} or
     *     {@code resource} when the route's extensions or the request do not say it
     */
    public EngineRequest map(CheckRequest check) {
        AttributeContext attributes = check.getAttributes();
        Map<String, String> ext = attributes.getContextExtensionsMap();
        AttributeContext.HttpRequest http = attributes.getRequest().getHttp();
        String path = withoutQuery(http.getPath());
        EntityUid principal = principal(ext, http);
        EntityUid action = action(ext, http.getMethod());
        EntityUid resource = resource(ext, http, path);
        RecordValue context = new RecordValue(Map.<String, Value>of(
                "method", new StringValue(http.getMethod()),
                "path", new StringValue(path),
                "host", new StringValue(http.getHost())));
        return new EngineRequest(principal, action, resource, context, null);
    }

    private EntityUid principal(Map<String, String> ext, AttributeContext.HttpRequest http) {
        String type = typeName(ext.getOrDefault(PRINCIPAL_TYPE, principalType), PRINCIPAL_TYPE, "principal");
        String header = ext.get(PRINCIPAL_HEADER);
        if (header == null) {
            header = principalHeader;
        } else {
            header = headerName(header, PRINCIPAL_HEADER, "principal");
        }
        String id = header(http, header, "principal");
        if (id == null || id.isEmpty()) {
            throw invalid("principal", "header `" + header + "` is missing or empty: the gateway must set it to the"
                    + " authenticated principal's id after authentication (context extension `" + PRINCIPAL_HEADER
                    + "` names another header)");
        }
        return EntityUid.of(type, id(id, "header `" + header + "`", "principal"));
    }

    private static EntityUid action(Map<String, String> ext, String method) {
        String verbatim = ext.get(ACTION);
        if (verbatim != null) {
            return EntityUid.of("Action", id(nonEmpty(verbatim, ACTION, "action"), "context extension `" + ACTION + "`", "action"));
        }
        String service = ext.get(SERVICE);
        if (service == null) {
            throw invalid("action", "the route names no action: set context extension `" + ACTION + "` (e.g. `storage:PutObject`),"
                    + " or `" + SERVICE + "` with `" + ACTION_FOR_METHOD + "<METHOD>` per HTTP method, " + WHERE);
        }
        nonEmpty(service, SERVICE, "action");
        String key = ACTION_FOR_METHOD + method;
        String name = method.isEmpty() ? null : ext.get(key);
        if (name == null) {
            throw invalid("action", "the route names no action for method `" + method + "`: set context extension `"
                    + key + "` (or `" + ACTION + "`) " + WHERE);
        }
        nonEmpty(name, key, "action");
        return EntityUid.of("Action", id(service + ":" + name, "context extensions `" + SERVICE + "` and `" + key + "`", "action"));
    }

    private static EntityUid resource(Map<String, String> ext, AttributeContext.HttpRequest http, String path) {
        String rawType = ext.get(RESOURCE_TYPE);
        if (rawType == null) {
            throw invalid("resource", "the route sets no context extension `" + RESOURCE_TYPE + "`: set it to the resource's"
                    + " entity type (e.g. `Bucket`) " + WHERE);
        }
        String type = typeName(rawType, RESOURCE_TYPE, "resource");
        String fixed = ext.get(RESOURCE_ID);
        String segment = ext.get(RESOURCE_SEGMENT);
        String header = ext.get(RESOURCE_HEADER);
        int set = (fixed != null ? 1 : 0) + (segment != null ? 1 : 0) + (header != null ? 1 : 0);
        if (set != 1) {
            throw invalid("resource", "the route sets " + (set == 0 ? "none" : set) + " of the context extensions `"
                    + RESOURCE_ID + "`, `" + RESOURCE_SEGMENT + "` and `" + RESOURCE_HEADER + "`: set exactly one " + WHERE);
        }
        if (fixed != null) {
            return EntityUid.of(type, id(nonEmpty(fixed, RESOURCE_ID, "resource"), "context extension `" + RESOURCE_ID + "`", "resource"));
        }
        if (segment != null) {
            int index = segmentIndex(segment);
            return EntityUid.of(type, id(segment(path, index), "segment " + index + " of path `" + abbreviated(path) + "`", "resource"));
        }
        String name = headerName(header, RESOURCE_HEADER, "resource");
        String id = header(http, name, "resource");
        if (id == null || id.isEmpty()) {
            throw invalid("resource", "header `" + name + "` is missing or empty: the route (context extension `"
                    + RESOURCE_HEADER + "`) takes the resource id from it");
        }
        return EntityUid.of(type, id(id, "header `" + name + "`", "resource"));
    }

    private static int segmentIndex(String s) {
        try {
            int i = Integer.parseInt(s);
            if (i >= 0) {
                return i;
            }
        } catch (NumberFormatException e) {
            // refused below
        }
        throw invalid("resource", "context extension `" + RESOURCE_SEGMENT + "` is `" + abbreviated(s)
                + "`, not a path segment index: set it to 0 for the first segment after the leading slash, 1 for the next, …");
    }

    /**
     * Segment {@code index} of {@code path} (query already stripped), percent-decoded as UTF-8.
     * Splitting comes before decoding, so {@code %2F} stays inside its segment; {@code +} is a
     * plus sign, as in any URL path.
     */
    static String segment(String path, int index) {
        int start = path.startsWith("/") ? 1 : 0;
        for (int i = 0; i < index; i++) {
            int slash = path.indexOf('/', start);
            if (slash < 0) {
                throw invalid("resource", "path `" + abbreviated(path) + "` has no segment " + index + " (context extension `"
                        + RESOURCE_SEGMENT + "`): the route matched a request without the resource id where the route expects it");
            }
            start = slash + 1;
        }
        int end = path.indexOf('/', start);
        String raw = path.substring(start, end < 0 ? path.length() : end);
        if (raw.isEmpty()) {
            throw invalid("resource", "segment " + index + " of path `" + abbreviated(path) + "` is empty: it must hold the resource id"
                    + " (context extension `" + RESOURCE_SEGMENT + "`)");
        }
        String decoded = percentDecoded(raw, path);
        if (decoded.equals(".") || decoded.equals("..")) {
            throw invalid("resource", "segment " + index + " of path `" + abbreviated(path) + "` is `" + decoded
                    + "`, a dot-segment, not a resource id: send the path normalized (Envoy's `normalize_path: true`)");
        }
        return decoded;
    }

    private static String percentDecoded(String raw, String path) {
        if (raw.indexOf('%') < 0) {
            return raw;
        }
        byte[] utf8 = raw.getBytes(StandardCharsets.UTF_8);
        ByteBuffer out = ByteBuffer.allocate(utf8.length);
        for (int i = 0; i < utf8.length; i++) {
            byte b = utf8[i];
            if (b == '%') {
                int hi = i + 2 < utf8.length ? Character.digit(utf8[i + 1], 16) : -1;
                int lo = hi >= 0 ? Character.digit(utf8[i + 2], 16) : -1;
                if (lo < 0) {
                    throw invalid("resource", "path `" + abbreviated(path) + "` has a `%` not followed by two hex digits:"
                            + " percent-encode the resource id in the path (`%25` for `%`)");
                }
                out.put((byte) (hi << 4 | lo));
                i += 2;
            } else {
                out.put(b);
            }
        }
        out.flip();
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(out)
                    .toString();
        } catch (CharacterCodingException e) {
            throw invalid("resource", "path `" + abbreviated(path) + "` percent-encodes bytes that are not UTF-8: encode the resource id as UTF-8");
        }
    }

    /**
     * A request header's value, or null. Envoy sends headers lower-cased in {@code headers}, or,
     * with {@code encode_raw_headers}, as a list in {@code header_map} where a repeated header
     * stays repeated: a header Veto reads an id from may then appear only once, since a second
     * copy (one sent by the client, one by the gateway) makes the id ambiguous.
     */
    private static String header(AttributeContext.HttpRequest http, String name, String field) {
        String v = http.getHeadersMap().get(name);
        if (v != null || http.getHeaderMap().getHeadersCount() == 0) {
            return v;
        }
        String found = null;
        for (HeaderValue h : http.getHeaderMap().getHeadersList()) {
            if (h.getKey().equalsIgnoreCase(name)) {
                if (found != null) {
                    throw invalid(field, "header `" + name + "` appears more than once: send it once (a client-supplied copy"
                            + " must be removed by the gateway before it sets its own)");
                }
                found = h.getRawValue().isEmpty() ? h.getValue() : h.getRawValue().toStringUtf8();
            }
        }
        return found;
    }

    private static String typeName(String type, String key, String field) {
        if (!TYPE_NAME.matcher(type).matches()) {
            throw invalid(field, "context extension `" + key + "` is `" + abbreviated(type) + "`, not a Cedar entity type name:"
                    + " use identifiers joined by `::`, e.g. `User` or `Storage::Bucket`");
        }
        return type;
    }

    private static String headerName(String header, String key, String field) {
        String lower = header.toLowerCase(Locale.ROOT);
        if (!HEADER_NAME.matcher(lower).matches()) {
            throw invalid(field, "context extension `" + key + "` is `" + abbreviated(header) + "`, not an HTTP header name");
        }
        return lower;
    }

    private static String nonEmpty(String value, String key, String field) {
        if (value.isEmpty()) {
            throw invalid(field, "context extension `" + key + "` is empty: set it " + WHERE);
        }
        return value;
    }

    /** {@code id} when it is a well-formed id; {@code source} says where it came from. */
    private static String id(String id, String source, String field) {
        if (id.length() > MAX_ID_LENGTH) {
            throw invalid(field, "the " + field + " id from " + source + " is " + id.length() + " characters long, over the limit of "
                    + MAX_ID_LENGTH);
        }
        for (int i = 0; i < id.length(); i++) {
            if (Character.isISOControl(id.charAt(i))) {
                throw invalid(field, "the " + field + " id from " + source + " holds a control character (U+"
                        + String.format(Locale.ROOT, "%04X", (int) id.charAt(i)) + ") at index " + i + ": ids are printable text");
            }
        }
        return id;
    }

    private static String withoutQuery(String path) {
        int q = path.indexOf('?');
        int f = path.indexOf('#');
        int end = q < 0 ? f : (f < 0 ? q : Math.min(q, f));
        return end < 0 ? path : path.substring(0, end);
    }

    /** User input quoted in a message, cut short so a huge value cannot flood the response and the logs. */
    private static String abbreviated(String s) {
        return s.length() <= 200 ? s : s.substring(0, 200) + "…";
    }

    private static PepException.InvalidRequest invalid(String field, String message) {
        return new PepException.InvalidRequest(field, message);
    }
}
