package dev.veto.control.notice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.veto.control.notice.NoticeFacts.EvidenceSummary;
import dev.veto.control.notice.NoticeFacts.Kind;
import dev.veto.control.notice.NoticeWriter.Letter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.json.JsonMapper;

class NoticeWriterTest {

    static final Instant ISSUED = Instant.parse("2026-07-28T09:15:00Z");
    static final Instant EFFECTIVE = Instant.parse("2026-07-29T00:00:00Z");
    static final Instant EXPORT_ENDS = Instant.parse("2026-08-28T00:00:00Z");
    static final Instant APPEAL_DEADLINE = Instant.parse("2027-01-28T23:59:59Z");
    static final String SHA_BILLING = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";
    static final String SHA_PRESS = "60303ae22b998861bce3b28f33eec1be758a213c86c93c076dbe9f558c11c752";

    /** The example case: a ministry unit that used storage and speech-to-text for mass surveillance. */
    static final class Facts {
        String noticeId = "N-0042-1";
        Kind kind = Kind.RESTRICTION;
        String caseId = "C-0042";
        String enforcementId = "enf-C-0042-1";
        String orgId = "mx";
        String orgName = "Ministry of Examples";
        String subjectType = "Unit";
        String subjectId = "mx/u42";
        String subjectName = "Unit 42";
        List<String> services = List.of("storage", "speech");
        Instant effectiveAt = EFFECTIVE;
        Instant exportWindowEndsAt = EXPORT_ENDS;
        String principleId = "no-mass-surveillance";
        String principleTitle = "No mass surveillance of civilians";
        String principleClause = "Acceptable Use Policy, section 4.2";
        String principleText = "You may not use the services for the indiscriminate surveillance of civilian populations.";
        String principleUrl = "https://cloud.example/legal/aup#4.2";
        String contractualGround = "Customer Agreement, section 9.1 (suspension for breach of the Acceptable Use Policy)";
        String legalGround = null;
        String explanation = "Storage and speech-to-text were used to transcribe and keep intercepted calls of"
                + " civilians at scale, which section 4.2 forbids.";
        List<String> findings = List.of(
                "Speech-to-text volume of the unit rose from 2 000 to 11 million minutes a month between January and May 2026.",
                "The unit's storage grew by 3.1 PB in the same period, in buckets its contract describes as interception archives.");
        List<EvidenceSummary> evidence = List.of(
                new EvidenceSummary("metering", "Metering export", "Monthly speech-to-text minutes of mx/u42, Jan–May 2026",
                        Instant.parse("2026-06-02T10:00:00Z"), SHA_BILLING),
                new EvidenceSummary("press", "Public press report", "Report on the ministry's interception programme",
                        Instant.parse("2026-06-10T08:30:00Z"), SHA_PRESS));
        List<String> territorialScope = List.of();
        Instant issuedAt = ISSUED;
        Instant appealDeadline = APPEAL_DEADLINE;
        String provider = "Example Cloud";
        String reinstatementReasoning = null;
        String appealId = null;

        Facts with(Consumer<Facts> change) {
            change.accept(this);
            return this;
        }

        NoticeFacts build() {
            return new NoticeFacts(noticeId, kind, caseId, enforcementId, orgId, orgName, subjectType, subjectId,
                    subjectName, services, effectiveAt, exportWindowEndsAt, principleId, principleTitle, principleClause,
                    principleText, principleUrl, contractualGround, legalGround, explanation, findings, evidence,
                    territorialScope, issuedAt, appealDeadline, provider, reinstatementReasoning, appealId);
        }
    }

    static NoticeFacts restriction() {
        return new Facts().build();
    }

    static final Instant REINSTATED = Instant.parse("2026-09-14T16:00:00Z");

    static NoticeFacts reinstatement() {
        return new Facts().with(f -> {
            f.noticeId = "N-0042-2";
            f.kind = Kind.REINSTATEMENT;
            f.issuedAt = REINSTATED;
            f.appealId = "A-0042-1";
            f.reinstatementReasoning = "The interception archives were shown to be a court-ordered evidence store"
                    + " whose transcription the principle does not cover.";
        }).build();
    }

    @Nested
    class RestrictionLetter {

        final Letter letter = NoticeWriter.letter(restriction());

