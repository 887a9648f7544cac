package dev.veto.control.notice;

import static dev.veto.control.notice.TransparencyDatabase.AUTOMATED_DECISION_NOT_AUTOMATED;
import static dev.veto.control.notice.TransparencyDatabase.AUTOMATED_DETECTION_NO;
import static dev.veto.control.notice.TransparencyDatabase.CONTENT_TYPE_OTHER;
import static dev.veto.control.notice.TransparencyDatabase.CONTENT_TYPE_OTHER_MAX;
import static dev.veto.control.notice.TransparencyDatabase.DATE;
import static dev.veto.control.notice.TransparencyDatabase.DECISION_FACTS_MAX;
import static dev.veto.control.notice.TransparencyDatabase.DECISION_GROUND_INCOMPATIBLE_CONTENT;
import static dev.veto.control.notice.TransparencyDatabase.DECISION_GROUND_REFERENCE_URL_MAX;
import static dev.veto.control.notice.TransparencyDatabase.DECISION_PROVISION_PARTIAL_SUSPENSION;
import static dev.veto.control.notice.TransparencyDatabase.EEA_COUNTRY_CODES;
import static dev.veto.control.notice.TransparencyDatabase.INCOMPATIBLE_CONTENT_EXPLANATION_MAX;
import static dev.veto.control.notice.TransparencyDatabase.INCOMPATIBLE_CONTENT_GROUND_MAX;
import static dev.veto.control.notice.TransparencyDatabase.INCOMPATIBLE_CONTENT_ILLEGAL_YES;
import static dev.veto.control.notice.TransparencyDatabase.PUID;
import static dev.veto.control.notice.TransparencyDatabase.PUID_MAX;
import static dev.veto.control.notice.TransparencyDatabase.SOURCE_VOLUNTARY;
import static dev.veto.control.notice.TransparencyDatabase.STATEMENT_CATEGORY_OTHER_VIOLATION_TC;

import dev.veto.control.notice.NoticeFacts.EvidenceSummary;
import dev.veto.control.notice.NoticeFacts.Kind;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Writes the two forms of a notice from its {@link NoticeFacts}: the letter to the customer
 * organization, which covers every element of DSA Art. 17(3), and the machine-readable statement
 * of reasons in the fields and values of the DSA Transparency Database API.
 */
public final class NoticeWriter {

    private NoticeWriter() {}

    /**
     * A notice as a plain-text letter.
     *
     * @param noticeId the notice's id
     * @param kind     {@code restriction} or {@code reinstatement}
     * @param subject  the subject line
     * @param text     the whole letter: subject line, addressee, then every section under its heading
     * @param sections each section's body by key, in the letter's order
     */
    public record Letter(String noticeId, String kind, String subject, String text, Map<String, String> sections) {

