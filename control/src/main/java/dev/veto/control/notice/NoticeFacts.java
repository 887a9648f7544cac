package dev.veto.control.notice;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Everything a notice to a customer organization says, as plain values: the restriction (or its
 * reinstatement), the case behind it, the principle relied on, the findings and evidence, and the
 * dates that bound the customer's options. {@link NoticeWriter} turns it into a letter and a
 * statement of reasons.
 *
 * <p>A reinstatement notice carries the facts of the restriction it lifts: {@code effectiveAt},
 * {@code services}, the principle, findings and evidence are those of the restriction, and the
 * reinstatement takes effect at {@code issuedAt}.
 *
 * @param noticeId               this notice's id, e.g. {@code N-0042-1}
 * @param kind                   restriction or reinstatement
 * @param caseId                 the case the restriction was decided in
 * @param enforcementId          the enforcement that applies the restriction
 * @param orgId                  the addressed organization
 * @param orgName                its display name, or null
 * @param subjectType            the restricted subject's entity type, e.g. {@code Unit}
 * @param subjectId              the restricted subject's id
 * @param subjectName            its display name, or null
 * @param services               the restricted services; at least one
 * @param effectiveAt            when the restriction takes (or took) effect
 * @param exportWindowEndsAt     until when reads and exports of the restricted services stay allowed
 * @param principleId            id of the principle relied on
 * @param principleTitle         its title
 * @param principleClause        the clause of the terms that holds it
 * @param principleText          its text
 * @param principleUrl           where it is published (absolute http or https), or null
 * @param contractualGround      the contractual ground relied on
 * @param legalGround            a legal ground also relied on, or null
 * @param explanation            why the conduct is incompatible with the ground
 * @param findings               the findings' statements; at least one
 * @param evidence               the records the findings rest on
 * @param territorialScope       ISO 3166-1 alpha-2 codes where the restriction applies; empty means worldwide
 * @param issuedAt               when this notice is issued
 * @param appealDeadline         until when the restriction can be appealed
 * @param provider               the platform's name, e.g. {@code Example Cloud}
 * @param reinstatementReasoning the appeal decision's reasoning; required for a reinstatement, absent otherwise
 * @param appealId               the appeal that led to a reinstatement, or null; absent for a restriction
 */
