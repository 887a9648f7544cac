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
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Who may do what: the Cedar policy set {@code access.cedar}, shipped with Veto and evaluated by
 * Veto's own engine. The caller and the resource acted on travel as the request's entity slice,
 * so nothing about callers is stored in the access engine, and one instance serves every thread.
 */
final class Access {
    static final String POLICY_RESOURCE = "access.cedar";
    static final EntityUid PLATFORM = EntityUid.of("Platform", "veto");
    /** The shipped rules; they never change while Veto runs. */
    static final Access SHIPPED = new Access();

    private final Engine engine = Engine.withoutClock();
    /** The policies in their canonical print, where an entity literal always reads {@code Type::"id"}. */
    private final List<String> printed = new ArrayList<>();

    private Access() {
        List<Change> changes = new ArrayList<>();
        for (PolicySet.Entry e : PolicySet.parseWithIds(policyText(), POLICY_RESOURCE).policies()) {
            changes.add(new Change.PutPolicy(e.id(), e.policy()));
            printed.add(dev.veto.cedar.ast.PolicyPrinter.print(e.policy()));
        }
        engine.apply(changes);
    }

    /** The shipped policy text, for anyone who wants to read what the roles may do. */
    static String policyText() {
        try (InputStream in = Access.class.getResourceAsStream(POLICY_RESOURCE)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A resource the caller acts on, with the attributes the access policies read. Immutable. */
    record Target(EntityUid uid, Map<String, Value> attributes) {
        static final Target PLATFORM_TARGET = new Target(PLATFORM, Map.of());

        Target {
            attributes = Map.copyOf(attributes);
        }

        static Target of(String type, String id) {
            return new Target(EntityUid.of(type, id), Map.of());
        }

        /** This target with string attribute {@code name}; unchanged when {@code value} is null. */
        Target with(String name, String value) {
            return value == null ? this : with(name, (Value) new StringValue(value));
        }

        /** This target with set-of-strings attribute {@code name}. */
        Target with(String name, Collection<String> values) {
            return with(name, (Value) SetValue.of(values.stream().map(StringValue::new).toList()));
        }

        private Target with(String name, Value value) {
            Map<String, Value> m = new HashMap<>(attributes);
            m.put(name, value);
            return new Target(uid, m);
        }
    }

    /**
     * Whether some access policy names an entity of {@code type} by its uid. When none does, a
     * decision on a target of that type depends on the target's attributes alone, never on which
     * one it is, so a list of such targets needs one decision per distinct set of attributes.
     */
    boolean namesEntitiesOf(String type) {
        String literal = type + "::\"";
        return printed.stream().anyMatch(p -> p.contains(literal));
    }

    /** Whether the access policies permit {@code action} for the actor on the target. */
    boolean permits(Actor actor, Permission action, Target target) {
        return decide(actor, action, target).isAllowed();
    }

    /**
     * Refuses the call unless the access policies permit {@code action} for the actor on the
     * target. A forbidding rule's {@code @reason} becomes the message.
     */
    void require(Actor actor, Permission action, Target target) {
        EngineResponse r = decide(actor, action, target);
        if (r.isAllowed()) {
            return;
        }
        for (EngineResponse.Reason reason : r.reasons()) {
            String why = reason.annotations().get("reason");
            if (why != null) {
                throw new Rejection(Rejection.Kind.FORBIDDEN, why + " (access policy \"" + reason.policyId() + "\")");
            }
        }
        throw new Rejection(Rejection.Kind.FORBIDDEN, actor.standing() + " may not " + action.wireName() + " on " + target.uid()
                + "; see the access policy (GET /v1/access-policy) for what each role may do");
    }

    private EngineResponse decide(Actor actor, Permission action, Target target) {
        EntityUid caller = EntityUid.of("Caller", actor.subject());
        Map<String, Value> attrs = new HashMap<>();
        attrs.put("subject", new StringValue(actor.subject()));
        if (actor.org() != null) {
            attrs.put("org", new StringValue(actor.org()));
        }
        Set<EntityUid> roles = new HashSet<>();
        for (Role r : actor.roles()) {
            roles.add(EntityUid.of("Role", r.wireName()));
        }
        Entity callerEntity = Entity.of(caller, attrs, roles, Map.of());
        Entity resource = Entity.of(target.uid(), target.attributes(), Set.of(), Map.of());
        return engine.authorize(new EngineRequest(caller, action.action(), target.uid(), null, List.of(callerEntity, resource)));
    }
}
