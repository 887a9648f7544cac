package dev.veto.control;

import java.time.Instant;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/** Input checks shared by the commands; each failure names the field and says how to fix it. */
final class Validate {
    static final int MAX_TEXT = 16_000;
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:/-]{0,127}");
    private static final Set<String> COUNTRIES = Set.of(Locale.getISOCountries());

    private Validate() {}

    static String text(String field, String value) {
        if (value == null || value.isBlank()) {
            throw Rejection.invalid(field, "`" + field + "` is required and must not be blank");
        }
        if (value.length() > MAX_TEXT) {
            throw Rejection.invalid(field, "`" + field + "` is " + value.length() + " characters; at most " + MAX_TEXT + " are accepted");
        }
        return value;
    }

    static String optionalText(String field, String value) {
        return value == null ? null : text(field, value);
    }

    static String url(String field, String value) {
        if (value == null) {
            return null;
        }
        text(field, value);
        try {
            java.net.URI u = new java.net.URI(value);
            if (u.isAbsolute() && ("https".equals(u.getScheme()) || "http".equals(u.getScheme())) && u.getHost() != null) {
                return value;
            }
        } catch (java.net.URISyntaxException e) {
            // reported below
        }
        throw Rejection.invalid(field, "`" + field + "` \"" + value + "\" must be an absolute http(s) address, e.g. https://example.com/aup#4.2");
    }

    static String id(String field, String value) {
        text(field, value);
        if (!ID.matcher(value).matches()) {
            throw Rejection.invalid(field, "`" + field + "` \"" + value + "\" must be 1 to 128 letters, digits and . _ : / -, starting with a letter or digit");
        }
        return value;
    }

    static String name(String field, String value) {
        text(field, value);
        if (!Catalog.NAME.matcher(value).matches()) {
            throw Rejection.invalid(field, "`" + field + "` \"" + value + "\" must be 1 to 64 letters, digits and . _ -, starting with a letter or digit");
        }
        return value;
    }

    static String sha256(String field, String value) {
        text(field, value);
        if (!SHA256.matcher(value).matches()) {
            throw Rejection.invalid(field, "`" + field + "` must be a SHA-256 digest as 64 lower-case hex digits, got \"" + value + "\"");
        }
        return value;
    }

    static <T> T required(String field, T value) {
        if (value == null) {
            throw Rejection.invalid(field, "`" + field + "` is required");
        }
        return value;
    }

    static <T> List<T> nonEmpty(String field, List<T> values) {
        if (values == null || values.isEmpty()) {
            throw Rejection.invalid(field, "`" + field + "` must list at least one item");
        }
        Set<T> seen = new HashSet<>();
        for (int i = 0; i < values.size(); i++) {
            T v = values.get(i);
            if (v == null) {
                throw Rejection.invalid(field + "[" + i + "]", "`" + field + "[" + i + "]` is null");
            }
            if (!seen.add(v)) {
                throw Rejection.invalid(field + "[" + i + "]", "`" + field + "` lists \"" + v + "\" twice");
            }
        }
        return List.copyOf(values);
    }

    static List<String> countries(String field, Collection<String> codes) {
        if (codes == null) {
            return List.of();
        }
        List<String> list = List.copyOf(codes);
        for (int i = 0; i < list.size(); i++) {
            if (!COUNTRIES.contains(list.get(i))) {
                throw Rejection.invalid(field + "[" + i + "]", "`" + field + "[" + i + "]` \"" + list.get(i)
                        + "\" is not an ISO 3166-1 alpha-2 country code (e.g. \"DE\", \"FR\"); leave the list out for worldwide");
            }
        }
        return nonEmpty(field, list);
    }

    static Instant notInFuture(String field, Instant t, Instant now) {
        required(field, t);
        if (t.isAfter(now.plusSeconds(300))) {
            throw Rejection.invalid(field, "`" + field + "` " + t + " is in the future; evidence must already have been collected");
        }
        return t;
    }
}