public record NoticeFacts(
        String noticeId,
        Kind kind,
        String caseId,
        String enforcementId,
        String orgId,
        String orgName,
        String subjectType,
        String subjectId,
        String subjectName,
        List<String> services,
        Instant effectiveAt,
        Instant exportWindowEndsAt,
        String principleId,
        String principleTitle,
        String principleClause,
        String principleText,
        String principleUrl,
        String contractualGround,
        String legalGround,
        String explanation,
        List<String> findings,
        List<EvidenceSummary> evidence,
        List<String> territorialScope,
        Instant issuedAt,
        Instant appealDeadline,
        String provider,
        String reinstatementReasoning,
        String appealId) {

    /** What a notice announces. */
    public enum Kind {
        /** Services are restricted for a subject. */
        RESTRICTION,
        /** A restriction is lifted and the services are restored. */
        REINSTATEMENT;

        /** The name in the API and the log: {@code restriction} or {@code reinstatement}. */
        @com.fasterxml.jackson.annotation.JsonValue
        public String wireName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /**
     * One record of the provider's that a finding rests on, as the notice cites it; the record
     * itself stays in the provider's systems.
     *
     * @param kind        what sort of record, e.g. {@code billing}
     * @param source      the system or party it came from
     * @param description what it shows
     * @param collectedAt when it was collected
     * @param sha256      SHA-256 of the record, 64 hex digits (kept in lower case)
     */
    public record EvidenceSummary(String kind, String source, String description, Instant collectedAt, String sha256) {

        private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

        public EvidenceSummary {
            required(kind, "evidence kind");
            required(source, "evidence source");
            required(description, "evidence description");
            required(collectedAt, "evidence collectedAt");
            sha256 = required(sha256, "evidence sha256").toLowerCase(Locale.ROOT);
            if (!SHA256.matcher(sha256).matches()) {
                throw new IllegalArgumentException("evidence sha256 \"" + sha256 + "\" is not 64 hex digits");
            }
        }
    }

    private static final Pattern COUNTRY_CODE = Pattern.compile("[A-Z]{2}");

    public NoticeFacts {
        required(noticeId, "noticeId");
        required(kind, "kind");
        required(caseId, "caseId");
        required(enforcementId, "enforcementId");
        required(orgId, "orgId");
        optional(orgName, "orgName");
        required(subjectType, "subjectType");
        required(subjectId, "subjectId");
        optional(subjectName, "subjectName");
        services = nonEmpty(services, "services");
        required(effectiveAt, "effectiveAt");
        required(exportWindowEndsAt, "exportWindowEndsAt");
        required(principleId, "principleId");
        required(principleTitle, "principleTitle");
        required(principleClause, "principleClause");
        required(principleText, "principleText");
        optional(principleUrl, "principleUrl");
        required(contractualGround, "contractualGround");
        optional(legalGround, "legalGround");
        required(explanation, "explanation");
        findings = nonEmpty(findings, "findings");
        evidence = copy(evidence, "evidence");
        territorialScope = copy(territorialScope, "territorialScope");
        required(issuedAt, "issuedAt");
        required(appealDeadline, "appealDeadline");
        required(provider, "provider");
        optional(reinstatementReasoning, "reinstatementReasoning");
        optional(appealId, "appealId");

        for (String code : territorialScope) {
            if (!COUNTRY_CODE.matcher(code).matches()) {
                throw new IllegalArgumentException(
                        "territorial scope \"" + code + "\" is not an ISO 3166-1 alpha-2 code in upper case");
            }
        }
        if (principleUrl != null && !isWebAddress(principleUrl)) {
            throw new IllegalArgumentException("principleUrl \"" + principleUrl + "\" is not an absolute http or https address");
        }
        if (exportWindowEndsAt.isBefore(effectiveAt)) {
            throw new IllegalArgumentException("export window ends at " + exportWindowEndsAt
                    + ", before the restriction takes effect at " + effectiveAt);
        }
        switch (kind) {
            case RESTRICTION -> {
                if (reinstatementReasoning != null) {
                    throw new IllegalArgumentException("a restriction notice has no reinstatementReasoning");
                }
                if (appealId != null) {
                    throw new IllegalArgumentException("a restriction notice has no appealId");
                }
                // The letter tells the customer it has six months (DSA Art. 20(1): "at least six
                // months"); refusing a shorter deadline here keeps that sentence true.
                Instant sixMonths = issuedAt.atZone(ZoneOffset.UTC).plusMonths(6).toInstant();
                if (appealDeadline.isBefore(sixMonths)) {
                    throw new IllegalArgumentException("appeal deadline " + appealDeadline
                            + " is less than six months after the notice is issued at " + issuedAt);
                }
            }
            case REINSTATEMENT -> {
                if (reinstatementReasoning == null) {
                    throw new NullPointerException("reinstatementReasoning is required for a reinstatement notice");
                }
            }
        }
    }

    private static <T> T required(T value, String name) {
        if (value == null) {
            throw new NullPointerException(name + " is required");
        }
        if (value instanceof String s && s.isBlank()) {
            throw new IllegalArgumentException(name + " is blank");
        }
        return value;
    }

    private static void optional(String value, String name) {
        if (value != null && value.isBlank()) {
            throw new IllegalArgumentException(name + " is blank; pass null when there is none");
        }
    }

    private static <T> List<T> copy(List<T> values, String name) {
        required(values, name);
        List<T> copy = new ArrayList<>(values.size());
        for (int i = 0; i < values.size(); i++) {
            copy.add(required(values.get(i), name + "[" + i + "]"));
        }
        return List.copyOf(copy);
    }

    private static <T> List<T> nonEmpty(List<T> values, String name) {
        List<T> copy = copy(values, name);
        if (copy.isEmpty()) {
            throw new IllegalArgumentException(name + " is empty");
        }
        return copy;
    }

    private static boolean isWebAddress(String url) {
        try {
            URI uri = new URI(url);
            return uri.isAbsolute()
                    && uri.getHost() != null
                    && ("http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme()));
        } catch (URISyntaxException e) {
            return false;
        }
    }
}
