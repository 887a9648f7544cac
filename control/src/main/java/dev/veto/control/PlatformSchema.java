package dev.veto.control;

import dev.veto.cedar.ast.Effect;
import dev.veto.cedar.ast.Policy;
import dev.veto.cedar.ast.SourcePosition;
import dev.veto.cedar.entity.Entity;
import dev.veto.cedar.parser.PolicyParser;
import dev.veto.cedar.schema.ActionDef;
import dev.veto.cedar.schema.Attribute;
import dev.veto.cedar.schema.EntityTypeDef;
import dev.veto.cedar.schema.Schema;
import dev.veto.cedar.schema.SchemaException;
import dev.veto.cedar.schema.SchemaFragment;
import dev.veto.cedar.schema.SchemaPrinter;
import dev.veto.cedar.schema.SchemaType;
import dev.veto.cedar.schema.SchemaType.RecordType;
import dev.veto.cedar.validation.ValidationIssue;
import dev.veto.cedar.validation.ValidationResult;
import dev.veto.cedar.validation.Validator;
import dev.veto.cedar.value.EntityUid;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import tools.jackson.databind.JsonNode;

/**
 * The platform schema: the Cedar schema platform policies, the enforcement compiler's policies
 * and (once an administrator asks for it) decision requests are validated against. Veto derives
 * most of it from what it stores, and an administrator extends it ({@code PUT /v1/schema}):
 *
 * <ul>
 *   <li>Entity types: every type Veto has stored, and every type of a stored entity's parents,
 *       each a member of the parent types its entities were stored with (as observed: Unit in
 *       Org and Unit, Account in Unit, …; the set only grows, as the decision path's known types
 *       do). Declared without attributes: Veto does not guess them from data.
 *   <li>Actions: the service catalog's. Each operation {@code Action::"<service>:<op>"} is in its
 *       group {@code Action::"service:<service>"} and its access group
 *       {@code Action::"access:read|write|export|admin"}; the groups are declared and apply to
 *       nothing themselves.
 *   <li>Every operation applies to every entity type of the schema as principal and as resource.
 *       Veto does not know which types are principals (a user, a workload, an account acting as
 *       itself) or resources, and a guess too narrow would refuse a correct policy or request;
 *       the cost is that a condition reading an attribute must hold for every type
 *       ({@code principal has department && …}, or {@code principal is User}).
 *   <li>Context: {@code now: datetime}, set by the engine from its clock, plus the attributes of
 *       the extension's common type {@code Context}.
 *   <li>The extension (a Cedar-format or JSON schema fragment) adds attributes and tags to entity
 *       types, declares further types (ones a PEP sends inline, never stored) and the context;
 *       its parents add to the observed ones. It may not declare actions or enumerated types,
 *       nor a type that differs from a stored one only in letter case.
 * </ul>
 *
 * <p>Immutable; built again only when what it is derived from changes (a new type or parent
 * type stored, a service put, an extension put), and its validator and printed forms only when
 * first asked for.
 */
public final class PlatformSchema {
    /** The context attribute the engine sets from its own clock. */
    static final String NOW = "now";
    private static final Attribute NOW_ATTRIBUTE = new Attribute(new SchemaType.Extension("datetime"), true);
    private static final RecordType BASE_CONTEXT = new RecordType(Map.of(NOW, NOW_ATTRIBUTE));
    /** The extension's common type that declares the request context. */
    static final String CONTEXT = "Context";
    /** What the extension's text is called in messages ({@code schema:3:8: …}). */
    static final String SOURCE = "schema";
    static final String FORMAT_CEDAR = "cedar";
    static final String FORMAT_JSON = "json";
    /** The most issues a refusal lists; its message counts them all. */
    static final int MAX_ISSUES = 100;

    /**
     * The entity types stored so far, each with the types of the parents its entities were
     * stored with. Mutable: the {@link State} feeds it every stored entity, in log order.
     */
    static final class Observed {
        private final Map<String, Set<String>> parents = new TreeMap<>();

        /** Records {@code e}'s type and its parents' types; true when that added anything. */
        boolean observe(Entity e) {
            Set<String> known = parents.get(e.uid().type());
            boolean added = false;
            if (known == null) {
                known = new TreeSet<>();
                parents.put(e.uid().type(), known);
                added = true;
            }
            for (EntityUid p : e.parents()) {
                // a parent of type Action would be an entity in an action group: no schema says that
                if (!isActionType(p.type()) && !known.contains(p.type())) {
                    known.add(p.type());
                    parents.putIfAbsent(p.type(), new TreeSet<>());
                    added = true;
                }
            }
            return added;
        }
    }

