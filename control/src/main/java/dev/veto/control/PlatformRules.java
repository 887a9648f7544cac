package dev.veto.control;

import dev.veto.cedar.ast.Policy;
import dev.veto.cedar.entity.Entity;
import dev.veto.cedar.json.CedarJson;
import dev.veto.cedar.json.JsonFormatException;
import dev.veto.cedar.parser.CedarSyntaxError;
import dev.veto.cedar.parser.PolicyParser;
import dev.veto.cedar.value.EntityUid;
import dev.veto.control.EventLog.Decided;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
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
                events.add(new Event.EntitiesPut(chunk, actor.name()));
                chunk = JsonNodeFactory.instance.arrayNode();
                bytes = 0;
            }
            chunk.add(json);
            bytes += size + 1;
        }
        events.add(new Event.EntitiesPut(chunk, actor.name()));
        return new Decided<>(events, null, null);
    }

    static Decided<Void> removeEntity(State s, Actor actor, String type, String id, Instant now) {
        requireWrite(actor);
        EntityUid uid = EntityUid.of(type, id);
        if (!s.entities.containsKey(uid)) {
            throw Rejection.notFound("there is no entity " + uid);
        }
        return Decided.of(null, new Event.EntityRemoved(new Event.Ref(type, id), actor.name()));
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
        return Decided.of(null, new Event.ServicePut(service, ops, actor.name()));
    }

    static Decided<Void> putPrinciple(State s, Actor actor, String id, Inputs.PutPrinciple in, Instant now) {
        requireWrite(actor);
        Validate.name("id", id);
        return Decided.of(null, new Event.PrinciplePut(id, Validate.text("title", in.title()), Validate.text("text", in.text()),
                Validate.text("clause", in.clause()), Validate.url("url", in.url()), actor.name()));
    }

    static Decided<Void> putPolicy(State s, Actor actor, String id, String text, Instant now) {
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
        return Decided.of(null, new Event.PolicyPut(id, text, actor.name()));
    }

    static Decided<Void> removePolicy(State s, Actor actor, String id, Instant now) {
        requireWrite(actor);
        refuseEnforcementId(id);
        if (!s.policies.containsKey(id)) {
            throw Rejection.notFound("there is no platform policy \"" + id + "\"");
        }
        return Decided.of(null, new Event.PolicyRemoved(id, actor.name()));
    }

    private static void refuseEnforcementId(String id) {
        if (id.startsWith("enf-")) {
            throw new Rejection(Rejection.Kind.CONFLICT, "policy ids starting with \"enf-\" belong to enforcements; they change only through their case (approval, appeal)");
        }
    }

    /** A token's record, before it is written; the secret itself never reaches the log. */
    record NewToken(String id, String name, Role role, String org) {}

    static Decided<NewToken> createToken(State s, Actor actor, Inputs.CreateToken in, String secretSha256, Instant now) {
        Access.SHIPPED.require(actor, Permission.TOKEN_CREATE, Access.Target.PLATFORM_TARGET);
        String roleText = Validate.text("role", in.role());
        String org = in.org();
        if (roleText.startsWith("customer:")) {
            if (org != null && !org.equals(roleText.substring(9))) {
                throw Rejection.invalid("org", "`role` names organization \"" + roleText.substring(9) + "\" but `org` is \"" + org + "\"");
            }
            org = roleText.substring(9);
            roleText = "customer";
        }
        Role role = Role.parse(roleText);
        String name = Validate.id("name", in.name());
        if (role == Role.CUSTOMER) {
            Validate.text("org", org);
            if (!s.entities.containsKey(EntityUid.of("Org", org))) {
                throw Rejection.invalid("org", "there is no organization Org::\"" + org + "\"; add it with PUT /v1/entities first");
            }
        } else if (org != null) {
            throw Rejection.invalid("org", "only a customer token belongs to an organization; leave `org` out for role \"" + role.wireName() + "\"");
        }
        String id = String.format("T-%04d", s.tokens.count() + 1);
        return Decided.of(new NewToken(id, name, role, org), new Event.TokenCreated(id, name, role, org, secretSha256, actor.name()));
    }
}
