package dev.veto.cedar.schema;

import static dev.veto.cedar.schema.CedarSchemaSyntaxTest.cedar;
import static dev.veto.cedar.schema.CedarSchemaSyntaxTest.entity;
import static dev.veto.cedar.schema.CedarSchemaSyntaxTest.record;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.veto.cedar.schema.SchemaType.EntityRef;
import dev.veto.cedar.schema.SchemaType.Extension;
import dev.veto.cedar.schema.SchemaType.SetType;
import org.junit.jupiter.api.Test;

/** The JSON format: it must yield the same model as the equivalent human-readable schema. */
class JsonSchemaTest {
    static Schema json(String text) {
        return Schema.parseJson(text, "test.json");
    }

    private static SchemaException error(String text) {
        SchemaException e = catchThrowableOfType(SchemaException.class, () -> json(text));
        assertThat(e).as("expected a SchemaException for:\n" + text).isNotNull();
        assertThat(e.getMessage()).startsWith("test.json:" + e.line() + ":" + e.column() + ": ");
        assertThat(e.line()).isPositive();
        return e;
    }

    private static void rejects(String text, String messagePart) {
        assertThat(error(text).detail()).contains(messagePart);
    }

    private static final String CEDAR = """
            type Address = { street: String, zip?: Long };
            entity Root;
            namespace App {
                type Context = { ip: ipaddr, when: datetime, within?: duration, score: decimal };
                entity Group in [Root] { name: String, addr: Address };
                entity User in [Group, Root] = {
                    "display name": String,
                    age?: Long,
                    admin: Bool,
                    groups: Set<Group>,
                    boss?: User,
                    home: Address,
                    nested: { inner: Set<{ deep: __cedar::ipaddr }> },
                    act: Action,
                } tags Set<String>;
                entity Color enum ["red", "green"];
                entity Doc { color: Color };
                action read, write;
                action edit in [read, Action::"write", App::Action::"read"] appliesTo {
                    principal: [User, Group],
                    resource: Doc,
                    context: Context,
                };
                action top in Action::"global";
                action inline appliesTo { principal: User, resource: [Doc], context: { flag: Bool } };
            }
            action global;
            """;

    private static final String JSON = """
            {
              "": {
                "commonTypes": {
                  "Address": { "type": "Record", "attributes": {
                    "street": { "type": "String" },
                    "zip": { "type": "Long", "required": false }
                  } }
                },
                "entityTypes": { "Root": {} },
                "actions": { "global": {} }
              },
              "App": {
                "annotations": { "doc": "the app" },
                "commonTypes": {
                  "Context": {
                    "type": "Record",
                    "annotations": { "doc": "request context" },
                    "attributes": {
                      "ip": { "type": "Extension", "name": "ipaddr" },
                      "when": { "type": "datetime" },
                      "within": { "type": "__cedar::duration", "required": false },
                      "score": { "type": "EntityOrCommon", "name": "decimal" }
                    }
                  }
                },
                "entityTypes": {
                  "Group": {
                    "memberOfTypes": ["Root"],
                    "shape": { "type": "Record", "attributes": {
                      "name": { "type": "String" },
                      "addr": { "type": "Address" }
                    } }
                  },
                  "User": {
                    "memberOfTypes": ["Group", "Root"],
                    "annotations": { "doc": "a user", "flag": null },
                    "shape": { "type": "Record", "additionalAttributes": false, "attributes": {
                      "display name": { "type": "String", "annotations": { "doc": "x" } },
                      "age": { "type": "Long", "required": false },
                      "admin": { "type": "Boolean", "required": true },
                      "groups": { "type": "Set", "element": { "type": "Entity", "name": "Group" } },
                      "boss": { "type": "Entity", "name": "App::User", "required": false },
                      "home": { "type": "EntityOrCommon", "name": "Address" },
                      "nested": { "type": "Record", "attributes": {
                        "inner": { "type": "Set", "element": { "type": "Record", "attributes": {
                          "deep": { "type": "Extension", "name": "ipaddr" }
                        } } }
                      } },
                      "act": { "type": "Entity", "name": "Action" }
                    } },
                    "tags": { "type": "Set", "element": { "type": "String" } }
                  },
                  "Color": { "enum": ["red", "green"] },
                  "Doc": { "shape": { "type": "Record", "attributes": {
                    "color": { "type": "EntityOrCommon", "name": "Color" }
                  } } }
                },
                "actions": {
                  "read": {},
                  "write": { "appliesTo": null, "memberOf": null },
                  "edit": {
                    "memberOf": [ { "id": "read" }, { "id": "write", "type": "Action" }, { "id": "read", "type": "App::Action" } ],
                    "appliesTo": {
                      "principalTypes": ["User", "Group"],
                      "resourceTypes": ["Doc"],
                      "context": { "type": "Context" }
                    }
                  },
                  "top": { "memberOf": [ { "id": "global", "type": "Action" } ] },
                  "inline": {
                    "appliesTo": {
                      "principalTypes": ["User"],
                      "resourceTypes": ["Doc"],
                      "context": { "type": "Record", "attributes": { "flag": { "type": "Bool" } } }
                    }
                  }
                }
              }
            }
            """;

