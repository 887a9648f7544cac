package dev.veto.control;

import dev.veto.cedar.schema.ActionDef;
import dev.veto.cedar.schema.Attribute;
import dev.veto.cedar.schema.Schema;
import dev.veto.cedar.schema.SchemaType;
import dev.veto.cedar.schema.SchemaType.RecordType;
import dev.veto.cedar.value.BoolValue;
import dev.veto.cedar.value.Datetime;
import dev.veto.cedar.value.Decimal;
import dev.veto.cedar.value.Duration;
import dev.veto.cedar.value.EntityUid;
import dev.veto.cedar.value.IpAddr;
import dev.veto.cedar.value.LongValue;
import dev.veto.cedar.value.RecordValue;
import dev.veto.cedar.value.SetValue;
import dev.veto.cedar.value.StringValue;
import dev.veto.cedar.value.Value;
import dev.veto.engine.EngineRequest;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Whether a decision request fits the platform schema, checked on the decision path: its action
 * is declared and applies to the principal's and the resource's types, and its context is the
 * declared context (without {@code now}, which the engine adds).
 *
 * <p>Why shaped this way: it runs on every request while requests are checked, at decision rates
 * (a decision costs a microsecond or two), so everything that depends only on the schema is
 * worked out here, once per schema: each action's rule is one map look-up away, and actions
 * that agree on types and context (every catalog operation does) share one rule. A request that
 * fits allocates nothing; only a refusal builds its message. Immutable.
 */
final class RequestSchema {
    /** What requests for one action must be. */
    private record Rule(Set<String> principals, Set<String> resources, RecordType context, String principalList, String resourceList) {}

    private final Map<EntityUid, Rule> rules = new HashMap<>();

    RequestSchema(Schema schema, RecordType sentContext) {
        Map<Rule, Rule> shared = new HashMap<>();
        for (ActionDef a : schema.actions().values()) {
            if (a.principalTypes().isEmpty() || a.resourceTypes().isEmpty()) {
                continue; // an action group: no request names it
            }
            Rule r = new Rule(Set.copyOf(a.principalTypes()), Set.copyOf(a.resourceTypes()),
                    a.context().equals(sentContext) ? sentContext : withoutNow(a.context()),
                    String.join(", ", new TreeSet<>(a.principalTypes())), String.join(", ", new TreeSet<>(a.resourceTypes())));
            rules.put(a.uid(), shared.computeIfAbsent(r, x -> x));
        }
    }

    private static RecordType withoutNow(RecordType context) {
        Map<String, Attribute> m = new HashMap<>(context.attributes());
        m.remove(PlatformSchema.NOW);
        return new RecordType(m);
    }

    /**
     * Refuses {@code r} when it does not fit the schema.
     *
     * @throws Decisions.Refused naming the field at fault: {@code action}, {@code principal}, {@code resource} or {@code context}
     */
    void check(EngineRequest r) {
        Rule rule = rules.get(r.action());
        if (rule == null) {
            throw new Decisions.Refused("action", "action " + r.action() + " applies to no request in the platform schema (it is an "
                    + "action group, or not declared); see GET /v1/schema");
        }
        if (!rule.principals().contains(r.principal().type())) {
            throw new Decisions.Refused("principal", "principal " + r.principal() + " is of type `" + r.principal().type()
                    + "`, which the platform schema does not declare for " + r.action() + " (declare it with PUT /v1/schema); declared: "
                    + rule.principalList());
        }
        if (!rule.resources().contains(r.resource().type())) {
            throw new Decisions.Refused("resource", "resource " + r.resource() + " is of type `" + r.resource().type()
                    + "`, which the platform schema does not declare for " + r.action() + " (declare it with PUT /v1/schema); declared: "
                    + rule.resourceList());
        }
        String wrong = record(r.context(), rule.context(), "context");
        if (wrong != null) {
            throw new Decisions.Refused("context", wrong + " (the platform schema's `Context`, GET /v1/schema)");
        }
    }

    /** Why {@code v} is not a record of type {@code type}, or null when it is; {@code path} names it. */
    private static String record(RecordValue v, RecordType type, String path) {
        Map<String, Value> given = v.attributes();
        int matched = 0;
        for (Map.Entry<String, Attribute> a : type.attributes().entrySet()) {
            Value x = given.get(a.getKey());
            if (x == null) {
                if (a.getValue().required()) {
                    return path + "." + a.getKey() + " is missing: it is declared, of type " + a.getValue().type();
                }
                continue;
            }
            matched++;
            String wrong = value(x, a.getValue().type(), path + "." + a.getKey());
            if (wrong != null) {
                return wrong;
            }
        }
        if (matched < given.size()) {
            for (String k : given.keySet()) {
                if (type.attribute(k) == null) {
                    return path + "." + k + " is not declared; declared: " + (type.attributes().isEmpty() ? "nothing" : String.join(", ", type.attributes().keySet()));
                }
            }
        }
        return null;
    }

    /** Why {@code v} is not a value of type {@code type}, or null when it is. */
    private static String value(Value v, SchemaType type, String path) {
        boolean fits = switch (type) {
            case SchemaType.Bool t -> v instanceof BoolValue;
            case SchemaType.Long t -> v instanceof LongValue;
            case SchemaType.StringType t -> v instanceof StringValue;
            case SchemaType.EntityRef t -> v instanceof EntityUid u && u.type().equals(t.typeName());
            case SchemaType.Extension t -> switch (t.name()) {
                case "ipaddr" -> v instanceof IpAddr;
                case "decimal" -> v instanceof Decimal;
                case "datetime" -> v instanceof Datetime;
                case "duration" -> v instanceof Duration;
                default -> false;
            };
            case SchemaType.SetType t -> v instanceof SetValue;
            case RecordType t -> v instanceof RecordValue;
        };
        if (!fits) {
            return path + " is " + v.typeName() + ", but is declared of type " + type;
        }
        if (type instanceof SchemaType.SetType t) {
            for (Value e : ((SetValue) v).elements()) {
                String wrong = value(e, t.element(), path + "[…]");
                if (wrong != null) {
                    return wrong;
                }
            }
        } else if (type instanceof RecordType t) {
            return record((RecordValue) v, t, path);
        }
        return null;
    }
}
