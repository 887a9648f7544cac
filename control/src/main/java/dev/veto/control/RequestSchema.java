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
import java.util.List;
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
 * worked out here, once per schema: each action's rule is one map look-up away, actions that
 * agree on types and context (every catalog operation does) share one rule, and the context
 * type is compiled into arrays and one small check object per attribute ({@link Fits}), so a
 * request that fits is a few look-ups and class compares, allocates nothing and never switches
 * over schema types. Only a refusal walks the schema type again ({@link #record}) to say what
 * is wrong. Immutable.
 */
final class RequestSchema {
    /** What requests for one action must be; {@code fits} is {@code context} compiled. */
    private record Rule(Types principals, Types resources, RecordType context, RecordFits fits, String principalList,
            String resourceList) {}

    /**
     * A set of entity type names. Why the array: an {@link EntityUid}'s type is interned, so a
     * scan comparing references answers a request's type in a few compares, where a hash set
     * would hash and compare the characters; the set answers what the scan misses, and alone
     * when there are more types than a scan is worth.
     */
    private record Types(String[] interned, Set<String> all) {
        private static final int SCAN = 16;

        Types(Set<String> types) {
            this(types.size() > SCAN ? new String[0] : types.stream().map(String::intern).toArray(String[]::new), Set.copyOf(types));
        }

        boolean contains(String type) {
            for (String t : interned) {
                if (t == type) {
                    return true;
                }
            }
            return all.contains(type);
        }
    }

    /** Whether a value is of one schema type: compiled once per schema, asked per request. */
    private interface Fits {
        boolean fits(Value v);
    }

    /** Booleans, numbers, strings and extension values: their class says it (each is final). */
    private record OfClass(Class<? extends Value> type) implements Fits {
        @Override
        public boolean fits(Value v) {
            return v.getClass() == type;
        }
    }

    private record OfEntityType(String type) implements Fits {
        @Override
        public boolean fits(Value v) {
            return v instanceof EntityUid u && u.type().equals(type);
        }
    }

    private record OfSet(Fits element) implements Fits {
        @Override
        public boolean fits(Value v) {
            if (!(v instanceof SetValue s)) {
                return false;
            }
            for (Value e : s.elements()) {
                if (!element.fits(e)) {
                    return false;
                }
            }
            return true;
        }
    }

    /** A record type: its attributes' names, whether each is required, and each one's check, in arrays. */
    private static final class RecordFits implements Fits {
        private final String[] names;
        private final boolean[] required;
        private final Fits[] checks;

        RecordFits(RecordType type) {
            int n = type.attributes().size();
            names = new String[n];
            required = new boolean[n];
            checks = new Fits[n];
            int i = 0;
            for (Map.Entry<String, Attribute> a : type.attributes().entrySet()) {
                names[i] = a.getKey();
                required[i] = a.getValue().required();
                checks[i] = compile(a.getValue().type());
                i++;
            }
        }

        @Override
        public boolean fits(Value v) {
            return v instanceof RecordValue r && fits(r);
        }

        /** Every required attribute there, each there of its type, none undeclared. */
        boolean fits(RecordValue r) {
            Map<String, Value> given = r.attributes();
            int matched = 0;
            for (int i = 0; i < names.length; i++) {
                Value x = given.get(names[i]);
                if (x == null) {
                    if (required[i]) {
                        return false;
                    }
                } else if (!checks[i].fits(x)) {
                    return false;
                } else {
                    matched++;
                }
            }
            return matched == given.size();
        }
    }

    private static Fits compile(SchemaType type) {
        return switch (type) {
            case SchemaType.Bool t -> new OfClass(BoolValue.class);
            case SchemaType.Long t -> new OfClass(LongValue.class);
            case SchemaType.StringType t -> new OfClass(StringValue.class);
            case SchemaType.EntityRef t -> new OfEntityType(t.typeName());
            case SchemaType.Extension t -> new OfClass(switch (t.name()) {
                case "ipaddr" -> IpAddr.class;
                case "decimal" -> Decimal.class;
                case "datetime" -> Datetime.class;
                case "duration" -> Duration.class;
                default -> throw new IllegalArgumentException("unknown extension type `" + t.name() + "`");
            });
            case SchemaType.SetType t -> new OfSet(compile(t.element()));
            case RecordType t -> new RecordFits(t);
        };
    }

    private final Map<EntityUid, Rule> rules = new HashMap<>();

    RequestSchema(Schema schema, RecordType sentContext) {
        // one rule, its context compiled once, for all the actions that agree on types and context
        Map<List<Object>, Rule> shared = new HashMap<>();
        for (ActionDef a : schema.actions().values()) {
            if (a.principalTypes().isEmpty() || a.resourceTypes().isEmpty()) {
                continue; // an action group: no request names it
            }
            RecordType context = a.context().equals(sentContext) ? sentContext : withoutNow(a.context());
            rules.put(a.uid(), shared.computeIfAbsent(List.of(a.principalTypes(), a.resourceTypes(), context),
                    k -> new Rule(new Types(a.principalTypes()), new Types(a.resourceTypes()), context, new RecordFits(context),
                            String.join(", ", new TreeSet<>(a.principalTypes())), String.join(", ", new TreeSet<>(a.resourceTypes())))));
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
        if (!rule.fits().fits(r.context())) {
            throw new Decisions.Refused("context", record(r.context(), rule.context(), "context") + " (the platform schema's `Context`, GET /v1/schema)");
        }
    }

    /** Why {@code v} is not a record of type {@code type}, or null when it is; {@code path} names it. Only refusals ask. */
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