        @Test
        void hasTheArt17_3SectionsInOrder() {
            assertThat(letter.sections()).containsOnlyKeys(
                    "restriction", "scope_and_duration", "facts_and_circumstances", "automated_means", "grounds", "redress");
            assertThat(List.copyOf(letter.sections().keySet())).containsExactly(
                    "restriction", "scope_and_duration", "facts_and_circumstances", "automated_means", "grounds", "redress");
            assertThat(letter.noticeId()).isEqualTo("N-0042-1");
            assertThat(letter.kind()).isEqualTo("restriction");
        }

        @Test
        void subjectNamesTheNoticeServicesUnitAndCase() {
            assertThat(letter.subject())
                    .isEqualTo("Notice N-0042-1: restriction of storage, speech for Unit 42 (Unit mx/u42) (case C-0042)");
        }

        @Test
        void textIsAddressedToTheOrganizationAndHoldsEverySectionUnderItsHeading() {
            assertThat(letter.text()).startsWith(letter.subject() + "\n");
            assertThat(letter.text()).contains("To: Ministry of Examples (mx)", "From: Example Cloud",
                    "Date: 2026-07-28T09:15:00Z", "enforcement enf-C-0042-1");
            assertThat(letter.text()).containsSubsequence(
                    "What is restricted\n", "Scope and duration\n", "Facts and circumstances\n",
                    "Use of automated means\n", "Grounds for the decision\n", "Possibilities for redress\n");
            letter.sections().values().forEach(body -> assertThat(letter.text()).contains(body));
        }

        @Test
        void restrictionSaysWhatWhoAndThatItIsAPartialSuspension() {
            assertThat(letter.sections().get("restriction")).contains(
                    "storage, speech",
                    "Unit 42 (Unit mx/u42) of Ministry of Examples (mx)",
                    "every unit, account, principal and resource below it",
                    "resources held by mx/u42",
                    "partial suspension of the provision of the service",
                    "No data is deleted",
                    "has not inspected the content");
        }

        @Test
        void scopeAndDurationGiveStartNoEndWorldwideAndTheExportWindow() {
            assertThat(letter.sections().get("scope_and_duration")).contains(
                    "takes effect at 2026-07-29T00:00:00Z",
                    "no end date",
                    "until it is reversed",
                    "Territorial scope: worldwide",
                    "until 2026-08-28T00:00:00Z, reading and exporting data",
                    "no data is lost");
        }

        @Test
        void scopeListsTheCountriesWhenLimited() {
            Letter limited = NoticeWriter.letter(new Facts().with(f -> f.territorialScope = List.of("DE", "FR")).build());
            assertThat(limited.sections().get("scope_and_duration"))
                    .contains("as provided in DE, FR")
                    .doesNotContain("worldwide");
        }

        @Test
        void factsListFindingsAndEveryEvidenceRecordAsTheProvidersOwn() {
            String facts = letter.sections().get("facts_and_circumstances");
            assertThat(facts).startsWith("The decision relies on the following findings, recorded in case C-0042");
            assertThat(facts).contains(
                    "1. Speech-to-text volume of the unit rose",
                    "2. The unit's storage grew by 3.1 PB");
            assertThat(facts).contains("metering, from Metering export, collected 2026-06-02T10:00:00Z",
                    "(SHA-256 " + SHA_BILLING + ")");
            assertThat(facts).contains("press, from Public press report, collected 2026-06-10T08:30:00Z",
                    "(SHA-256 " + SHA_PRESS + ")");
            assertThat(facts).contains("records of Example Cloud itself", "no such content was accessed");
        }

        @Test
        void automatedMeansSayPeopleDecidedAndEnforcementIsAutomatic() {
            assertThat(letter.sections().get("automated_means")).contains(
                    "taken by people, not by automated means",
                    "a reviewer",
                    "two approvers, neither of them the proposer",
                    "not detected by automated means",
                    "applied automatically",
                    "every request");
        }

        @Test
        void groundsGiveContractPrincipleAndExplanation() {
            NoticeFacts f = restriction();
            assertThat(letter.sections().get("grounds")).contains(
                    "Contractual ground: " + f.contractualGround(),
                    "Principle: No mass surveillance of civilians (no-mass-surveillance), Acceptable Use Policy, section 4.2",
                    "\"" + f.principleText() + "\"",
                    "Published at: https://cloud.example/legal/aup#4.2",
                    "No legal ground is relied on",
                    f.explanation());
        }

