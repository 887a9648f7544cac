package dev.veto.cedar.fuzz;

import dev.veto.cedar.json.JsonPath;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.veto.cedar.ast.Policy;
import dev.veto.cedar.ast.PolicyPrinter;
import dev.veto.cedar.ast.Request;
import dev.veto.cedar.ast.SlotId;
import dev.veto.cedar.authz.Authorizer;
import dev.veto.cedar.authz.PolicySet;
import dev.veto.cedar.entity.Entities;
import dev.veto.cedar.entity.EntitiesException;
import dev.veto.cedar.entity.Entity;
import dev.veto.cedar.json.CedarJson;
import dev.veto.cedar.json.JsonFormatException;
import dev.veto.cedar.parser.CedarSyntaxError;
import dev.veto.cedar.parser.PolicyParser;
import dev.veto.cedar.schema.Schema;
import dev.veto.cedar.value.EntityUid;
import dev.veto.cedar.value.RecordValue;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;

/**
 * Coverage-guided fuzz targets (Jazzer) for the policy parser, printer, authorizer and the
 * entities JSON reader.
 *
 * <p>Without {@code JAZZER_FUZZ} these run as regression tests over the inputs in
 * {@code src/test/resources/dev/veto/cedar/fuzz/PolicyParserFuzzTestInputs/<method>/}. With
 * {@code JAZZER_FUZZ=1} (see {@code scripts/fuzz}) one target is fuzzed; its generated corpus
 * lives in {@code cedar/.cifuzz-corpus/} (git-ignored). Inputs are raw bytes decoded as UTF-8,
 * so a Cedar or JSON file is a seed as it is.
 *
 * <p>The checks are static so {@link FuzzCorpusTest} can run them over the Cedar corpus.
 *
 * <p>{@link Timeout} bounds each input: JUnit enforces it per input in regression mode, and
 * Jazzer passes it to libFuzzer as {@code -timeout} in fuzzing mode, where {@code scripts/fuzz}
 * turns JUnit's own enforcement off (it would otherwise time the whole fuzzing run).
 */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class PolicyParserFuzzTest {

    /** Longer inputs are skipped: the fuzzer's own inputs are at most 4 KiB, this bounds regression inputs. */
    static final int MAX_INPUT_BYTES = 256 * 1024;

    private static final EntityUid ALICE = EntityUid.of("User", "alice");
    private static final EntityUid VIEW = EntityUid.of("Action", "view");
    private static final EntityUid PHOTO = EntityUid.of("Photo", "vacation.jpg");

    /** A small store the parsed policies are evaluated against: a hierarchy and attributes of every kind. */
    private static final String STORE_JSON = """
            [
              {"uid": {"type": "User", "id": "alice"},
               "attrs": {"name": "alice", "age": 30, "admin": false, "tags": ["a", "b"],
                         "address": {"city": "Paris", "zip": 75001},
                         "manager": {"__entity": {"type": "User", "id": "bob"}},
                         "ip": {"__extn": {"fn": "ip", "arg": "192.168.0.1"}},
                         "score": {"__extn": {"fn": "decimal", "arg": "0.75"}}},
               "parents": [{"type": "Group", "id": "friends"}],
               "tags": {"level": 3, "team": "blue"}},
              {"uid": {"type": "User", "id": "bob"}, "attrs": {"name": "bob", "age": 41},
               "parents": [{"type": "Group", "id": "admins"}]},
              {"uid": {"type": "Group", "id": "friends"}, "attrs": {}, "parents": [{"type": "Group", "id": "all"}]},
              {"uid": {"type": "Group", "id": "admins"}, "attrs": {}, "parents": [{"type": "Group", "id": "all"}]},
              {"uid": {"type": "Group", "id": "all"}, "attrs": {}, "parents": []},
              {"uid": {"type": "Photo", "id": "vacation.jpg"},
               "attrs": {"owner": {"__entity": {"type": "User", "id": "alice"}}, "private": true, "size": 1024},
               "parents": [{"type": "Album", "id": "holidays"}]},
              {"uid": {"type": "Album", "id": "holidays"}, "attrs": {}, "parents": []},
              {"uid": {"type": "Action", "id": "view"}, "attrs": {}, "parents": [{"type": "Action", "id": "read"}]},
              {"uid": {"type": "Action", "id": "read"}, "attrs": {}, "parents": []}
            ]
            """;

    private static final String CONTEXT_JSON = """
            {"authenticated": true, "confidence": {"__extn": {"fn": "decimal", "arg": "0.9"}},
             "source_ip": {"__extn": {"fn": "ip", "arg": "10.0.0.0/8"}}, "count": 7, "label": "x*y",
             "when": {"__extn": {"fn": "datetime", "arg": "2024-10-15T11:35:00Z"}},
             "list": [1, 2, 3], "nested": {"deep": {"deeper": "yes"}}}
            """;

    private static final Entities STORE = Entities.of(CedarJson.parseEntities(STORE_JSON, "fuzz-store.json", null));

    private static final List<Request> REQUESTS = List.of(
            new Request(ALICE, VIEW, PHOTO, context()),
            // nobody: an entity that is not in the store
            new Request(EntityUid.of("User", "nobody"), EntityUid.of("Action", "edit"),
                    EntityUid.of("Album", "holidays"), RecordValue.EMPTY));

    /** A small schema for reading entities by declared types. */
    static final Schema SCHEMA = Schema.parseCedar("""
            namespace App {
              type Address = { city: String, zip?: Long };
              entity Group in [Group];
              entity User in [Group] {
                name: String,
                age?: Long,
                admin?: Bool,
                tags?: Set<String>,
                address?: Address,
                manager?: User,
                ip?: ipaddr,
                score?: decimal,
              } tags String;
              entity Photo in [Album] { owner: User, private: Bool, taken?: datetime, length?: duration };
              entity Album;
              action read;
              action view in [read] appliesTo { principal: [User], resource: [Photo, Album] };
            }
            """, "fuzz.cedarschema");

    /** Policies evaluated over fuzzed entities: they read attributes, tags and the hierarchy. */
    private static final PolicySet ENTITY_POLICIES = PolicySet.parse("""
            permit(principal, action, resource) when { principal in resource || resource in principal };
            permit(principal, action, resource) when { principal.name == "alice" && principal.age > 3 };
            permit(principal, action, resource) when { principal has tags && principal.tags.contains("a") };
            forbid(principal, action, resource) when { principal.hasTag("level") && principal.getTag("level") == 3 };
            permit(principal, action, resource) when { principal.manager in resource.owner };
            permit(principal, action, resource) when { principal.ip.isInRange(ip("10.0.0.0/8")) };
            permit(principal, action, resource) when { principal.score.lessThan(decimal("1.0")) };
            permit(principal, action, resource) when { principal == resource.owner && resource.private };
            permit(principal, action, resource) when { principal.address.city like "P*s" };
            """, "fuzz-entity-policies.cedar");

    private static RecordValue context() {
        return CedarJson.parseContext(CedarJson.readTree(CONTEXT_JSON, "fuzz-context.json"),
                new JsonPath("fuzz-context.json"), null, VIEW);
    }

    @FuzzTest(maxDuration = "10m")
    void parser(byte[] data) {
        checkPolicies(data);
    }

    @FuzzTest(maxDuration = "10m")
    void entitiesJson(byte[] data) {
        checkEntities(data);
    }

    /**
     * Parses {@code data} as a policy file: only {@link CedarSyntaxError} may be thrown. What
     * parses must print and parse back to an equal AST, and must evaluate without throwing.
     */
    static void checkPolicies(byte[] data) {
        if (data.length > MAX_INPUT_BYTES) {
            return;
        }
        String src = new String(data, StandardCharsets.UTF_8);
        List<Policy> parsed;
        try {
            parsed = PolicyParser.parsePolicies(src, "fuzz.cedar");
        } catch (CedarSyntaxError expected) {
            assertNotNull(expected.getMessage());
            return;
        }

        String printed = PolicyPrinter.print(parsed);
        List<Policy> reparsed;
        try {
            reparsed = PolicyParser.parsePolicies(printed, "printed.cedar");
        } catch (CedarSyntaxError e) {
            throw new AssertionError("printed policies do not parse back\n--- input:\n" + src
                    + "\n--- printed:\n" + printed, e);
        }
        assertEquals(parsed, reparsed, () -> "round trip changed the policies\n--- input:\n" + src
                + "\n--- printed:\n" + printed);

        PolicySet set = PolicySet.EMPTY;
        for (int i = 0; i < parsed.size(); i++) {
            Policy p = parsed.get(i);
            set = set.with("policy" + i, p);
            if (p.isTemplate()) {
                set = set.link("policy" + i, "link" + i, Map.of(SlotId.PRINCIPAL, ALICE, SlotId.RESOURCE, PHOTO));
            }
        }
        for (Request r : REQUESTS) {
            assertNotNull(Authorizer.isAuthorized(r, set, STORE));
        }
    }

    /**
     * Reads {@code data} as an entities file, without and with a schema: only
     * {@link JsonFormatException} may be thrown, then building the store only
     * {@link EntitiesException}. A store that loads must be usable by the authorizer.
     */
    static void checkEntities(byte[] data) {
        if (data.length > MAX_INPUT_BYTES) {
            return;
        }
        String json = new String(data, StandardCharsets.UTF_8);
        loadAndAuthorize(json, null);
        loadAndAuthorize(json, SCHEMA);
    }

    private static void loadAndAuthorize(String json, Schema schema) {
        List<Entity> list;
        try {
            list = CedarJson.parseEntities(json, "fuzz.entities.json", schema);
        } catch (JsonFormatException expected) {
            assertNotNull(expected.getMessage());
            return;
        }
        Entities store;
        try {
            store = Entities.of(list);
        } catch (EntitiesException expected) {
            assertNotNull(expected.getMessage());
            return;
        }
        if (list.isEmpty()) {
            return;
        }
        EntityUid first = list.get(0).uid();
        EntityUid last = list.get(list.size() - 1).uid();
        assertNotNull(Authorizer.isAuthorized(new Request(first, VIEW, last, RecordValue.EMPTY), ENTITY_POLICIES, store));
        assertNotNull(Authorizer.isAuthorized(new Request(last, VIEW, first, RecordValue.EMPTY), ENTITY_POLICIES, store));
    }
}
