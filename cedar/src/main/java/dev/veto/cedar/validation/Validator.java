package dev.veto.cedar.validation;

import dev.veto.cedar.ast.EntityRef;
import dev.veto.cedar.ast.Policy;
import dev.veto.cedar.ast.Request;
import dev.veto.cedar.ast.ScopeConstraint;
import dev.veto.cedar.authz.PolicySet;
import dev.veto.cedar.schema.Schema;
import dev.veto.cedar.value.EntityUid;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Cedar's strict validator for one schema: it refuses a policy that could fail at run time (a
 * misspelled or unguarded optional attribute, operands of the wrong type, an entity type or
 * action the schema does not declare) or whose scope admits no request the schema allows, each
 * with the policy id, the place and a message as the reference words it. It also checks requests
 * against the schema.
 *
 * <p>What the schema implies (hierarchies, request environments, attribute types) is computed
 * once here; a {@code Validator} is immutable and safe to share, and each call only reads it.
 * Whether a policy set passes is the reference's answer: the typing rules are the Lean model's
 * ({@code cedar-spec}, {@code Cedar/Validation/Typechecker.lean}), the per-policy name and scope
 * checks the Rust validator's.
 */
public final class Validator {
    private final SchemaTables tables;

    private Validator(Schema schema) {
        this.tables = new SchemaTables(Objects.requireNonNull(schema, "schema"));
    }

    /** A validator for {@code schema}. */
    public static Validator forSchema(Schema schema) {
        return new Validator(schema);
    }

    /** Validates {@code policies} against {@code schema} once; prefer {@link #forSchema} to validate repeatedly. */
    public static ValidationResult validate(Schema schema, PolicySet policies) {
        return forSchema(schema).validate(policies);
    }

    public Schema schema() {
        return tables.schema;
    }

    /**
     * Validates every static policy and template of the set (templates for every slot value
     * their scope admits), and of each template link what linking adds: the slot values' types
     * exist and the linked scope admits some request.
     */
    public ValidationResult validate(PolicySet policies) {
        PolicyChecker checker = new PolicyChecker(tables);
        Collector c = new Collector();
        for (PolicySet.Entry e : policies.policies()) {
            Issues issues = new Issues(e.id());
            if (e.isLink()) {
                checker.checkLink(e.policy(), slotValues(policies.templates().get(e.templateId()), e.policy()), issues);
            } else {
                checker.check(e.policy(), issues);
            }
            c.add(issues);
        }
        for (Map.Entry<String, Policy> t : policies.templates().entrySet()) {
            Issues issues = new Issues(t.getKey());
            checker.check(t.getValue(), issues);
            c.add(issues);
        }
        return c.result();
    }

    /** Validates policies and templates by id, in the map's order. */
    public ValidationResult validate(Map<String, Policy> policies) {
        PolicyChecker checker = new PolicyChecker(tables);
        Collector c = new Collector();
        for (Map.Entry<String, Policy> p : policies.entrySet()) {
            Issues issues = new Issues(p.getKey());
            checker.check(p.getValue(), issues);
            c.add(issues);
        }
        return c.result();
    }

    /**
     * Why {@code request} does not fit the schema; empty when it does. The principal and resource
     * must be of declared types the action applies to (an enumerated type's entity one of its
     * ids), the action declared, the context of the action's context type.
     */
    public List<RequestError> validateRequest(Request request) {
        return RequestValidation.validate(tables, request);
    }

    private static List<EntityUid> slotValues(Policy template, Policy linked) {
        List<EntityUid> out = new ArrayList<>(2);
        slotValue(template.principal(), linked.principal(), out);
        slotValue(template.resource(), linked.resource(), out);
        return out;
    }

    private static void slotValue(ScopeConstraint template, ScopeConstraint linked, List<EntityUid> out) {
        EntityRef slot = ref(template);
        if (slot instanceof EntityRef.SlotRef && ref(linked) instanceof EntityRef.Entity e) {
            out.add(e.uid());
        }
    }

    private static EntityRef ref(ScopeConstraint c) {
        return switch (c) {
            case ScopeConstraint.Any a -> null;
            case ScopeConstraint.Is i -> null;
            case ScopeConstraint.Eq e -> e.ref();
            case ScopeConstraint.In i -> i.ref();
            case ScopeConstraint.IsIn i -> i.ref();
        };
    }

    private static final class Collector {
        private final List<ValidationIssue> errors = new ArrayList<>();
        private final List<ValidationIssue> warnings = new ArrayList<>();

        void add(Issues issues) {
            for (ValidationIssue i : issues.sorted()) {
                (i.kind().isError() ? errors : warnings).add(i);
            }
        }

        ValidationResult result() {
            return new ValidationResult(errors, warnings);
        }
    }
}
