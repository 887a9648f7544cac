package dev.veto.cedar.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.veto.cedar.entity.Entity;
import dev.veto.cedar.schema.Schema;
import dev.veto.cedar.value.Decimal;
import dev.veto.cedar.value.EntityUid;
import dev.veto.cedar.value.IpAddr;
import dev.veto.cedar.value.RecordValue;
import java.util.List;
import org.junit.jupiter.api.Test;

class CedarJsonTest {
    private static final Schema SCHEMA = Schema.parseCedar("""
            entity Team;
            entity User in [Team] = { "home": ipaddr, "score"?: decimal, "manager"?: User };
            action view appliesTo { principal: [User], resource: [User], context: { "ip": ipaddr } };
            """, "s.cedarschema");

    @Test
    void schemaBasedParsingTurnsStringsAndObjectsIntoTheirDeclaredTypes() {
        List<Entity> es = CedarJson.parseEntities("""
                [{"uid": {"type": "User", "id": "a"}, "parents": [{"type": "Team", "id": "t"}],
                  "attrs": {"home": "10.0.0.1", "score": "1.5", "manager": {"type": "User", "id": "b"}}}]
                """, "e.json", SCHEMA);
        Entity a = es.stream().filter(e -> e.uid().equals(EntityUid.of("User", "a"))).findFirst().orElseThrow();
        assertThat(a.attributes().get("home")).isEqualTo(IpAddr.parse("10.0.0.1"));
        assertThat(a.attributes().get("score")).isEqualTo(Decimal.parse("1.5"));
        assertThat(a.attributes().get("manager")).isEqualTo(EntityUid.of("User", "b"));
        // the schema's action hierarchy comes along
        assertThat(es).extracting(Entity::uid).contains(EntityUid.of("Action", "view"));
    }

    @Test
    void withoutASchemaJsonTypesMapDirectlyAndEscapesWork() {
        List<Entity> es = CedarJson.parseEntities("""
                [{"uid": {"__entity": {"type": "User", "id": "a"}}, "parents": [],
                  "attrs": {"o": {"type": "User", "id": "b"}, "ip": {"__extn": {"fn": "ip", "arg": "10.0.0.0/8"}},
                            "later": {"__extn": {"fn": "offset", "args": [{"__extn": {"fn": "datetime", "arg": "2026-01-01"}},
                                                                      {"__extn": {"fn": "duration", "arg": "1d"}}]}}}}]
                """, "e.json", null);
        Entity a = es.get(0);
        assertThat(a.attributes().get("o")).isInstanceOf(RecordValue.class);
        assertThat(a.attributes().get("ip")).isEqualTo(IpAddr.parse("10.0.0.0/8"));
        assertThat(a.attributes().get("later").toString()).contains("2026-01-02");
    }

    @Test
    void errorsNameTheFileAndThePathAndLoseNothingSilently() {
        assertThatThrownBy(() -> CedarJson.parseEntities("[{\"uid\": {\"type\": \"User\", \"id\": \"a\"}, \"attrs\": {\"home\": 5}}]",
                "e.json", SCHEMA)).isInstanceOf(JsonFormatException.class).hasMessageContaining("e.json: [0].attrs.home");
        assertThatThrownBy(() -> CedarJson.parseEntities("[{\"uid\": {\"type\": \"User\", \"id\": \"a\"}, \"attrs\": {}}]",
                "e.json", SCHEMA)).hasMessageContaining("lacks the required attribute `home`");
        assertThatThrownBy(() -> CedarJson.parseEntities("[{\"uid\": {\"type\": \"Nope\", \"id\": \"a\"}}]", "e.json", SCHEMA))
                .hasMessageContaining("entity type `Nope` is not declared in the schema");
        assertThatThrownBy(() -> CedarJson.parseEntities("[{\"uid\": {\"type\": \"U\", \"id\": \"a\"}, \"attrs\": {\"x\": 1, \"x\": 2}}]",
                "e.json", null)).hasMessageContaining("e.json:1:").hasMessageContaining("invalid JSON");
        assertThatThrownBy(() -> CedarJson.parseEntities("[{\"uid\": {\"type\": \"U\", \"id\": \"a\"}}, {\"uid\": {\"type\": \"U\", \"id\": \"a\"}}]",
                "e.json", null)).hasMessageContaining("appears more than once");
        assertThatThrownBy(() -> CedarJson.parseEntities("[{\"uid\": {\"type\": \"U\", \"id\": \"a\"}, \"attrs\": {\"n\": 1.5}}]",
                "e.json", null)).hasMessageContaining("no fractional numbers");
        assertThatThrownBy(() -> CedarJson.parseEntities("[{\"uid\": {\"type\": \"U\", \"id\": \"a\"}, \"atrs\": {}}]",
                "e.json", null)).hasMessageContaining("[0].atrs: unexpected field");
    }
}
