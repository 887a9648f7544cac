package dev.veto.cedar.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.veto.cedar.ast.SourcePosition;
import dev.veto.cedar.schema.SchemaType.RecordType;
import dev.veto.cedar.value.EntityUid;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The printer writes what the parsers read back as the same schema (every schema of the
 * conformance suite, in both formats); schemas built in code are checked as parsed ones are;
 * a fragment is read against another schema's declarations, keeping where it declared what.
 */
class SchemaPrinterTest {

    private static List<Path> conformanceSchemas() throws IOException {
        try (Stream<Path> s = Files.walk(ConformanceSchemaTest.conformanceDir().resolve("cedar"))) {
            return s.filter(p -> p.getFileName().toString().endsWith(".cedarschema")).sorted().toList();
        }
    }

    @Test
    void everyConformanceSchemaPrintsBackToItselfInBothFormats() throws IOException {
        List<Path> files = conformanceSchemas();
        assertThat(files).hasSizeGreaterThan(100);
        List<String> failures = new ArrayList<>();
        for (Path p : files) {
            Schema s = Schema.parseCedar(Files.readString(p, StandardCharsets.UTF_8), p.toString());
            String cedar = SchemaPrinter.cedar(s);
            String json = SchemaPrinter.json(s).toString();
            try {
                if (!Schema.parseCedar(cedar, "printed").equals(s)) {
                    failures.add(p + ": the Cedar text reads back differently:\n" + cedar);
                }
                if (!Schema.parseJson(json, "printed").equals(s)) {
                    failures.add(p + ": the JSON reads back differently:\n" + json);
                }
            } catch (SchemaException e) {
                failures.add(p + ": " + e.getMessage() + "\n" + cedar + "\n" + json);
            }
        }
        assertThat(failures).isEmpty();
    }

    private static final String NAMESPACED = """
            type Ctx = { ip: ipaddr, "odd name"?: Set<String> };
            entity Org;
            entity Account in [Org] { region: String, owner?: Storage::Bucket } tags Long;
            entity Color enum ["red", "blue"];
            action "access:read";
            action "read", "list" in ["access:read"] appliesTo { principal: [Account], resource: [Storage::Bucket], context: Ctx };
            namespace Storage {
              entity Bucket in [Account] { color: Color, created: datetime };
              action "get" in [Action::"access:read", "group"] appliesTo { principal: Account, resource: Bucket, context: { now: datetime } };
              action "group";
            }
            """;

    @Test
    void namesContextsAndKeepsNamespacesAndQuoting() {
        Schema s = Schema.parseCedar(NAMESPACED, "test");
        RecordType ctx = s.actions().get(EntityUid.of("Action", "read")).context();
        String cedar = SchemaPrinter.cedar(s, Map.of("Ctx", ctx));
        assertThat(cedar).contains("type Ctx = {").contains("context: Ctx").contains("action \"read\", \"list\" in [\"access:read\"]")
                .contains("namespace Storage {").contains("\"odd name\"?: Set<String>").contains("entity Color enum [\"red\", \"blue\"];")
                .contains("tags Long");
        assertThat(Schema.parseCedar(cedar, "printed")).isEqualTo(s);
        assertThat(Schema.parseJson(SchemaPrinter.json(s, Map.of("Ctx", ctx)).toString(), "printed")).isEqualTo(s);
        assertThat(SchemaPrinter.json(s, Map.of("Ctx", ctx)).get("").get("commonTypes").has("Ctx")).isTrue();
    }

    @Test
    void aDeclarationNamedLikeABuiltinIsNotCaptured() {
        Schema s = Schema.parseCedar("entity String; entity User { name: __cedar::String, friend: String };", "test");
        String cedar = SchemaPrinter.cedar(s);
        assertThat(cedar).contains("__cedar::String");
        assertThat(Schema.parseCedar(cedar, "printed")).isEqualTo(s);
    }