    private static boolean isActionType(String type) {
        return type.equals("Action") || type.endsWith("::Action");
    }

    private final Schema schema;
    /** The context as the engine completes it, {@code now} included. */
    private final RecordType context;
    private final Event.SchemaPut extension;
    /** Why the extension does not apply to what is stored now (it did when it was put), or null. */
    private final String problem;
    private Validator validator;
    private RequestSchema requests;
    private String cedar;
    private JsonNode json;

    private PlatformSchema(Schema schema, RecordType context, Event.SchemaPut extension, String problem) {
        this.schema = schema;
        this.context = context;
        this.extension = extension;
        this.problem = problem;
    }

    /**
     * The schema derived from {@code observed} and {@code services}, extended by {@code extension}
     * (none when null).
     *
     * @throws Rejection (invalid, field {@code schema}) when the extension does not parse, or
     *     conflicts with the derived part; its message says where ({@code schema:LINE:COLUMN: …})
     */
    static PlatformSchema build(Observed observed, Collection<Event.ServicePut> services, Event.SchemaPut extension) {
        Map<String, EntityTypeDef> types = new TreeMap<>();
        observed.parents.forEach((t, parents) -> types.put(t, new EntityTypeDef(t, parents, RecordType.EMPTY, null, null)));
        Set<String> derived = Set.copyOf(types.keySet());
        Schema base = Schema.of(types.values(), actions(services, types.keySet(), BASE_CONTEXT));
        if (extension == null) {
            return new PlatformSchema(base, BASE_CONTEXT, null, null);
        }
        SchemaFragment f = parse(extension, base);
        refuseConflicts(f, derived);
        for (SchemaFragment.Declared<EntityTypeDef> d : f.entityTypes().values()) {
            EntityTypeDef t = d.definition();
            EntityTypeDef before = types.get(t.name());
            Set<String> parents = new TreeSet<>(t.memberOfTypes());
            if (before != null) {
                parents.addAll(before.memberOfTypes());
            }
            types.put(t.name(), new EntityTypeDef(t.name(), parents, t.shape(), t.tags(), null));
        }
        Map<String, Attribute> ctx = new TreeMap<>(BASE_CONTEXT.attributes());
        SchemaFragment.Declared<SchemaType> declared = f.commonTypes().get(CONTEXT);
        if (declared != null) {
            ctx.putAll(((RecordType) declared.definition()).attributes());
        }
        RecordType context = new RecordType(ctx);
        return new PlatformSchema(Schema.of(types.values(), actions(services, types.keySet(), context)), context, extension, null);
    }

    /**
     * As {@link #build}, for what was already accepted: an extension that no longer applies
     * (only conceivable when the catalog lost every action its attribute types name) is set
     * aside, with why, rather than stop the log being applied.
     */
    static PlatformSchema rebuild(Observed observed, Collection<Event.ServicePut> services, Event.SchemaPut extension) {
        try {
            return build(observed, services, extension);
        } catch (Rejection e) {
            PlatformSchema derived = build(observed, services, null);
            return new PlatformSchema(derived.schema, derived.context, extension, e.getMessage());
        }
    }

    private static SchemaFragment parse(Event.SchemaPut extension, Schema base) {
        try {
            return extension.format().equals(FORMAT_JSON)
                    ? SchemaFragment.parseJson(extension.text(), SOURCE, base)
                    : SchemaFragment.parseCedar(extension.text(), SOURCE, base);
        } catch (SchemaException e) {
            throw Rejection.invalid(SOURCE, e.getMessage());
        }
    }

