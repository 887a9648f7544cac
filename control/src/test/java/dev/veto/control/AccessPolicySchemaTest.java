package dev.veto.control;

import static org.assertj.core.api.Assertions.assertThat;

import dev.veto.cedar.ast.Request;
import dev.veto.cedar.authz.PolicySet;
import dev.veto.cedar.schema.Schema;
import dev.veto.cedar.validation.ValidationResult;
import dev.veto.cedar.validation.Validator;
import dev.veto.cedar.value.EntityUid;
import dev.veto.cedar.value.RecordValue;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The shipped access policy ({@code access.cedar}) validates strictly against its schema
 * ({@code access.cedarschema}, beside it): no rule reads an attribute a resource may lack without
 * asking, names an action that is not a permission, or can never apply; and the schema declares
 * exactly the permissions, with every request Veto asks the policy about fitting it.
 */
class AccessPolicySchemaTest {

    private static String resource(String name) throws IOException {
        try (InputStream in = Access.class.getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void theAccessPolicyValidatesStrictlyAgainstItsSchema() throws IOException {
        Schema schema = Schema.parseCedar(resource("access.cedarschema"), "access.cedarschema");
        ValidationResult r = Validator.validate(schema, PolicySet.parseWithIds(Access.policyText(), Access.POLICY_RESOURCE));
        assertThat(r.errors()).isEmpty();
        assertThat(r.warnings()).isEmpty();
    }

    @Test
    void theSchemaDeclaresThePermissionsAndEveryRequestVetoMakesFitsIt() throws IOException {
        Schema schema = Schema.parseCedar(resource("access.cedarschema"), "access.cedarschema");
        assertThat(schema.actions().keySet().stream().map(EntityUid::id).collect(Collectors.toSet()))
                .isEqualTo(Arrays.stream(Permission.values()).map(Permission::wireName).collect(Collectors.toSet()));
        Validator v = Validator.forSchema(schema);
        for (Permission p : Permission.values()) {
            for (String target : new String[] {"Platform", "Case", "Proposal", "Appeal", "RosterChange"}) {
                EntityUid resource = target.equals("Platform") ? Access.PLATFORM : EntityUid.of(target, "x");
                Request request = new Request(EntityUid.of("Caller", "rita"), p.action(), resource, RecordValue.EMPTY);
                assertThat(v.validateRequest(request)).as("%s on %s", p, target).isEmpty();
            }
        }
    }
}
