package dev.veto.control.notice;

import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The values of the DSA Transparency Database statement-of-reasons API that Veto uses, in one
 * place. Each is copied from the API documentation
 * (https://transparency.dsa.ec.europa.eu/page/api-documentation) and checked against the
 * database's public source, which renders that page and validates submissions
 * (github.com/digital-services-act/transparency-database: {@code resources/markdown/api-documentation.md},
 * {@code app/Models/Statement.php}, {@code app/Http/Requests/StatementStoreRequest.php},
 * {@code app/Services/EuropeanCountriesService.php}; schema of 1 July 2025, API v1).
 */
final class TransparencyDatabase {

    private TransparencyDatabase() {}

    /**
     * {@code decision_provision}, "Decision about the provisioning of the service": "Partial
     * suspension of the provision of the service". Veto withholds some services from one part of
     * an organization, for an indefinite time, and deletes nothing: a partial suspension, not a
     * termination.
     */
    static final String DECISION_PROVISION_PARTIAL_SUSPENSION = "DECISION_PROVISION_PARTIAL_SUSPENSION";

    /**
     * {@code decision_ground}: "Content incompatible with terms and conditions" (DSA Art. 17(3)(e)).
     * Every Veto decision rests on a principle of the provider's terms; a legal ground, when there
     * is one, is given in addition.
     */
    static final String DECISION_GROUND_INCOMPATIBLE_CONTENT = "DECISION_GROUND_INCOMPATIBLE_CONTENT";

    /**
     * {@code content_type}, an array: "Other", which then requires {@code content_type_other}. What
     * Veto restricts is the use of services, not an item of content (app, audio, image, product,
     * synthetic media, text, video).
     */
    static final String CONTENT_TYPE_OTHER = "CONTENT_TYPE_OTHER";

    /**
     * {@code category}: "Other violation of provider’s terms and conditions" (in API v1 before 1 July
     * 2025: {@code STATEMENT_CATEGORY_SCOPE_OF_PLATFORM_SERVICE}). The facts do not say which of the
     * specific categories a principle belongs to, so the general one is the only honest choice.
     */
    static final String STATEMENT_CATEGORY_OTHER_VIOLATION_TC = "STATEMENT_CATEGORY_OTHER_VIOLATION_TC";

    /**
     * {@code source_type}: "Own voluntary initiative". Veto cases are opened by the provider's
     * reviewers, not on an Art. 16 notice or a trusted flagger's notice.
     */
    static final String SOURCE_VOLUNTARY = "SOURCE_VOLUNTARY";

    /** {@code automated_detection}: one of "Yes" or "No"; reviewers, not software, found the conduct. */
    static final String AUTOMATED_DETECTION_NO = "No";

    /**
     * {@code automated_decision}: "Not Automated", i.e. the decision process was carried out without
     * automated means. A reviewer proposes and two other people approve; that enforcement then runs
     * automatically is not part of the decision.
     */
    static final String AUTOMATED_DECISION_NOT_AUTOMATED = "AUTOMATED_DECISION_NOT_AUTOMATED";

    /**
     * {@code incompatible_content_illegal}: optional, one of "Yes" or "No". Sent as "Yes" when a legal
     * ground is relied on besides the contractual one; left out otherwise, which the documentation
     * says does not imply the content is legal.
     */
    static final String INCOMPATIBLE_CONTENT_ILLEGAL_YES = "Yes";

    /**
     * {@code territorial_scope}: 2-letter ISO codes of EU/EEA countries only. This is the list the
     * documentation gives "for European Economic Area (EEA)"; Greece is {@code GR}, not {@code EL}.
     */
    static final List<String> EEA_COUNTRY_CODES = List.of(
            "AT", "BE", "BG", "CY", "CZ", "DE", "DK", "EE", "ES", "FI",
            "FR", "GR", "HR", "HU", "IE", "IS", "IT", "LI", "LT", "LU",
            "LV", "MT", "NL", "NO", "PL", "PT", "RO", "SE", "SI", "SK");

    /**
     * {@code application_date} and the {@code end_date_*} fields: {@code YYYY-MM-DD} with leading
     * zeroes. Veto's instants are turned into dates in UTC.
     */
    static final DateTimeFormatter DATE = DateTimeFormatter.ISO_LOCAL_DATE.withZone(ZoneOffset.UTC);

    /**
     * {@code puid}: "alphanumeric characters (a-z, A-Z, 0-9), hyphens "-" and underscores "_" only",
     * at most 500 characters, unique within the platform (the validator's
     * {@code regex:/^[a-zA-Z0-9-_]+$/D}).
     */
    static final Pattern PUID = Pattern.compile("[a-zA-Z0-9_-]+");

    static final int PUID_MAX = 500;

    /** {@code decision_facts}: "Limited to 5000 characters". */
    static final int DECISION_FACTS_MAX = 5000;

    /** {@code incompatible_content_ground}: "Limited to 500 characters". */
    static final int INCOMPATIBLE_CONTENT_GROUND_MAX = 500;

    /** {@code incompatible_content_explanation}: "Limited to 2000 characters". */
    static final int INCOMPATIBLE_CONTENT_EXPLANATION_MAX = 2000;

    /** {@code content_type_other}: "Limited to 500 characters". */
    static final int CONTENT_TYPE_OTHER_MAX = 500;

    /** {@code decision_ground_reference_url}: a URL, at most 500 characters (validator {@code max:500}). */
    static final int DECISION_GROUND_REFERENCE_URL_MAX = 500;
}
