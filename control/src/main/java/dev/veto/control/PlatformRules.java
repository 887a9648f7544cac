package dev.veto.control;

import dev.veto.cedar.ast.Policy;
import dev.veto.cedar.entity.Entity;
import dev.veto.cedar.json.CedarJson;
import dev.veto.cedar.json.JsonFormatException;
import dev.veto.cedar.parser.CedarSyntaxError;
import dev.veto.cedar.parser.PolicyParser;
import dev.veto.cedar.value.EntityUid;
import dev.veto.control.EventLog.Decided;
import dev.veto.ledger.entry.Envelope;
import dev.veto.ledger.store.LogStore.StoredPart;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * The platform's commands as rules: each a function of the state, the caller, the input and the
 * time to the events it writes, or a {@link Rejection}. No database in the way: the
 * {@link EventLog} runs them and applies what they decide.
 */
final class PlatformRules {
    /** Leaves room in a log entry (64 KiB) for the record header and the JSON around the entities. */
    static final int ENTITY_CHUNK_BYTES = 48 * 1024;

    private PlatformRules() {}

    private static void requireWrite(Actor actor) {
        Access.SHIPPED.require(actor, Permission.PLATFORM_WRITE, Access.Target.PLATFORM_TARGET);
    }

    static Decided<Void> putEntities(State s, Actor actor, JsonNode body, Instant now) {
        requireWrite(actor);
        List<Entity> entities;
        try {
            entities = CedarJson.parseEntities(body, "body", null);
        } catch (JsonFormatException e) {
            throw Rejection.invalid(null, e.getMessage());
        }
        if (entities.isEmpty()) {
            throw Rejection.invalid(null, "body: expected a non-empty JSON array of Cedar entities");
        }
        for (int i = 0; i < entities.size(); i++) {
            if (entities.get(i).uid().type().equals("Action")) {
                throw Rejection.invalid("[" + i + "]", "body: [" + i + "]: actions come from the service catalog; use PUT /v1/services/{service}");
            }
        }
        Hierarchy.refuseCycles(entities, s.entities);
        List<Event> events = new ArrayList<>();
        ArrayNode chunk = JsonNodeFactory.instance.arrayNode();
        int bytes = 0;
        for (Entity e : entities) {
            JsonNode json = CedarJson.toJson(e);
            int size = json.toString().length();
            if (size > ENTITY_CHUNK_BYTES) {
                throw new Rejection(Rejection.Kind.TOO_LARGE, "entity " + e.uid() + " is " + size + " bytes of JSON; at most " + ENTITY_CHUNK_BYTES + " fit in one log entry");
            }
            if (bytes + size > ENTITY_CHUNK_BYTES) {
                events.add(new Event.EntitiesPut(chunk, actor.subject()));
                chunk = JsonNodeFactory.instance.arrayNode();
                bytes = 0;
            }
            chunk.add(json);
            bytes += size + 1;
        }
        events.add(new Event.EntitiesPut(chunk, actor.subject()));
        // What the write takes out of an enforcement's scope stays restricted, by name.
        events.addAll(Evasions.detect(s, entities));
        return new Decided<>(events, null, null);
    }

    static Decided<Void> removeEntity(State s, Actor actor, String type, String id, Instant now) {
        requireWrite(actor);
        EntityUid uid = EntityUid.of(type, id);
        if (!s.entities.containsKey(uid)) {
            throw Rejection.notFound("there is no entity " + uid);
        }
        return Decided.of(null, new Event.EntityRemoved(new Event.Ref(type, id), actor.subject()));
    }