    /** What an extension may not say: the catalog owns the actions and the engine {@code now}; stored types take any id. */
    private static void refuseConflicts(SchemaFragment f, Set<String> derived) {
        for (Map.Entry<EntityUid, SchemaFragment.Declared<ActionDef>> a : f.actions().entrySet()) {
            throw conflict(a.getValue().position(), "action " + a.getKey() + " is declared here, but actions come from the service catalog "
                    + "(PUT /v1/services/{service}) and the platform schema declares them itself; declare entity types, their attributes and "
                    + "`type " + CONTEXT + "` only");
        }
        Map<String, String> byLowerCase = new HashMap<>();
        for (String t : derived) {
            byLowerCase.put(t.toLowerCase(Locale.ROOT), t);
        }
        for (SchemaFragment.Declared<EntityTypeDef> d : f.entityTypes().values()) {
            String name = d.definition().name();
            if (d.definition().isEnum()) {
                throw conflict(d.position(), "entity type `" + name + "` is enumerated, but Veto stores entities of any id: declare it "
                        + "as `entity " + name + ";` (with its parents and attributes)");
            }
            String stored = byLowerCase.get(name.toLowerCase(Locale.ROOT));
            if (stored != null && !stored.equals(name)) {
                throw conflict(d.position(), "entity type `" + name + "` differs from the stored type `" + stored
                        + "` only in letter case (types are case-sensitive); write `" + stored + "`");
            }
        }
        SchemaFragment.Declared<SchemaType> ctx = f.commonTypes().get(CONTEXT);
        if (ctx != null) {
            if (!(ctx.definition() instanceof RecordType r)) {
                throw conflict(ctx.position(), "`" + CONTEXT + "`, the request context, must be a record type, but is `" + ctx.definition() + "`");
            }
            Attribute now = r.attribute(NOW);
            if (now != null && !now.equals(NOW_ATTRIBUTE)) {
                throw conflict(ctx.position(), "`" + NOW + "` in `" + CONTEXT + "` is set by Veto from its own clock, as a required `datetime`; "
                        + "leave it out");
            }
        }
    }

    private static Rejection conflict(SourcePosition at, String message) {
        return Rejection.invalid(SOURCE, SOURCE + ":" + at + ": " + message);
    }

    /** The catalog's actions: the four access groups, each service's group, and each operation, applying to {@code types}. */
    private static List<ActionDef> actions(Collection<Event.ServicePut> services, Set<String> types, RecordType context) {
        List<ActionDef> out = new ArrayList<>();
        for (String access : Catalog.ACCESS_KINDS) {
            out.add(group(Catalog.accessGroup(access)));
        }
        for (Event.ServicePut s : services) {
            EntityUid group = Catalog.serviceGroup(s.service());
            out.add(group(group));
            for (Event.Operation op : s.operations()) {
                out.add(new ActionDef(Catalog.actionUid(s.service(), op.name()), new LinkedHashSet<>(List.of(group, Catalog.accessGroup(op.access()))),
                        types, types, context));
            }
        }
        return out;
    }

    private static ActionDef group(EntityUid uid) {
        return new ActionDef(uid, Set.of(), Set.of(), Set.of(), RecordType.EMPTY);
    }

    // ---- what it is

    /** The schema: derived, with the extension's declarations. */
    public Schema schema() {
        return schema;
    }

    /** Whether decision requests must fit the schema: an administrator put an extension and asked for it. */
    public boolean checksRequests() {
        return extension != null && extension.checkRequests() && problem == null;
    }

    /** The extension as put: its format ({@code cedar} or {@code json}) and text; null when none. */
    public Extension extension() {
        return extension == null ? null : new Extension(extension.format(), extension.text());
    }

    /** An administrator's extension as put. */
    public record Extension(String format, String text) {}

    /** The schema in the Cedar schema format, the context named {@code Context}, with a comment on where it comes from. */
    public synchronized String cedar() {
        if (cedar == null) {
            StringBuilder b = new StringBuilder()
                    .append("// Veto's platform schema: the entity types Veto stores (with the parent types they were stored with) and the\n")
                    .append("// service catalog's actions, each applying to every entity type, with `context.now` set by Veto's clock")
                    .append(extension == null ? ".\n// No extension has been put (PUT /v1/schema): decision requests are not checked against it.\n"
                            : problem != null ? ";\n// the extension put (GET /v1/schema/extension) is set aside: " + problem.replace('\n', ' ') + "\n"
                            : ";\n// extended by the administrator's fragment (GET /v1/schema/extension); decision requests "
                                    + (checksRequests() ? "must fit it.\n" : "are not checked against it.\n"))
                    .append(SchemaPrinter.cedar(schema, Map.of(CONTEXT, context)));
            cedar = b.toString();
        }
        return cedar;
    }

    /** The schema in the JSON schema format, the context a common type {@code Context}. */
    public synchronized JsonNode json() {
        if (json == null) {
            json = SchemaPrinter.json(schema, Map.of(CONTEXT, context));
        }
        return json;
    }

