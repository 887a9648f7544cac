package dev.veto.cedar.authz;

import dev.veto.cedar.ast.EntityRef;
import dev.veto.cedar.ast.Policy;
import dev.veto.cedar.ast.ScopeConstraint;
import dev.veto.cedar.ast.SlotId;
import dev.veto.cedar.parser.PolicyParser;
import dev.veto.cedar.value.EntityUid;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An immutable set of named policies: static policies, templates, and policies linked from
 * templates. Templates themselves are never evaluated; their links are.
 */
public final class PolicySet {
    /**
     * A policy the authorizer evaluates: a static policy, or a template link (whose policy has
     * its slots filled in, and which remembers its template).
     */
    public record Entry(String id, Policy policy, String templateId) {
        public boolean isLink() {
            return templateId != null;
        }
    }

    public static final PolicySet EMPTY = new PolicySet(Map.of(), Map.of());

    private final Map<String, Entry> policies;
    private final Map<String, Policy> templates;

    private PolicySet(Map<String, Entry> policies, Map<String, Policy> templates) {
        this.policies = policies;
        this.templates = templates;
    }

    /**
     * Parses a policy file. Policies and templates are named {@code policy0}, {@code policy1}, …
     * in file order, as Cedar names them.
     */
    public static PolicySet parse(String text, String sourceName) {
        return fromPolicies(PolicyParser.parsePolicies(text, sourceName), false);
    }

    /**
     * Parses a policy file, naming each policy by its {@code @id("…")} annotation where it has
     * one, else {@code policyN} by position.
     */
    public static PolicySet parseWithIds(String text, String sourceName) {
        return fromPolicies(PolicyParser.parsePolicies(text, sourceName), true);
    }

    private static PolicySet fromPolicies(List<Policy> parsed, boolean useIdAnnotation) {
        Map<String, Policy> named = new LinkedHashMap<>();
        for (int i = 0; i < parsed.size(); i++) {
            Policy p = parsed.get(i);
            String id = useIdAnnotation && p.annotations().containsKey("id") ? p.annotations().get("id") : "policy" + i;
            if (named.put(id, p) != null) {
                throw new PolicySetException("duplicate policy id `" + id + "`");
            }
        }
        return EMPTY.withAll(named);
    }

    /** This set plus all of {@code policies} (id → static policy or template), built in one pass. */
    public PolicySet withAll(Map<String, Policy> add) {
        Map<String, Entry> p = new LinkedHashMap<>(policies);
        Map<String, Policy> t = new LinkedHashMap<>(templates);
        for (Map.Entry<String, Policy> e : add.entrySet()) {
            String id = e.getKey();
            if (p.containsKey(id) || t.containsKey(id)) {
                throw new PolicySetException("duplicate policy id `" + id + "`");
            }
            if (e.getValue().isTemplate()) {
                t.put(id, e.getValue());
            } else {
                p.put(id, new Entry(id, e.getValue(), null));
            }
        }
        return new PolicySet(Collections.unmodifiableMap(p), Collections.unmodifiableMap(t));
    }

    /** This set plus {@code policy} (static or template) under {@code id}. */
    public PolicySet with(String id, Policy policy) {
        requireFreshId(id);
        if (policy.isTemplate()) {
            Map<String, Policy> t = new LinkedHashMap<>(templates);
            t.put(id, policy);
            return new PolicySet(policies, Collections.unmodifiableMap(t));
        }
        Map<String, Entry> p = new LinkedHashMap<>(policies);
        p.put(id, new Entry(id, policy, null));
        return new PolicySet(Collections.unmodifiableMap(p), templates);
    }

    /** This set plus a link of template {@code templateId}, named {@code linkId}, with the given slot values. */
    public PolicySet link(String templateId, String linkId, Map<SlotId, EntityUid> slots) {
        Policy t = templates.get(templateId);
        if (t == null) {
            throw new PolicySetException(policies.containsKey(templateId)
                    ? "`" + templateId + "` is a static policy, not a template"
                    : "no template with id `" + templateId + "`");
        }
        requireFreshId(linkId);
        Policy linked = new Policy(t.annotations(), t.effect(),
                fill(t.principal(), slots, SlotId.PRINCIPAL, templateId),
                t.action(),
                fill(t.resource(), slots, SlotId.RESOURCE, templateId),
                t.conditions(), t.loc());
        Map<String, Entry> p = new LinkedHashMap<>(policies);
        p.put(linkId, new Entry(linkId, linked, templateId));
        return new PolicySet(Collections.unmodifiableMap(p), templates);
    }

    private static ScopeConstraint fill(ScopeConstraint c, Map<SlotId, EntityUid> slots, SlotId slot, String templateId) {
        return switch (c) {
            case ScopeConstraint.Any a -> c;
            case ScopeConstraint.Is i -> c;
            case ScopeConstraint.Eq e -> new ScopeConstraint.Eq(fill(e.ref(), slots, slot, templateId), e.loc());
            case ScopeConstraint.In i -> new ScopeConstraint.In(fill(i.ref(), slots, slot, templateId), i.loc());
            case ScopeConstraint.IsIn i -> new ScopeConstraint.IsIn(i.entityType(), fill(i.ref(), slots, slot, templateId), i.loc());
        };
    }

    private static EntityRef fill(EntityRef r, Map<SlotId, EntityUid> slots, SlotId slot, String templateId) {
        if (r instanceof EntityRef.SlotRef) {
            EntityUid v = slots.get(slot);
            if (v == null) {
                throw new PolicySetException("template `" + templateId + "` needs a value for " + slot.text());
            }
            return new EntityRef.Entity(v);
        }
        return r;
    }

    private void requireFreshId(String id) {
        if (policies.containsKey(id) || templates.containsKey(id)) {
            throw new PolicySetException("duplicate policy id `" + id + "`");
        }
    }

    /** The policies the authorizer evaluates (static and linked), in insertion order. */
    public List<Entry> policies() {
        return new ArrayList<>(policies.values());
    }

    public Map<String, Policy> templates() {
        return templates;
    }

    public Entry policy(String id) {
        return policies.get(id);
    }

    public int size() {
        return policies.size();
    }
}