        @Test
        void groundsNameTheLegalGroundWhenThereIsOne() {
            Letter withLaw = NoticeWriter.letter(new Facts().with(f -> {
                f.legalGround = "Charter of Fundamental Rights of the EU, Art. 7";
                f.principleUrl = null;
            }).build());
            assertThat(withLaw.sections().get("grounds"))
                    .contains("Legal ground: Charter of Fundamental Rights of the EU, Art. 7")
                    .doesNotContain("No legal ground", "Published at");
        }

        @Test
        void redressOffersAppealOutOfCourtSettlementAndCourts() {
            assertThat(letter.sections().get("redress")).contains(
                    "Internal appeal",
                    "through Veto",
                    "within six months",
                    "until 2027-01-28T23:59:59Z",
                    "not involved in the case",
                    "Art. 21 DSA",
                    "competent courts");
        }

        @Test
        void anUnnamedOrganizationAndUnitAreReferredToById() {
            Letter plain = NoticeWriter.letter(new Facts().with(f -> {
                f.orgName = null;
                f.subjectName = null;
            }).build());
            assertThat(plain.subject()).contains("for Unit mx/u42 (case C-0042)");
            assertThat(plain.text()).contains("To: organization mx");
        }

        @Test
        void sectionsCannotBeChanged() {
            assertThatThrownBy(() -> letter.sections().put("extra", "x"))
                    .isInstanceOf(UnsupportedOperationException.class);
        }
    }

    @Nested
    class ReinstatementLetter {

        final Letter letter = NoticeWriter.letter(reinstatement());

        @Test
        void hasReinstatementFactsAndRedress() {
            assertThat(List.copyOf(letter.sections().keySet()))
                    .containsExactly("reinstatement", "facts_and_circumstances", "redress");
            assertThat(letter.kind()).isEqualTo("reinstatement");
            assertThat(letter.subject())
                    .isEqualTo("Notice N-0042-2: reinstatement of storage, speech for Unit 42 (Unit mx/u42) (case C-0042)");
        }

        @Test
        void saysWhichRestrictionIsLiftedWhenAndWhy() {
            assertThat(letter.sections().get("reinstatement")).contains(
                    "The restriction of storage, speech for Unit 42 (Unit mx/u42) of Ministry of Examples (mx)",
                    "imposed under case C-0042 (enforcement enf-C-0042-1) from 2026-07-29T00:00:00Z",
                    "is lifted as of 2026-09-14T16:00:00Z",
                    "services are restored",
                    "appeal A-0042-1",
                    "court-ordered evidence store");
        }

        @Test
        void keepsTheFactsAndAShortRedress() {
            assertThat(letter.sections().get("facts_and_circumstances"))
                    .startsWith("The restriction relied on the following findings, recorded in case C-0042")
                    .contains(SHA_BILLING);
            assertThat(letter.sections().get("redress")).contains("Art. 21 DSA", "competent courts", "case C-0042");
            assertThat(letter.text()).contains("Reinstatement\n", "Facts and circumstances\n", "Possibilities for redress\n")
                    .doesNotContain("Use of automated means");
        }
    }

    /** Field names and values as the DSA Transparency Database API documentation spells them. */
    @Nested
    class StatementOfReasons {

        final Map<String, Object> sor = NoticeWriter.statementOfReasons(restriction());

        static final List<String> EEA = List.of(
                "AT", "BE", "BG", "CY", "CZ", "DE", "DK", "EE", "ES", "FI", "FR", "GR", "HR", "HU", "IE",
                "IS", "IT", "LI", "LT", "LU", "LV", "MT", "NL", "NO", "PL", "PT", "RO", "SE", "SI", "SK");

        @Test
        void hasTheDocumentedFieldsInOrder() {
            assertThat(List.copyOf(sor.keySet())).containsExactly(
                    "decision_provision",
                    "decision_ground",
                    "decision_ground_reference_url",
                    "incompatible_content_ground",
                    "incompatible_content_explanation",
                    "content_type",
                    "content_type_other",
                    "category",
                    "territorial_scope",
                    "application_date",
                    "end_date_service_restriction",
                    "decision_facts",
                    "source_type",
                    "automated_detection",
                    "automated_decision",
                    "puid");
        }

        @Test
        void usesTheDocumentedEnumValues() {
            assertThat(sor).containsEntry("decision_provision", "DECISION_PROVISION_PARTIAL_SUSPENSION")
                    .containsEntry("decision_ground", "DECISION_GROUND_INCOMPATIBLE_CONTENT")
                    .containsEntry("content_type", List.of("CONTENT_TYPE_OTHER"))
                    .containsEntry("category", "STATEMENT_CATEGORY_OTHER_VIOLATION_TC")
                    .containsEntry("source_type", "SOURCE_VOLUNTARY")
                    .containsEntry("automated_detection", "No")
                    .containsEntry("automated_decision", "AUTOMATED_DECISION_NOT_AUTOMATED");
        }