    static Decided<Void> putService(State s, Actor actor, String service, Inputs.PutService in, Instant now) {
        requireWrite(actor);
        Validate.name("service", service);
        if (service.equals("service") || service.equals("access")) {
            throw Rejection.invalid("service", "service names \"service\" and \"access\" are reserved: Action::\"service:…\" and Action::\"access:…\" are the catalog's action groups");
        }
        List<Event.Operation> ops = Validate.nonEmpty("operations", in.operations());
        Set<String> names = new HashSet<>();
        for (int i = 0; i < ops.size(); i++) {
            Event.Operation op = ops.get(i);
            Validate.name("operations[" + i + "].name", op.name());
            if (!names.add(op.name())) {
                throw Rejection.invalid("operations[" + i + "].name", "operation \"" + op.name() + "\" is listed twice");
            }
            if (!Catalog.ACCESS_KINDS.contains(op.access())) {
                throw Rejection.invalid("operations[" + i + "].access", "`operations[" + i + "].access` must be one of read, write, export, admin; got "
                        + (op.access() == null ? "nothing" : "\"" + op.access() + "\""));
            }
        }
        return Decided.of(null, new Event.ServicePut(service, ops, actor.subject()));
    }

    static Decided<Void> putPrinciple(State s, Actor actor, String id, Inputs.PutPrinciple in, Instant now) {
        requireWrite(actor);
        Validate.name("id", id);
        return Decided.of(null, new Event.PrinciplePut(id, Validate.text("title", in.title()), Validate.text("text", in.text()),
                Validate.text("clause", in.clause()), Validate.url("url", in.url()), actor.subject()));
    }

    /**
     * Puts a platform policy once it parses, carries no workflow annotation and validates
     * against the platform schema (see {@link PlatformSchema#validate}); its warnings come back.
     */
    static Decided<List<PolicyIssue>> putPolicy(State s, Actor actor, String id, String text, Instant now) {
        requireWrite(actor);
        Validate.id("id", id);
        refuseEnforcementId(id);
        if (text == null || text.isBlank()) {
            throw Rejection.invalid(null, "the body must be the policy's Cedar text, e.g. " + ControlPlane.BASELINE_TEXT);
        }
        List<Policy> parsed;
        try {
            parsed = PolicyParser.parsePolicies(text, "policy " + id);
        } catch (CedarSyntaxError e) {
            throw Rejection.invalid(null, e.getMessage());
        }
        if (parsed.size() != 1) {
            throw Rejection.invalid(null, "policy " + id + ": the body holds " + parsed.size() + " policies; PUT one policy per id");
        }
        if (parsed.get(0).isTemplate()) {
            throw Rejection.invalid(null, "policy " + id + ": templates (with ?principal or ?resource) are not platform policies; write the policy with concrete entities");
        }
        for (Map.Entry<String, String> a : parsed.get(0).annotations().entrySet()) {
            String key = a.getKey().toLowerCase(Locale.ROOT);
            if (WORKFLOW_ANNOTATIONS.contains(key)) {
                throw Rejection.invalid("@" + a.getKey(), "policy " + id + ": the annotation @" + a.getKey()
                        + " belongs to the workflow: a denial that names a case, principle, notice or enforcement comes only from an approved enforcement");
            }
            if (key.equals("id") && a.getValue().toLowerCase(Locale.ROOT).startsWith(ENFORCEMENT_PREFIX)) {
                throw Rejection.invalid("@id", "policy " + id + ": @id(\"" + a.getValue() + "\") is an enforcement's name; ids starting with \""
                        + ENFORCEMENT_PREFIX + "\" belong to enforcements");
            }
        }
        PlatformSchema.Findings found = s.platformSchema().validate(Map.of(id, parsed.get(0)), Map.of(id, text));
        found.require("policy \"" + id + "\" does not validate against the platform schema (GET /v1/schema)", "text");
        return Decided.of(found.warnings(), new Event.PolicyPut(id, text, actor.subject()));
    }

