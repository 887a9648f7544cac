package dev.veto.control;

import dev.veto.cedar.authz.PolicySet;
import dev.veto.cedar.entity.Entity;
import dev.veto.cedar.value.EntityUid;
import dev.veto.cedar.value.SetValue;
import dev.veto.cedar.value.StringValue;
import dev.veto.cedar.value.Value;
import dev.veto.engine.Change;
import dev.veto.engine.Engine;
import dev.veto.engine.EngineRequest;
import dev.veto.engine.EngineResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Who may do what: the Cedar policy set {@code access.cedar}, shipped with Veto and evaluated by
 * Veto's own engine. The caller and the resource acted on travel as the request's entity slice,
 * so nothing about callers is stored in the access engine.
 */
public final class Access {
    public static final String POLICY_RESOURCE = "access.cedar";
    public static final EntityUid PLATFORM = EntityUid.of("Platform", "veto");

    private final Engine engine = Engine.withoutClock();

    public Access() {
        List<Change> changes = new ArrayList<>();
        for (PolicySet.Entry e : PolicySet.parseWithIds(policyText(), POLICY_RESOURCE).policies()) {
            changes.add(new Change.PutPolicy(e.id(), e.policy()));
        }
        engine.apply(changes);
    }

    /** The shipped policy text, for anyone who wants to read what the roles may do. */
    public static String policyText() {
        try (InputStream in = Access.class.getResourceAsStream(POLICY_RESOURCE)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A resource the caller acts on, with the attributes the access policies read. */
    public record Target(EntityUid uid, Map<String, Value> attributes) {
        public static final Target PLATFORM_TARGET = new Target(PLATFORM, Map.of());

        public static Target of(String type, String id) {
            return new Target(EntityUid.of(type, id), new HashMap<>());
        }

        public Target with(String name, String value) {
            if (value != null) {
                attributes.put(name, new StringValue(value));
            }
            return this;
        }

        public Target with(String name, Collection<String> values) {
            attributes.put(name, SetValue.of(values.stream().map(StringValue::new).toList()));
            return this;
        }
    }

    /**
     * Refuses the call unless the access policies permit {@code action} for the actor on the
     * target. A forbidding rule's {@code @reason} becomes the message.
     */
    public void require(Actor actor, String action, Target target) {
        EntityUid caller = EntityUid.of("Caller", actor.name());
        Map<String, Value> attrs = new HashMap<>();
        attrs.put("name", new StringValue(actor.name()));
        if (actor.org() != null) {
            attrs.put("org", new StringValue(actor.org()));
        }
        Entity callerEntity = Entity.of(caller, attrs, Set.of(EntityUid.of("Role", actor.role().wireName())), Map.of());
        Entity resource = Entity.of(target.uid(), target.attributes(), Set.of(), Map.of());
        EngineResponse r = engine.authorize(new EngineRequest(caller, EntityUid.of("Action", action), target.uid(), null,
                List.of(callerEntity, resource)));
        if (r.isAllowed()) {
            return;
        }
        for (EngineResponse.Reason reason : r.reasons()) {
            String why = reason.annotations().get("reason");
            if (why != null) {
                throw new Rejection(Rejection.Kind.FORBIDDEN, why + " (access policy \"" + reason.policyId() + "\")");
            }
        }
        String who = actor.role() == Role.CUSTOMER ? "customer of organization \"" + actor.org() + "\"" : "role \"" + actor.role().wireName() + "\"";
        throw new Rejection(Rejection.Kind.FORBIDDEN, who + " may not " + action + " on " + target.uid()
                + "; see the access policy (GET /v1/access-policy) for what each role may do");
    }
}