        @Test
        void carriesTheGroundsAndFacts() {
            NoticeFacts f = restriction();
            assertThat(sor).containsEntry("decision_ground_reference_url", "https://cloud.example/legal/aup#4.2")
                    .containsEntry("incompatible_content_explanation", f.explanation())
                    .containsEntry("content_type_other",
                            "Use of the services storage, speech by one organizational unit of a customer organization,"
                                    + " and everything below it");
            assertThat((String) sor.get("incompatible_content_ground"))
                    .startsWith(f.contractualGround())
                    .contains("No mass surveillance of civilians", "section 4.2");
            assertThat((String) sor.get("decision_facts")).contains(
                    "case C-0042", "1. Speech-to-text volume", "2. The unit's storage",
                    "- metering, collected 2026-06-02, SHA-256 " + SHA_BILLING,
                    "- press, collected 2026-06-10, SHA-256 " + SHA_PRESS,
                    "no customer content was accessed",
                    "until 2026-08-28");
        }

        @Test
        void datesAreYearMonthDayInUtcAndARestrictionHasNoEndDate() {
            assertThat(sor).containsEntry("application_date", "2026-07-29");
            assertThat(sor).containsKey("end_date_service_restriction");
            assertThat(sor.get("end_date_service_restriction")).isNull();

            Map<String, Object> lateInTheDay = NoticeWriter.statementOfReasons(new Facts().with(f -> {
                f.effectiveAt = Instant.parse("2026-07-29T23:30:00Z");
                f.exportWindowEndsAt = Instant.parse("2026-08-29T23:30:00Z");
            }).build());
            assertThat(lateInTheDay).containsEntry("application_date", "2026-07-29");
        }

        @Test
        void worldwideBecomesEveryEeaCountry() {
            assertThat(sor).containsEntry("territorial_scope", EEA);
        }

        @Test
        void aLimitedScopeKeepsOnlyEeaCountries() {
            Map<String, Object> limited = NoticeWriter.statementOfReasons(
                    new Facts().with(f -> f.territorialScope = List.of("DE", "US", "FR", "NO", "CH")).build());
            assertThat(limited).containsEntry("territorial_scope", List.of("DE", "FR", "NO"));
        }

        @Test
        void puidIsVetoDashNoticeIdAndMatchesTheDocumentedPattern() {
            assertThat(sor).containsEntry("puid", "veto-N-0042-1");
            assertThat((String) sor.get("puid")).matches("^[a-zA-Z0-9-_]+$");
        }

        @Test
        void aNoticeIdThatCannotBeAPuidIsRefused() {
            NoticeFacts f = new Facts().with(x -> x.noticeId = "N:42").build();
            assertThatThrownBy(() -> NoticeWriter.statementOfReasons(f))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("\"N:42\"")
                    .hasMessageContaining("puid");
        }

        @Test
        void aLegalGroundIsExplainedAndFlaggedAsIllegal() {
            Map<String, Object> withLaw = NoticeWriter.statementOfReasons(new Facts().with(f -> {
                f.legalGround = "Charter of Fundamental Rights of the EU, Art. 7";
                f.principleUrl = null;
            }).build());
            assertThat(withLaw).containsEntry("incompatible_content_illegal", "Yes")
                    .doesNotContainKeys("decision_ground_reference_url", "illegal_content_legal_ground");
            assertThat((String) withLaw.get("incompatible_content_explanation"))
                    .endsWith("also considered illegal under: Charter of Fundamental Rights of the EU, Art. 7");
            assertThat(sor).doesNotContainKey("incompatible_content_illegal");
        }

        @Test
        void namesNeitherTheCustomerNorEvidenceSources() {
            String json = JsonMapper.builder().build().writeValueAsString(sor);
            assertThat(json).doesNotContain("Ministry of Examples", "Unit 42", "mx/u42", "Metering export",
                    "Public press report");
        }