        public Letter {
            Objects.requireNonNull(noticeId, "noticeId is required");
            Objects.requireNonNull(kind, "kind is required");
            Objects.requireNonNull(subject, "subject is required");
            Objects.requireNonNull(text, "text is required");
            sections = Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(sections, "sections is required")));
        }
    }

    /** Section keys and the headings they carry in the letter's text. */
    private static final Map<String, String> HEADINGS = headings();

    private static Map<String, String> headings() {
        Map<String, String> h = new LinkedHashMap<>();
        h.put("restriction", "What is restricted");
        h.put("reinstatement", "Reinstatement");
        h.put("scope_and_duration", "Scope and duration");
        h.put("facts_and_circumstances", "Facts and circumstances");
        h.put("automated_means", "Use of automated means");
        h.put("grounds", "Grounds for the decision");
        h.put("redress", "Possibilities for redress");
        return Collections.unmodifiableMap(h);
    }

    /**
     * The letter for a notice. A restriction's letter has the sections {@code restriction},
     * {@code scope_and_duration}, {@code facts_and_circumstances}, {@code automated_means},
     * {@code grounds} and {@code redress}, which together give what DSA Art. 17(3)(a)–(f) requires;
     * a reinstatement's letter has {@code reinstatement}, {@code facts_and_circumstances} and
     * {@code redress}.
     */
    public static Letter letter(NoticeFacts f) {
        Objects.requireNonNull(f, "facts are required");
        String what = f.kind().wireName();
        String subject = "Notice " + f.noticeId() + ": " + what + " of " + String.join(", ", f.services())
                + " for " + subjectOf(f) + " (case " + f.caseId() + ")";
        Map<String, String> sections = new LinkedHashMap<>();
        switch (f.kind()) {
            case RESTRICTION -> {
                sections.put("restriction", restriction(f));
                sections.put("scope_and_duration", scopeAndDuration(f));
                sections.put("facts_and_circumstances", factsAndCircumstances(f));
                sections.put("automated_means", automatedMeans(f));
                sections.put("grounds", grounds(f));
                sections.put("redress", redress(f));
            }
            case REINSTATEMENT -> {
                sections.put("reinstatement", reinstatement(f));
                sections.put("facts_and_circumstances", factsAndCircumstances(f));
                sections.put("redress", reinstatementRedress(f));
            }
        }

        StringBuilder text = new StringBuilder();
        text.append(subject).append("\n\n");
        text.append("To: ").append(orgOf(f)).append('\n');
        text.append("From: ").append(f.provider()).append('\n');
        text.append("Date: ").append(f.issuedAt()).append('\n');
        text.append("Notice: ").append(f.noticeId()).append(", case ").append(f.caseId())
                .append(", enforcement ").append(f.enforcementId()).append('\n');
        for (Map.Entry<String, String> section : sections.entrySet()) {
            String heading = HEADINGS.get(section.getKey());
            text.append('\n').append(heading).append('\n')
                    .append("-".repeat(heading.length())).append('\n')
                    .append(section.getValue()).append('\n');
        }
        return new Letter(f.noticeId(), what, subject, text.toString(), sections);
    }

    private static String restriction(NoticeFacts f) {
        return "From " + f.effectiveAt() + ", " + f.provider() + " restricts the following services for "
                + subjectOf(f) + " of " + orgOf(f) + ", and for every unit, account, principal and resource below it: "
                + String.join(", ", f.services()) + ".\n"
                + "Requests to these services by principals of " + f.subjectId() + " or below it are refused, and so are"
                + " requests to these services on resources held by " + f.subjectId() + " or below it, whoever makes them."
                + " Each refused request names case " + f.caseId() + " and this notice.\n"
                + "This is a partial suspension of the provision of the service (DSA Art. 17(1)(c)): other services,"
                + " and the rest of " + orgOf(f) + ", are not affected. No data is deleted. " + f.provider()
                + " has not inspected the content you store or process with its services, and the decision does not"
                + " rely on such content.";
    }

    private static String scopeAndDuration(NoticeFacts f) {
        String territory = f.territorialScope().isEmpty()
                ? "Territorial scope: worldwide; the restriction applies wherever " + f.provider() + " provides these services."
                : "Territorial scope: the restriction applies to these services as provided in "
                        + String.join(", ", f.territorialScope()) + " (ISO 3166-1 country codes).";
        return "The restriction takes effect at " + f.effectiveAt() + ". It has no end date: it stays in place until"
                + " it is reversed, on appeal or by " + f.provider() + ", and you will receive a notice when that happens.\n"
                + territory + "\n"
                + "Export window: until " + f.exportWindowEndsAt() + ", reading and exporting data through the restricted"
                + " services remain allowed, so that you can retrieve your data and no data is lost. After that time these"
                + " operations are refused as well. The restriction deletes no data, neither during the window nor after it.";
    }

    private static String factsAndCircumstances(NoticeFacts f) {
        StringBuilder s = new StringBuilder();
        s.append(f.kind() == Kind.RESTRICTION ? "The decision relies" : "The restriction relied")
                .append(" on the following findings, recorded in case ").append(f.caseId()).append(":\n");
        for (int i = 0; i < f.findings().size(); i++) {
            s.append("  ").append(i + 1).append(". ").append(f.findings().get(i)).append('\n');
        }
        if (f.evidence().isEmpty()) {
            s.append("The findings cite no separate records.\n");
        } else {
            s.append("The findings rest on these records of ").append(f.provider())
                    .append(" (the SHA-256 identifies each record exactly):\n");
            for (EvidenceSummary e : f.evidence()) {
                s.append("  - ").append(e.kind()).append(", from ").append(e.source())
                        .append(", collected ").append(e.collectedAt()).append(": ").append(e.description())
                        .append(" (SHA-256 ").append(e.sha256()).append(")\n");
            }
        }
        s.append("All of these are records of ").append(f.provider())
                .append(" itself, such as billing, metering, contracts, correspondence and published reports."
                        + " None of them is content that you store or process with its services; no such content was accessed.");
        return s.toString();
    }

    private static String automatedMeans(NoticeFacts f) {
        return "The decision was taken by people, not by automated means: a reviewer examined the evidence, recorded the"
                + " findings and proposed the restriction, and two approvers, neither of them the proposer, approved it."
                + " The conduct was not detected by automated means either; it was identified in the review of case "
                + f.caseId() + ".\n"
                + "Once approved, the restriction is applied automatically: every request to the restricted services is"
                + " checked against it at the moment it is made.";
    }

    private static String grounds(NoticeFacts f) {
        StringBuilder s = new StringBuilder();
        s.append("Contractual ground: ").append(f.contractualGround()).append('\n');
        s.append("Principle: ").append(f.principleTitle()).append(" (").append(f.principleId()).append("), ")
                .append(f.principleClause()).append(":\n");
        s.append("  \"").append(f.principleText()).append("\"\n");
        if (f.principleUrl() != null) {
            s.append("Published at: ").append(f.principleUrl()).append('\n');
        }
        if (f.legalGround() != null) {
            s.append("Legal ground: ").append(f.legalGround()).append('\n');
        } else {
            s.append("No legal ground is relied on; the decision rests on the contractual ground alone.\n");
        }
        s.append("Why the conduct is incompatible with this ground:\n").append(f.explanation());
        return s.toString();
    }

    private static String redress(NoticeFacts f) {
        return "1. Internal appeal: you may appeal against this decision through Veto, quoting case " + f.caseId()
                + ", within six months of this notice, that is until " + f.appealDeadline() + ". The appeal is decided"
                + " by a person who was not involved in the case. If the decision is reversed, the services are"
                + " restored and you receive a notice.\n"
                + "2. Out-of-court dispute settlement: you may refer the decision to an out-of-court dispute settlement"
                + " body certified under Art. 21 DSA.\n"
                + "3. Judicial redress: you may bring the decision before the competent courts. Using the internal appeal"
                + " or an out-of-court body does not limit this right.";
    }

    private static String reinstatement(NoticeFacts f) {
        StringBuilder s = new StringBuilder();
        s.append("The restriction of ").append(String.join(", ", f.services())).append(" for ").append(subjectOf(f))
                .append(" of ").append(orgOf(f)).append(", imposed under case ").append(f.caseId())
                .append(" (enforcement ").append(f.enforcementId()).append(") from ").append(f.effectiveAt())
                .append(", is lifted as of ").append(f.issuedAt()).append(". The services are restored for ")
                .append(f.subjectId()).append(" and everything below it, as before the restriction.\n");
        s.append(f.appealId() != null
                ? "This follows the decision on appeal " + f.appealId() + ". Its reasoning:\n"
                : "The reasoning of the decision to reverse the restriction:\n");
        s.append(f.reinstatementReasoning());
        return s.toString();
    }

    private static String reinstatementRedress(NoticeFacts f) {
        return "If you consider that this reinstatement does not fully remedy the restriction, you may raise it with "
                + f.provider() + " through Veto, quoting case " + f.caseId() + ", refer it to an out-of-court dispute"
                + " settlement body certified under Art. 21 DSA, or bring it before the competent courts.";
    }

    private static String orgOf(NoticeFacts f) {
        return f.orgName() != null ? f.orgName() + " (" + f.orgId() + ")" : "organization " + f.orgId();
    }

    private static String subjectOf(NoticeFacts f) {
        String ref = f.subjectType() + " " + f.subjectId();
        return f.subjectName() != null ? f.subjectName() + " (" + ref + ")" : ref;
    }

    /**
     * The statement of reasons for a notice, with the field names and values of the DSA Transparency
     * Database API ({@code POST /api/v1/statement}). The map is fresh, ordered and mutable, and holds
     * only strings, lists of strings and nulls.
     *
     * <p>The database is public and DSA Art. 24(5) forbids personal data in it, so the statement names
     * neither the organization nor the unit, nor the sources and descriptions of evidence; the letter
     * carries those. The findings are copied into {@code decision_facts} and must be written with that
     * in mind.
     *
     * <p>{@code content_date} is required by the API (the date "the platform started hosting the
     * information affected", e.g. an account's registration) but is not among the facts; a caller that
     * submits the statement must add it. {@code end_date_service_restriction} is null for a restriction,
     * which has no end date; for a reinstatement it is the day the reinstatement took effect.
     *
     * @throws IllegalArgumentException if the notice id cannot form a valid {@code puid}
     */
    public static Map<String, Object> statementOfReasons(NoticeFacts f) {
        Objects.requireNonNull(f, "facts are required");
        Map<String, Object> sor = new LinkedHashMap<>();
        sor.put("decision_provision", DECISION_PROVISION_PARTIAL_SUSPENSION);
        sor.put("decision_ground", DECISION_GROUND_INCOMPATIBLE_CONTENT);
        if (f.principleUrl() != null && f.principleUrl().length() <= DECISION_GROUND_REFERENCE_URL_MAX) {
            sor.put("decision_ground_reference_url", f.principleUrl());
        }
        sor.put("incompatible_content_ground", fit(
                f.contractualGround() + "; principle \"" + f.principleTitle() + "\" (" + f.principleId() + "), "
                        + f.principleClause(),
                INCOMPATIBLE_CONTENT_GROUND_MAX, f));
        // The API takes a legal ground only with DECISION_GROUND_ILLEGAL_CONTENT (it drops
        // illegal_content_legal_ground otherwise), so with a contractual decision the legal ground
        // is named in the explanation and flagged with incompatible_content_illegal.
        String explanation = f.legalGround() == null
                ? f.explanation()
                : f.explanation() + "\nThe conduct is also considered illegal under: " + f.legalGround();
        sor.put("incompatible_content_explanation", fit(explanation, INCOMPATIBLE_CONTENT_EXPLANATION_MAX, f));
        if (f.legalGround() != null) {
            sor.put("incompatible_content_illegal", INCOMPATIBLE_CONTENT_ILLEGAL_YES);
        }
        sor.put("content_type", List.of(CONTENT_TYPE_OTHER));
        sor.put("content_type_other", fit(
                "Use of the services " + String.join(", ", f.services())
                        + " by one organizational unit of a customer organization, and everything below it",
                CONTENT_TYPE_OTHER_MAX, f));
        sor.put("category", STATEMENT_CATEGORY_OTHER_VIOLATION_TC);
        sor.put("territorial_scope", territorialScope(f.territorialScope()));
        String applicationDate = DATE.format(f.effectiveAt());
        sor.put("application_date", applicationDate);
        sor.put("end_date_service_restriction", switch (f.kind()) {
            case RESTRICTION -> null;
            // A reversal that comes before the restriction took effect ends it the day it began;
            // the API refuses an end date before the application date.
            case REINSTATEMENT -> DATE.format(later(f.issuedAt(), f.effectiveAt()));
        });
        sor.put("decision_facts", fit(decisionFacts(f), DECISION_FACTS_MAX, f));
        sor.put("source_type", SOURCE_VOLUNTARY);
        sor.put("automated_detection", AUTOMATED_DETECTION_NO);
        sor.put("automated_decision", AUTOMATED_DECISION_NOT_AUTOMATED);
        sor.put("puid", puid(f.noticeId()));
        return sor;
    }

    /**
     * The statement's platform unique identifier. The API accepts only letters, digits, hyphens and
     * underscores, so the prefix is joined with a hyphen ({@code veto:N-1} would be refused).
     */
    static String puid(String noticeId) {
        String puid = "veto-" + noticeId;
        if (!PUID.matcher(puid).matches() || puid.length() > PUID_MAX) {
            throw new IllegalArgumentException("notice id \"" + noticeId
                    + "\" cannot form a statement of reasons puid: only letters, digits, '-' and '_' are allowed, at most "
                    + (PUID_MAX - "veto-".length()) + " of them");
        }
        return puid;
    }

    /**
     * The API accepts EU/EEA countries only. No scope (worldwide) becomes all of them; countries
     * outside the EEA are left out, since the DSA does not reach them.
     */
    private static List<String> territorialScope(List<String> scope) {
        if (scope.isEmpty()) {
            return EEA_COUNTRY_CODES;
        }
        LinkedHashSet<String> inEea = new LinkedHashSet<>();
        for (String code : scope) {
            if (EEA_COUNTRY_CODES.contains(code)) {
                inEea.add(code);
            }
        }
        return List.copyOf(inEea);
    }

    private static String decisionFacts(NoticeFacts f) {
        StringBuilder s = new StringBuilder();
        s.append("Findings of a review by the provider (case ").append(f.caseId()).append("):\n");
        for (int i = 0; i < f.findings().size(); i++) {
            s.append(i + 1).append(". ").append(f.findings().get(i)).append('\n');
        }
        if (!f.evidence().isEmpty()) {
            s.append("Evidence: records of the provider; no customer content was accessed.\n");
            for (EvidenceSummary e : f.evidence()) {
                s.append("- ").append(e.kind()).append(", collected ").append(DATE.format(e.collectedAt()))
                        .append(", SHA-256 ").append(e.sha256()).append('\n');
            }
        }
        s.append("Restricted: the services ").append(String.join(", ", f.services()))
                .append(" for one organizational unit and everything below it; reads and exports remain allowed until ")
                .append(DATE.format(f.exportWindowEndsAt())).append(" so that no data is lost; no data is deleted.");
        if (f.kind() == Kind.REINSTATEMENT) {
            s.append("\nThe restriction was reversed and the services restored on ")
                    .append(DATE.format(later(f.issuedAt(), f.effectiveAt()))).append('.');
        }
        return s.toString();
    }

    /**
     * Shortens text to the API's limit for a field, cutting at a line or word boundary and saying
     * where the rest is. Truncating keeps the statement submittable; the letter, which has no limit,
     * carries everything.
     */
    static String fit(String text, int limit, NoticeFacts f) {
        if (text.codePointCount(0, text.length()) <= limit) {
            return text;
        }
        String tail = " […] (complete in notice " + f.noticeId() + ")";
        int budget = limit - tail.codePointCount(0, tail.length());
        int end = text.offsetByCodePoints(0, budget);
        int cut = Math.max(text.lastIndexOf('\n', end - 1), text.lastIndexOf(' ', end - 1));
        if (cut < end / 2) {
            cut = end; // no boundary near the limit: a hard cut keeps the most text
        }
        return text.substring(0, cut).stripTrailing() + tail;
    }

    private static Instant later(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }
}
