package dev.veto.control;

import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Who a person (or system) is, as Veto records it: a stable subject id, never a display name.
 * <ul>
 *   <li>a local account: its name in lower case, {@code [a-z0-9][a-z0-9._-]{0,63}}, so
 *       {@code Rita} and {@code RITA} are the one subject {@code rita};
 *   <li>an OpenID Connect subject: {@code oidc:<issuer>#<sub>}, the provider's own stable pair.
 * </ul>
 * Events record the subject id in {@code by}; the two-person rule and appeal independence
 * compare subject ids, so no spelling, letter case or second token of one subject counts twice.
 */
public final class Subjects {
    private static final Pattern LOCAL = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");
    static final String OIDC_PREFIX = "oidc:";
    /** Names that are not accounts: the offline operator and Veto itself. */
    static final Set<String> RESERVED = Set.of("operator", "veto");

    private Subjects() {}

    /**
     * The local subject named {@code name}, in its one spelling.
     *
     * @throws Rejection when the name cannot be a local account (naming {@code field})
     */
    public static String local(String field, String name) {
        Validate.text(field, name);
        String id = name.strip().toLowerCase(Locale.ROOT);
        if (!LOCAL.matcher(id).matches()) {
            throw Rejection.invalid(field, "`" + field + "` \"" + name + "\" must be 1 to 64 letters, digits and . _ -, starting with a letter or digit"
                    + " (letter case does not matter: \"Rita\" and \"rita\" are one account)");
        }
        if (RESERVED.contains(id)) {
            throw Rejection.invalid(field, "`" + field + "` \"" + name + "\" is reserved; choose another name");
        }
        return id;
    }

    /** The subject an OpenID Connect provider names: its issuer and its {@code sub} claim. */
    public static String oidc(String issuer, String sub) {
        return OIDC_PREFIX + issuer + "#" + sub;
    }

    /** Whether {@code subject} is given (or was recorded) as a local account rather than an OpenID Connect one. */
    static boolean isLocal(String subject) {
        return !subject.startsWith(OIDC_PREFIX);
    }

    /**
     * A subject id as an older log recorded it ({@code by} held the token's name, any case):
     * compared in its one spelling.
     */
    static String recorded(String by) {
        return by == null ? null : isLocal(by) ? by.toLowerCase(Locale.ROOT) : by;
    }
}