        @Test
        void longTextsAreCutToTheApiLimitsAndPointToTheNotice() {
            String longExplanation = "The conduct is incompatible. ".repeat(200);
            List<String> manyFindings = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                manyFindings.add("Finding number " + i + " about the unit's metered usage in one month of 2026.");
            }
            Map<String, Object> big = NoticeWriter.statementOfReasons(new Facts().with(f -> {
                f.explanation = longExplanation;
                f.findings = manyFindings;
                f.contractualGround = "Customer Agreement ".repeat(40);
            }).build());
            String explanation = (String) big.get("incompatible_content_explanation");
            String facts = (String) big.get("decision_facts");
            String ground = (String) big.get("incompatible_content_ground");
            assertThat(explanation.length()).isLessThanOrEqualTo(2000);
            assertThat(facts.length()).isLessThanOrEqualTo(5000);
            assertThat(ground.length()).isLessThanOrEqualTo(500);
            assertThat(explanation).startsWith("The conduct is incompatible.").endsWith("(complete in notice N-0042-1)");
            assertThat(facts).contains("Finding number 0 ").endsWith("(complete in notice N-0042-1)");
        }

        @Test
        void isJsonReady() {
            JsonMapper json = JsonMapper.builder().build();
            String text = json.writeValueAsString(sor);
            assertThat(text).startsWith("{\"decision_provision\":\"DECISION_PROVISION_PARTIAL_SUSPENSION\"")
                    .contains("\"end_date_service_restriction\":null")
                    .endsWith("\"puid\":\"veto-N-0042-1\"}");
            assertThat(json.readValue(text, Map.class)).isEqualTo(sor);
        }