    @Test
    void schemaOfChecksWhatAParsedSchemaWouldHave() {
        EntityTypeDef org = new EntityTypeDef("Org", Set.of(), RecordType.EMPTY, null, null);
        EntityTypeDef unit = new EntityTypeDef("Unit", Set.of("Org"), RecordType.EMPTY, null, null);
        ActionDef group = new ActionDef(EntityUid.of("Action", "g"), Set.of(), Set.of(), Set.of(), RecordType.EMPTY);
        ActionDef read = new ActionDef(EntityUid.of("Action", "read"), Set.of(group.uid()), Set.of("Unit"), Set.of("Org"), RecordType.EMPTY);
        Schema s = Schema.of(List.of(org, unit), List.of(group, read));
        assertThat(Schema.parseCedar(SchemaPrinter.cedar(s), "printed")).isEqualTo(s);

        assertThatThrownBy(() -> Schema.of(List.of(unit), List.of())).hasMessageContaining("`Org`, a parent type of `Unit`");
        assertThatThrownBy(() -> Schema.of(List.of(org, org), List.of())).hasMessageContaining("declared twice");
        assertThatThrownBy(() -> Schema.of(List.of(org), List.of(read))).hasMessageContaining("`Unit`, a principal type of");
        ActionDef loop = new ActionDef(EntityUid.of("Action", "g"), Set.of(read.uid()), Set.of(), Set.of(), RecordType.EMPTY);
        assertThatThrownBy(() -> Schema.of(List.of(org, unit), List.of(loop, read))).hasMessageContaining("member of itself");
        EntityTypeDef dangling = new EntityTypeDef("User", Set.of(), new RecordType(Map.of("boss", new Attribute(new SchemaType.EntityRef("Boss"), true))), null, null);
        assertThatThrownBy(() -> Schema.of(List.of(dangling), List.of())).hasMessageContaining("`Boss` in entity type `User`");
    }

    @Test
    void aFragmentNamesTheOtherSchemasTypesAndKeepsWhereItDeclaredWhat() {
        Schema base = Schema.parseCedar("entity Org; entity Account in [Org]; action \"g\"; action \"read\" in [\"g\"] appliesTo { principal: Account, resource: Org };", "base");
        SchemaFragment f = SchemaFragment.parseCedar("""
                type Context = { region: String };
                entity Account { org: Org, tier?: String };
                entity User in [Account];
                action "write" in ["g"];
                """, "fragment", base);
        assertThat(f.entityTypes().keySet()).containsExactly("Account", "User");
        assertThat(f.entityTypes().get("User").position()).isEqualTo(new SourcePosition(3, 8));
        assertThat(f.entityTypes().get("User").definition().memberOfTypes()).containsExactly("Account");
        assertThat(f.entityTypes().get("Account").definition().shape().attribute("org").type()).isEqualTo(new SchemaType.EntityRef("Org"));
        assertThat(f.actions().get(EntityUid.of("Action", "write")).definition().memberOf()).containsExactly(EntityUid.of("Action", "g"));
        assertThat(f.actions().get(EntityUid.of("Action", "write")).position()).isEqualTo(new SourcePosition(4, 8));
        assertThat(f.commonTypes().get("Context").definition()).isEqualTo(new RecordType(Map.of("region", new Attribute(SchemaType.STRING, true))));

        assertThatThrownBy(() -> SchemaFragment.parseCedar("entity User in [Acount];", "fragment", base))
                .isInstanceOf(SchemaException.class).hasMessageStartingWith("fragment:1:17: undefined type name `Acount`");
        SchemaFragment json = SchemaFragment.parseJson("{\"\": {\"entityTypes\": {\"User\": {\"memberOfTypes\": [\"Account\"]}}, \"actions\": {}}}", "fragment", base);
        assertThat(json.entityTypes().get("User").definition().memberOfTypes()).containsExactly("Account");
    }
}