    /** The request check decisions run, made on first use; null unless requests are checked. */
    synchronized RequestSchema requests() {
        if (!checksRequests()) {
            return null;
        }
        if (requests == null) {
            Map<String, Attribute> sent = new TreeMap<>(context.attributes());
            sent.remove(NOW);
            requests = new RequestSchema(schema, new RecordType(sent));
        }
        return requests;
    }

    // ---- validating policies

    private synchronized Validator validator() {
        if (validator == null) {
            validator = Validator.forSchema(schema);
        }
        return validator;
    }

    private static final String NO_REQUEST_YET = "the platform schema admits no request yet: store entities (PUT /v1/entities) "
            + "and the service catalog (PUT /v1/services)";

    /** Whether some request fits the schema: an operation applying to some type (false before the catalog and entities exist). */
    private boolean admitsRequests() {
        for (ActionDef a : schema.actions().values()) {
            if (!a.principalTypes().isEmpty() && !a.resourceTypes().isEmpty()) {
                return true;
            }
        }
        return false;
    }

    /**
     * What validating {@code policies} (by id, each parsed from {@code texts.get(id)}) found. A
     * policy is refused for an error, except that while the schema admits no request at all (no
     * catalog or no entity type yet) a scope that admits none is only a warning: it says nothing
     * about the policy, and refusing it would refuse every policy, the baseline included. Also, while requests are checked, a {@code forbid} that no
     * request the schema allows can meet (it would enforce nothing). Other warnings (an impossible
     * {@code permit} grants nothing) are reported and do not refuse. Before requests are checked,
     * "impossible" may only mean a context attribute PEPs send and the schema does not know, so
     * it warns.
     */
    Findings validate(Map<String, Policy> policies, Map<String, String> texts) {
        ValidationResult r = validator().validate(policies);
        List<PolicyIssue> refused = new ArrayList<>();
        List<PolicyIssue> warnings = new ArrayList<>();
        boolean admitsRequests = admitsRequests();
        for (ValidationIssue i : r.errors()) {
            if (!admitsRequests && i.kind() == ValidationIssue.Kind.INVALID_ACTION_APPLICATION) {
                // says nothing about the policy: no policy could apply yet
                warnings.add(PolicyIssue.of(new ValidationIssue(i.kind(), i.policyId(), i.loc(), i.message(), NO_REQUEST_YET), texts.get(i.policyId())));
            } else {
                refused.add(PolicyIssue.of(i, texts.get(i.policyId())));
            }
        }
        for (ValidationIssue w : r.warnings()) {
            boolean deadForbid = checksRequests() && w.kind() == ValidationIssue.Kind.IMPOSSIBLE_POLICY
                    && policies.get(w.policyId()).effect() == Effect.FORBID;
            (deadForbid ? refused : warnings).add(PolicyIssue.of(w, texts.get(w.policyId())));
        }
        return new Findings(refused, warnings);
    }

    /** What validation found: the issues that refuse, and warnings. */
    record Findings(List<PolicyIssue> refused, List<PolicyIssue> warnings) {
        /**
         * Refuses with every refusing issue listed (up to {@value #MAX_ISSUES}), the first in the
         * message after {@code lead} (e.g. {@code policy "p" does not validate against …});
         * {@code field} is the input at fault.
         */
        void require(String lead, String field) {
            if (refused.isEmpty()) {
                return;
            }
            PolicyIssue first = refused.get(0);
            Set<String> policies = new LinkedHashSet<>();
            refused.forEach(i -> policies.add(i.policy()));
            String message = lead + ": " + (policies.size() == 1 && lead.contains("\"" + first.policy() + "\"") ? "" : "policy \"" + first.policy() + "\" ")
                    + first + (first.isError() ? "" : "; a forbid that no request the schema allows can meet enforces nothing")
                    + (refused.size() == 1 ? "" : "; " + (refused.size() - 1) + " more issue" + (refused.size() == 2 ? "" : "s")
                            + (policies.size() == 1 ? "" : ", " + policies.size() + " policies in all,") + " in `issues`");
            throw new Rejection(Rejection.Kind.VALIDATION_FAILED, field, message, refused.subList(0, Math.min(MAX_ISSUES, refused.size())));
        }
    }

    /** Validates {@code policies} given as id → text (each parsed once here). */
    Findings validateTexts(Map<String, String> texts) {
        Map<String, Policy> parsed = new LinkedHashMap<>();
        texts.forEach((id, text) -> parsed.put(id, PolicyParser.parsePolicy(text, "policy " + id)));
        return validate(parsed, texts);
    }
}