    /**
     * Puts the administrator's extension of the platform schema ({@code format} {@code cedar} or
     * {@code json}; {@code checkRequests}: whether decision requests must fit the schema from
     * now on). Refused when it does not parse or conflicts with what Veto derives (400, saying
     * where), and when a policy in force, platform or enforcement, would not validate against
     * the schema it makes (422, listing each).
     *
     * @param inForce the parsed policies in force, by id: the engine's at the state's revision (null: parse the text)
     */
    static Decided<Void> putSchema(State s, Actor actor, String format, String text, boolean checkRequests,
            Function<String, Policy> inForce, Instant now) {
        requireWrite(actor);
        if (text == null || text.isBlank()) {
            throw Rejection.invalid(PlatformSchema.SOURCE, "the body must be a Cedar schema fragment (the Cedar or the JSON format) "
                    + "declaring entity types' attributes and the request context, e.g. "
                    + "entity User in [Account] { department: String }; type Context = { mfa: Bool };");
        }
        Event.SchemaPut put = new Event.SchemaPut(format, text, checkRequests, actor.subject());
        PlatformSchema next = PlatformSchema.build(s.observed, s.services.values(), put);
        Map<String, String> texts = s.effects.policies();
        Map<String, Policy> parsed = new LinkedHashMap<>();
        texts.forEach((pid, t) -> {
            Policy p = inForce.apply(pid);
            parsed.put(pid, p != null ? p : PolicyParser.parsePolicy(t, "policy " + pid));
        });
        next.validate(parsed, texts).require("the schema is refused: policies in force would not validate against it", PlatformSchema.SOURCE);
        return Decided.of(null, put);
    }

    static Decided<Void> removePolicy(State s, Actor actor, String id, Instant now) {
        requireWrite(actor);
        refuseEnforcementId(id);
        if (!s.policies.containsKey(id)) {
            throw Rejection.notFound("there is no platform policy \"" + id + "\"");
        }
        return Decided.of(null, new Event.PolicyRemoved(id, actor.subject()));
    }

    /**
     * Erases the private text of log entry {@code index} (its envelope and commitments stay, so
     * the log still verifies). {@code entry} is the entry's bytes and {@code parts} its stored
     * private parts; only the {@code text} part of an envelope can be erased: the {@code state}
     * part is what decisions and the process's guarantees are rebuilt from, and a format 1 entry
     * holds its text in the Merkle leaf itself.
     */
    static Decided<Void> eraseText(State s, Actor actor, long index, byte[] entry, List<StoredPart> parts,
            Inputs.Erase in, Instant now) {
        Access.SHIPPED.require(actor, Permission.PAYLOAD_ERASE, Access.Target.PLATFORM_TARGET);
        String reason = Validate.text("reason", in.reason());
        if (!Envelope.isEnvelope(entry)) {
            throw Rejection.conflict("log entry " + index + " was written before envelopes: its text is part of the signed tree and cannot "
                    + "be erased without breaking the log");
        }
        if (Envelope.ERASURE_TYPE.equals(EventCodec.envelope(entry).type())) {
            throw Rejection.conflict("log entry " + index + " records an erasure; that record is kept whole");
        }
        StoredPart text = parts.stream().filter(p -> p.name().equals(EventCodec.TEXT)).findFirst().orElse(null);
        if (text == null) {
            throw Rejection.conflict("log entry " + index + " holds no private text to erase");
        }
        if (text.erased()) {
            State.Erasure e = s.erasures.get(index);
            throw Rejection.conflict("the text of log entry " + index + " was erased already" + (e == null ? "" : ", at " + e.at().time()
                    + " (log entry " + e.at().index() + ")"));
        }
        return Decided.of(null, new Event.PayloadErased(index, List.of(EventCodec.TEXT), reason, actor.subject()));
    }

    /** Annotations only the enforcement compiler writes: a platform policy carrying one could deny in a case's name. */
    static final Set<String> WORKFLOW_ANNOTATIONS = Set.of("case", "notice", "enforcement", "principle", "kept");
    static final String ENFORCEMENT_PREFIX = "enf-";

    private static void refuseEnforcementId(String id) {
        if (id.toLowerCase(Locale.ROOT).startsWith(ENFORCEMENT_PREFIX)) {
            throw new Rejection(Rejection.Kind.CONFLICT, "policy ids starting with \"enf-\" belong to enforcements; they change only through their case (approval, appeal)");
        }
    }
}