        @Test
        void aReinstatementEndsTheServiceRestrictionOnItsDate() {
            Map<String, Object> back = NoticeWriter.statementOfReasons(reinstatement());
            assertThat(back).containsEntry("application_date", "2026-07-29")
                    .containsEntry("end_date_service_restriction", "2026-09-14")
                    .containsEntry("decision_provision", "DECISION_PROVISION_PARTIAL_SUSPENSION")
                    .containsEntry("puid", "veto-N-0042-2");
            assertThat((String) back.get("decision_facts"))
                    .endsWith("The restriction was reversed and the services restored on 2026-09-14.")
                    .doesNotContain("court-ordered");
        }
    }

    @Nested
    class Construction {

        static Stream<Arguments> requiredFields() {
            return Stream.of(
                    Arguments.of("noticeId", (Consumer<Facts>) f -> f.noticeId = null),
                    Arguments.of("kind", (Consumer<Facts>) f -> f.kind = null),
                    Arguments.of("caseId", (Consumer<Facts>) f -> f.caseId = null),
                    Arguments.of("enforcementId", (Consumer<Facts>) f -> f.enforcementId = null),
                    Arguments.of("orgId", (Consumer<Facts>) f -> f.orgId = null),
                    Arguments.of("subjectType", (Consumer<Facts>) f -> f.subjectType = null),
                    Arguments.of("subjectId", (Consumer<Facts>) f -> f.subjectId = null),
                    Arguments.of("services", (Consumer<Facts>) f -> f.services = null),
                    Arguments.of("effectiveAt", (Consumer<Facts>) f -> f.effectiveAt = null),
                    Arguments.of("exportWindowEndsAt", (Consumer<Facts>) f -> f.exportWindowEndsAt = null),
                    Arguments.of("principleId", (Consumer<Facts>) f -> f.principleId = null),
                    Arguments.of("principleTitle", (Consumer<Facts>) f -> f.principleTitle = null),
                    Arguments.of("principleClause", (Consumer<Facts>) f -> f.principleClause = null),
                    Arguments.of("principleText", (Consumer<Facts>) f -> f.principleText = null),
                    Arguments.of("contractualGround", (Consumer<Facts>) f -> f.contractualGround = null),
                    Arguments.of("explanation", (Consumer<Facts>) f -> f.explanation = null),
                    Arguments.of("findings", (Consumer<Facts>) f -> f.findings = null),
                    Arguments.of("evidence", (Consumer<Facts>) f -> f.evidence = null),
                    Arguments.of("territorialScope", (Consumer<Facts>) f -> f.territorialScope = null),
                    Arguments.of("issuedAt", (Consumer<Facts>) f -> f.issuedAt = null),
                    Arguments.of("appealDeadline", (Consumer<Facts>) f -> f.appealDeadline = null),
                    Arguments.of("provider", (Consumer<Facts>) f -> f.provider = null));
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("requiredFields")
        void refusesAMissingRequiredFieldByName(String name, Consumer<Facts> change) {
            Facts facts = new Facts().with(change);
            assertThatThrownBy(facts::build)
                    .isInstanceOf(NullPointerException.class)
                    .hasMessage(name + " is required");
        }

        @Test
        void acceptsTheNullableFieldsAsNull() {
            NoticeFacts f = new Facts().with(x -> {
                x.orgName = null;
                x.subjectName = null;
                x.principleUrl = null;
                x.legalGround = null;
            }).build();
            assertThat(f.orgName()).isNull();
            assertThat(f.principleUrl()).isNull();
        }

        @Test
        void refusesNullElementsByPosition() {
            List<String> findings = new ArrayList<>(List.of("one finding"));
            findings.add(null);
            assertThatThrownBy(() -> new Facts().with(f -> f.findings = findings).build())
                    .isInstanceOf(NullPointerException.class)
                    .hasMessage("findings[1] is required");
        }

        @Test
        void refusesBlankTextAndEmptyServicesOrFindings() {
            assertThatThrownBy(() -> new Facts().with(f -> f.caseId = " ").build())
                    .isInstanceOf(IllegalArgumentException.class).hasMessage("caseId is blank");
            assertThatThrownBy(() -> new Facts().with(f -> f.orgName = "").build())
                    .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("orgName is blank");
            assertThatThrownBy(() -> new Facts().with(f -> f.services = List.of()).build())
                    .isInstanceOf(IllegalArgumentException.class).hasMessage("services is empty");
            assertThatThrownBy(() -> new Facts().with(f -> f.findings = List.of()).build())
                    .isInstanceOf(IllegalArgumentException.class).hasMessage("findings is empty");
        }

        @Test
        void copiesItsLists() {
            List<String> services = new ArrayList<>(List.of("storage"));
            NoticeFacts f = new Facts().with(x -> x.services = services).build();
            services.add("speech");
            assertThat(f.services()).containsExactly("storage");
            assertThatThrownBy(() -> f.services().add("compute")).isInstanceOf(UnsupportedOperationException.class);
        }

        @Test
        void checksEvidence() {
            assertThatThrownBy(() -> new EvidenceSummary("billing", "ERP", "invoices", Instant.EPOCH, null))
                    .isInstanceOf(NullPointerException.class).hasMessage("evidence sha256 is required");
            assertThatThrownBy(() -> new EvidenceSummary("billing", "ERP", "invoices", Instant.EPOCH, "abc"))
                    .isInstanceOf(IllegalArgumentException.class).hasMessage("evidence sha256 \"abc\" is not 64 hex digits");
            assertThat(new EvidenceSummary("billing", "ERP", "invoices", Instant.EPOCH, SHA_BILLING.toUpperCase()).sha256())
                    .isEqualTo(SHA_BILLING);
        }

        @Test
        void checksCountryCodesAndPrincipleUrl() {
            assertThatThrownBy(() -> new Facts().with(f -> f.territorialScope = List.of("de")).build())
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("territorial scope \"de\" is not an ISO 3166-1 alpha-2 code in upper case");
            assertThatThrownBy(() -> new Facts().with(f -> f.principleUrl = "aup section 4").build())
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("principleUrl \"aup section 4\" is not an absolute http or https address");
        }

        @Test
        void refusesAnExportWindowThatEndsBeforeTheRestrictionStarts() {
            assertThatThrownBy(() -> new Facts().with(f -> f.exportWindowEndsAt = Instant.parse("2026-07-28T00:00:00Z")).build())
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("export window ends at 2026-07-28T00:00:00Z, before the restriction takes effect at 2026-07-29T00:00:00Z");
        }

        @Test
        void aRestrictionGivesSixMonthsToAppealAndNoReinstatementFields() {
            assertThatThrownBy(() -> new Facts().with(f -> f.appealDeadline = Instant.parse("2027-01-27T00:00:00Z")).build())
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("less than six months");
            assertThatThrownBy(() -> new Facts().with(f -> f.reinstatementReasoning = "reversed").build())
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("a restriction notice has no reinstatementReasoning");
            assertThatThrownBy(() -> new Facts().with(f -> f.appealId = "A-1").build())
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("a restriction notice has no appealId");
        }

        @Test
        void aReinstatementNeedsItsReasoning() {
            assertThatThrownBy(() -> new Facts().with(f -> f.kind = Kind.REINSTATEMENT).build())
                    .isInstanceOf(NullPointerException.class)
                    .hasMessage("reinstatementReasoning is required for a reinstatement notice");
        }
    }
}