    @Test
    void bothFormatsGiveTheSameModel() {
        Schema fromCedar = cedar(CEDAR);
        Schema fromJson = json(JSON);
        assertThat(fromJson.entityTypes()).isEqualTo(fromCedar.entityTypes());
        assertThat(fromJson.actions()).isEqualTo(fromCedar.actions());
        assertThat(fromJson).isEqualTo(fromCedar).hasSameHashCodeAs(fromCedar);
    }

    @Test
    void resolvedModelOfTheJsonSchema() {
        Schema s = json(JSON);
        EntityTypeDef user = entity(s, "App::User");
        assertThat(user.memberOfTypes()).containsExactly("App::Group", "Root");
        assertThat(user.tags()).isEqualTo(new SetType(SchemaType.STRING));
        assertThat(user.shape().attribute("home").type())
                .isEqualTo(record("street", SchemaType.STRING, true, "zip", SchemaType.LONG, false));
        assertThat(user.shape().attribute("boss")).isEqualTo(new Attribute(new EntityRef("App::User"), false));
        assertThat(user.shape().attribute("act").type()).isEqualTo(new EntityRef("App::Action"));
        assertThat(entity(s, "App::Color").enumIds()).containsExactly("red", "green");
        assertThat(CedarSchemaSyntaxTest.action(s, "App::Action", "edit").context()).isEqualTo(record(
                "ip", new Extension("ipaddr"), true, "when", new Extension("datetime"), true,
                "within", new Extension("duration"), false, "score", new Extension("decimal"), true));
    }

    @Test
    void differingSchemasAreNotEqual() {
        assertThat(json(JSON)).isNotEqualTo(cedar(CEDAR.replace("age?: Long", "age: Long")));
        assertThat(json(JSON)).isNotEqualTo(cedar(CEDAR.replace("enum [\"red\", \"green\"]", "enum [\"red\"]")));
    }

    @Test
    void malformedJson() {
        SchemaException e = error("{\n  \"\": { \"entityTypes\": {}, \"actions\": {} ,, }\n}");
        assertThat(e.detail()).startsWith("malformed JSON");
        assertThat(e.line()).isEqualTo(2);
        rejects("[]", "the schema must be a JSON object, found an array");
        rejects("{} {}", "unexpected content after the schema object");
        rejects("{\"\": {\"entityTypes\": {}, \"actions\": {}, \"actions\": {}}}", "duplicate key `actions`");
    }

    @Test
    void namespaceStructure() {
        rejects("{\"\": {\"entityTypes\": {}}}", "missing field `actions`");
        rejects("{\"\": {\"actions\": {}}}", "missing field `entityTypes`");
        rejects("{\"\": {\"entityTypes\": {}, \"actions\": {}, \"types\": {}}}", "unknown field `types`");
        rejects("{\"N :: M\": {\"entityTypes\": {}, \"actions\": {}}}", "invalid namespace name `N :: M`");
        rejects("{\"__cedar\": {\"entityTypes\": {}, \"actions\": {}}}", "`__cedar` is reserved");
        rejects("{\"\": {\"entityTypes\": {}, \"actions\": {}, \"annotations\": {\"a\": \"b\"}}}",
                "annotations are not allowed on the empty namespace");
    }

    @Test
    void entityTypeStructure() {
        rejects("{\"\": {\"entityTypes\": {\"in\": {}}, \"actions\": {}}}", "invalid entity type name `in`");
        rejects("{\"\": {\"entityTypes\": {\"A\": {\"shape\": null}}, \"actions\": {}}}", "must not be null");
        rejects("{\"\": {\"entityTypes\": {\"A\": {\"enum\": [\"a\"], \"shape\": {\"type\": \"Record\", \"attributes\": {}}}},"
                + " \"actions\": {}}}", "unexpected field `shape` in enumerated entity type `A`");
        rejects("{\"\": {\"entityTypes\": {\"A\": {\"enum\": []}}, \"actions\": {}}}", "at least one entity id");
        rejects("{\"\": {\"entityTypes\": {\"A\": {\"memberOf\": []}}, \"actions\": {}}}", "unknown field `memberOf`");
        rejects("{\"\": {\"entityTypes\": {\"A\": {\"shape\": {\"type\": \"Long\"}}}, \"actions\": {}}}",
                "the shape of entity type `A` must be a record type, but is `Long`");
    }

