package dev.veto.cedar.schema;

import static org.assertj.core.api.Assertions.assertThat;

import dev.veto.cedar.schema.SchemaType.RecordType;
import dev.veto.cedar.value.EntityUid;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Parses every {@code .cedarschema} of the conformance suite, and checks the suite's requests and
 * entities against the parsed schemas: the reference accepted them all, so a resolution mistake
 * shows up as an undeclared type, action or attribute.
 */
class ConformanceSchemaTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static Path cedarDir;

    @BeforeAll
    static void locate() {
        Path dir = conformanceDir().resolve("cedar");
        assertThat(dir)
                .as("conformance data; set VETO_CONFORMANCE_DIR to the directory holding cedar/")
                .isDirectory();
        cedarDir = dir;
    }

    static Path conformanceDir() {
        return dev.veto.cedar.conformance.ConformanceData.root();
    }

    private static List<Path> files(String suffix) throws IOException {
        try (Stream<Path> s = Files.walk(cedarDir)) {
            return s.filter(p -> p.getFileName().toString().endsWith(suffix)).sorted().toList();
        }
    }

    @Test
    void everyCedarSchemaParses() throws IOException {
        List<Path> schemas = files(".cedarschema");
        assertThat(schemas).hasSizeGreaterThan(100);
        List<String> failures = new ArrayList<>();
        for (Path p : schemas) {
            try {
                Schema s = Schema.parseCedar(Files.readString(p, StandardCharsets.UTF_8), p.toString());
                assertThat(s.entityTypes().size() + s.actions().size()).isPositive();
            } catch (SchemaException e) {
                failures.add(e.getMessage());
            }
        }
        assertThat(failures).isEmpty();
    }

    /** The JSON-format equivalent of {@code sample-data/sandbox_b/schema.cedarschema}, written by hand. */
    private static final String SANDBOX_B_JSON = """
            {"": {
              "entityTypes": {
                "Account": {
                  "memberOfTypes": ["AccountGroup"],
                  "shape": {"type": "Record", "attributes": {
                    "admins": {"type": "Set", "element": {"type": "Entity", "name": "User"}},
                    "owner": {"type": "Entity", "name": "User"},
                    "private": {"type": "Boolean"}}}
                },
                "AccountGroup": {"shape": {"type": "Record", "attributes": {
                  "owner": {"type": "EntityOrCommon", "name": "User"}}}},
                "Administrator": {},
                "UserGroup": {"shape": {"type": "Record", "attributes": {}}},
                "Album": {
                  "memberOfTypes": ["Account", "Album"],
                  "shape": {"type": "Record", "attributes": {
                    "account": {"type": "Entity", "name": "Account"},
                    "admins": {"type": "Set", "element": {"type": "Entity", "name": "User"}},
                    "private": {"type": "Bool"}}}
                },
                "Photo": {
                  "memberOfTypes": ["Album", "Account"],
                  "shape": {"type": "Record", "attributes": {
                    "private": {"type": "__cedar::Bool"},
                    "admins": {"type": "Set", "element": {"type": "EntityOrCommon", "name": "User"}},
                    "account": {"type": "Entity", "name": "Account"}}}
                },
                "User": {
                  "memberOfTypes": ["UserGroup"],
                  "shape": {"type": "Record", "attributes": {
                    "department": {"type": "String"},
                    "jobLevel": {"type": "Long"}}}
                }
              },
              "actions": {
                "addPhoto": {"appliesTo": {"principalTypes": ["User"], "resourceTypes": ["Album"],
                  "context": {"type": "Record", "attributes": {
                    "authenticated": {"type": "Boolean"},
                    "photo": {"type": "Record", "attributes": {
                      "filesize_mb": {"type": "Long"}, "filetype": {"type": "String"}}}}}}},
                "comment": {"appliesTo": {"principalTypes": ["User"], "resourceTypes": ["Photo"], "context": CTX}},
                "delete": {"appliesTo": {"principalTypes": ["User"], "resourceTypes": ["Photo"], "context": CTX}},
                "edit": {"appliesTo": {"principalTypes": ["User"], "resourceTypes": ["Photo"], "context": CTX}},
                "view": {"appliesTo": {"principalTypes": ["User"], "resourceTypes": ["Photo"], "context": CTX}},
                "listAlbums": {"appliesTo": {"principalTypes": ["User"], "resourceTypes": ["Account"], "context": CTX}},
                "listPhotos": {"appliesTo": {"principalTypes": ["User"], "resourceTypes": ["Album"], "context": CTX}}
              }
            }}
            """.replace("CTX", "{\"type\": \"Record\", \"attributes\": {\"authenticated\": {\"type\": \"Boolean\"}}}");

    @Test
    void sandboxBInBothFormatsGivesTheSameModel() throws IOException {
        Schema cedar = parse(cedarDir.resolve("sample-data/sandbox_b/schema.cedarschema"));
        Schema json = Schema.parseJson(SANDBOX_B_JSON, "sandbox_b.json");
        assertThat(json).isEqualTo(cedar);
        assertThat(json.entityTypes()).hasSize(7);
        assertThat(json.actions()).hasSize(7);
    }

    @Test
    void requestsAndEntitiesConformToTheirSchemas() throws IOException {
        Map<String, Schema> schemas = new HashMap<>();
        List<String> problems = new ArrayList<>();
        int requests = 0;
        int entities = 0;
        for (Path test : files(".json")) {
            if (test.getFileName().toString().endsWith(".entities.json")) {
                continue;
            }
            JsonNode root = JSON.readTree(Files.readString(test));
            if (!root.isObject() || !root.has("schema") || !root.get("schema").asString().endsWith(".cedarschema")) {
                continue;
            }
            String schemaPath = root.get("schema").asString();
            Schema schema = schemas.computeIfAbsent(schemaPath, k -> parse(cedarDir.resolve(k)));
            for (JsonNode request : root.path("requests")) {
                if (!request.path("validateRequest").asBoolean(false)) {
                    continue;
                }
                requests++;
                checkRequest(schema, request, test + " " + request.path("description").asString(), problems);
            }
            if (root.has("entities")) {
                JsonNode list = JSON.readTree(Files.readString(cedarDir.resolve(root.get("entities").asString())));
                for (JsonNode entity : list) {
                    entities++;
                    checkEntity(schema, entity, root.get("entities").asString(), problems);
                }
            }
        }
        assertThat(requests).isPositive();
        assertThat(entities).isPositive();
        assertThat(problems).isEmpty();
    }

    private static Schema parse(Path p) {
        try {
            return Schema.parseCedar(Files.readString(p), p.toString());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static EntityUid uid(JsonNode n) {
        return new EntityUid(n.get("type").asString(), n.get("id").asString());
    }

    private static void checkRequest(Schema schema, JsonNode request, String where, List<String> problems) {
        EntityUid action = uid(request.get("action"));
        ActionDef def = schema.action(action).orElse(null);
        if (def == null) {
            problems.add(where + ": undeclared action " + action);
            return;
        }
        String principal = request.get("principal").get("type").asString();
        String resource = request.get("resource").get("type").asString();
        if (!def.principalTypes().contains(principal)) {
            problems.add(where + ": principal type " + principal + " not in " + def.principalTypes());
        }
        if (!def.resourceTypes().contains(resource)) {
            problems.add(where + ": resource type " + resource + " not in " + def.resourceTypes());
        }
        checkRecord(def.context(), request.path("context"), where + " context", problems);
    }

    private static void checkEntity(Schema schema, JsonNode entity, String where, List<String> problems) {
        EntityUid uid = uid(entity.get("uid"));
        if (schema.isActionType(uid.type())) {
            if (schema.action(uid).isEmpty()) {
                problems.add(where + ": undeclared action entity " + uid);
            }
            return;
        }
        EntityTypeDef def = schema.entityType(uid.type()).orElse(null);
        if (def == null) {
            problems.add(where + ": undeclared entity type of " + uid);
            return;
        }
        if (def.isEnum() && !def.enumIds().contains(uid.id())) {
            problems.add(where + ": " + uid + " is not one of " + def.enumIds());
        }
        for (JsonNode parent : entity.path("parents")) {
            String type = parent.get("type").asString();
            if (!def.memberOfTypes().contains(type)) {
                problems.add(where + ": " + uid + " has a parent of type " + type + " not in " + def.memberOfTypes());
            }
        }
        checkRecord(def.shape(), entity.path("attrs"), where + " " + uid, problems);
    }

    private static void checkRecord(RecordType type, JsonNode value, String where, List<String> problems) {
        if (value.isMissingNode()) {
            return;
        }
        for (String name : value.propertyNames()) {
            if (type.attribute(name) == null) {
                problems.add(where + ": attribute `" + name + "` not declared in " + type);
            }
        }
        type.attributes().forEach((name, attr) -> {
            if (attr.required() && !value.has(name)) {
                problems.add(where + ": required attribute `" + name + "` missing");
            }
        });
    }
}