    @Test
    void actionStructure() {
        rejects("{\"\": {\"entityTypes\": {}, \"actions\": {\"a\": {\"attributes\": {}}}}}",
                "action attributes are not supported");
        rejects("{\"\": {\"entityTypes\": {}, \"actions\": {\"a\": {\"appliesTo\": {\"principalTypes\": []}}}}}",
                "missing field `resourceTypes`");
        rejects("{\"\": {\"entityTypes\": {}, \"actions\": {\"a\": {\"memberOf\": [{\"type\": \"Action\"}]}}}}",
                "missing field `id`");
        rejects("{\"\": {\"entityTypes\": {}, \"actions\": {\"a\": {\"memberOf\": [{\"id\": \"b\"}]}}}}",
                "undefined action Action::\"b\"");
        Schema s = json("{\"\": {\"entityTypes\": {}, \"actions\": {\"a\": {\"appliesTo\": "
                + "{\"principalTypes\": [], \"resourceTypes\": []}}}}}");
        assertThat(s.actions().values().iterator().next().principalTypes()).isEmpty();
    }

    private static String attr(String typeJson) {
        return "{\"\": {\"entityTypes\": {\"U\": {}, \"A\": {\"shape\": {\"type\": \"Record\", \"attributes\": {\"x\": "
                + typeJson + "}}}}, \"actions\": {}, \"commonTypes\": {\"C\": {\"type\": \"Long\"}}}}";
    }

    @Test
    void typeObjects() {
        rejects(attr("{\"type\": \"Set\"}"), "missing field `element` in a `Set` type");
        rejects(attr("{\"type\": \"Record\"}"), "missing field `attributes`");
        rejects(attr("{\"type\": \"Entity\"}"), "missing field `name`");
        rejects(attr("{\"type\": \"Long\", \"element\": {\"type\": \"Long\"}}"), "unexpected field `element`");
        rejects(attr("{\"type\": \"Long\", \"size\": 3}"), "unknown field `size`");
        rejects(attr("{\"required\": true}"), "missing field `type`");
        rejects(attr("{\"type\": \"Long\", \"required\": \"yes\"}"), "`required` must be a boolean");
        rejects(attr("{\"type\": \"Record\", \"attributes\": {}, \"additionalAttributes\": true}"),
                "`additionalAttributes: true` are not supported");
        rejects(attr("{\"type\": \"Extension\", \"name\": \"money\"}"), "unknown extension type `money`");
        rejects(attr("{\"type\": \"U\"}"), "`U` has not been declared as a common type");
        rejects(attr("{\"type\": \"Entity\", \"name\": \"C\"}"), "`C` has not been declared as an entity type");
        rejects(attr("{\"type\": \"Entity\", \"name\": \"N :: U\"}"), "invalid type name `N :: U`");
        rejects(attr("{\"type\": \"Set\", \"element\": {\"type\": \"Long\", \"required\": false}}"),
                "unknown field `required`");
        Schema s = json(attr("{\"type\": \"Set\", \"element\": {\"type\": \"EntityOrCommon\", \"name\": \"C\"}}"));
        assertThat(entity(s, "A").shape()).isEqualTo(record("x", new SetType(SchemaType.LONG), true));
        s = json(attr("{\"type\": \"EntityOrCommon\", \"name\": \"U\"}"));
        assertThat(entity(s, "A").shape()).isEqualTo(record("x", new EntityRef("U"), true));
    }

    @Test
    void reservedCommonTypeNames() {
        rejects("{\"\": {\"entityTypes\": {}, \"actions\": {}, \"commonTypes\": {\"Record\": {\"type\": \"Long\"}}}}",
                "`Record` is reserved");
    }

    @Test
    void deepNestingIsACleanError() {
        String deep = "{\"type\": \"Set\", \"element\": ".repeat(400) + "{\"type\": \"Long\"}" + "}".repeat(400);
        SchemaException e = error(attr(deep));
        assertThat(e.detail()).containsAnyOf("nested more than 256 levels deep", "malformed JSON");
        String veryDeep = "[".repeat(100_000) + "]".repeat(100_000);
        assertThat(error(veryDeep).detail()).containsAnyOf("nested", "depth");
    }
}
