package dev.veto.bench.cedarjava;

import com.cedarpolicy.BasicAuthorizationEngine;
import com.cedarpolicy.model.AuthorizationRequest;
import com.cedarpolicy.model.AuthorizationResponse;
import com.cedarpolicy.model.AuthorizationSuccessResponse;
import com.cedarpolicy.model.exception.AuthException;
import com.cedarpolicy.model.exception.CacheException;
import com.cedarpolicy.model.exception.InternalException;
import com.cedarpolicy.model.policy.Policy;
import com.cedarpolicy.model.policy.PolicySet;
import com.cedarpolicy.value.CedarList;
import com.cedarpolicy.value.CedarMap;
import com.cedarpolicy.value.DateTime;
import com.cedarpolicy.value.Decimal;
import com.cedarpolicy.value.Duration;
import com.cedarpolicy.value.EntityTypeName;
import com.cedarpolicy.value.EntityUID;
import com.cedarpolicy.value.IpAddress;
import com.cedarpolicy.value.PrimBool;
import com.cedarpolicy.value.PrimLong;
import com.cedarpolicy.value.PrimString;
import dev.veto.bench.workload.Decider;
import dev.veto.bench.workload.Verdict;
import dev.veto.cedar.ast.Request;
import dev.veto.cedar.authz.Decision;
import dev.veto.cedar.entity.Entity;
import dev.veto.cedar.value.BoolValue;
import dev.veto.cedar.value.EntityUid;
import dev.veto.cedar.value.ExtensionValue;
import dev.veto.cedar.value.LongValue;
import dev.veto.cedar.value.RecordValue;
import dev.veto.cedar.value.SetValue;
import dev.veto.cedar.value.StringValue;
import dev.veto.cedar.value.Value;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Decides requests with cedar-java, the Cedar reference implementation (Rust, through JNI), so
 * that our Cedar and engine can be checked and timed against it.
 *
 * <p>Policies keep our ids: each is handed to cedar-java as {@code new Policy(text, id)}, so the
 * reasons cedar-java reports are our policy ids. The policy set is preparsed on the Rust side
 * ({@link PolicySet#cache()}), so each decision sends only the request and its entities across
 * JNI, as JSON; without that, cedar-java would serialize and parse every policy on every call.
 *
 * <p>cedar-java has no entity store: each decision takes the request's full slice (principal,
 * resource, all their ancestors and the action with its groups), converted from our
 * {@link Entity} objects value by value.
 */
public final class CedarJavaAuthorizer implements Decider {
    private static final Map<String, EntityTypeName> TYPE_NAMES = new ConcurrentHashMap<>();

    private final BasicAuthorizationEngine engine = new BasicAuthorizationEngine();
    private final PolicySet policies;

    private CedarJavaAuthorizer(PolicySet policies, boolean preparse) {
        this.policies = policies;
        if (preparse) {
            try {
                policies.cache();
            } catch (CacheException e) {
                throw new IllegalStateException("cedar-java could not preparse the policy set: " + e.getMessage(), e);
            }
        }
    }

    /** Policies given as id → Cedar text (one static policy each), preparsed. */
    public static CedarJavaAuthorizer of(Map<String, String> policyTextById) {
        return of(policyTextById, true);
    }

    /**
     * As {@link #of(Map)}; with {@code preparse} false every decision sends all policy texts and
     * cedar-java parses them again, which is how cedar-java is used without its cache.
     */
    public static CedarJavaAuthorizer of(Map<String, String> policyTextById, boolean preparse) {
        Set<Policy> set = new LinkedHashSet<>();
        policyTextById.forEach((id, text) -> set.add(new Policy(text, id)));
        return new CedarJavaAuthorizer(new PolicySet(set), preparse);
    }

    /** A whole policy file parsed by cedar-java, whose policies are named {@code policy0}, {@code policy1}, … */
    public static CedarJavaAuthorizer parse(String policyFile) {
        try {
            return new CedarJavaAuthorizer(PolicySet.parsePolicies(policyFile), true);
        } catch (InternalException e) {
            throw new IllegalArgumentException("cedar-java rejects the policies: " + e.getMessage(), e);
        }
    }

    /** How many static policies cedar-java holds. */
    public int size() {
        return policies.getNumPolicies();
    }

    /** Decides {@code request} given all the entities it can reach. */
    @Override
    public Verdict decide(Request request, List<Entity> fullSlice) {
        return decide(toRequest(request), toEntities(fullSlice));
    }

    /** Decides an already converted request; what a benchmark times. */
    public Verdict decide(AuthorizationRequest request, Set<com.cedarpolicy.model.entity.Entity> entities) {
        AuthorizationResponse r;
        try {
            r = engine.isAuthorized(request, policies, entities);
        } catch (AuthException e) {
            throw new IllegalStateException("cedar-java failed: " + e.getMessage(), e);
        }
        if (r.success.isEmpty()) {
            // the errors field is typed with Guava, which cedar-java keeps off our compile class path
            throw new IllegalStateException("cedar-java failed: " + r);
        }
        AuthorizationSuccessResponse s = r.success.get();
        List<String> errors = new ArrayList<>();
        s.getErrors().forEach(e -> errors.add(e.getPolicyId()));
        return Verdict.of(s.isAllowed() ? Decision.ALLOW : Decision.DENY, s.getReason(), errors);
    }

    // ---- conversion from our values ----

    public static AuthorizationRequest toRequest(Request r) {
        return new AuthorizationRequest(toUid(r.principal()), toUid(r.action()), toUid(r.resource()),
                toMap(r.context().attributes()));
    }

    public static Set<com.cedarpolicy.model.entity.Entity> toEntities(Collection<Entity> entities) {
        Set<com.cedarpolicy.model.entity.Entity> out = new HashSet<>(entities.size() * 2);
        for (Entity e : entities) {
            out.add(toEntity(e));
        }
        return out;
    }

    public static com.cedarpolicy.model.entity.Entity toEntity(Entity e) {
        Set<EntityUID> parents = new HashSet<>();
        e.parents().forEach(p -> parents.add(toUid(p)));
        return new com.cedarpolicy.model.entity.Entity(toUid(e.uid()), toMap(e.attributes()), parents, toMap(e.tags()));
    }

    public static EntityUID toUid(EntityUid u) {
        EntityTypeName type = TYPE_NAMES.computeIfAbsent(u.type(), t -> EntityTypeName.parse(t)
                .orElseThrow(() -> new IllegalArgumentException("cedar-java rejects entity type `" + t + "`")));
        return new EntityUID(type, u.id());
    }

    private static Map<String, com.cedarpolicy.value.Value> toMap(Map<String, Value> attrs) {
        Map<String, com.cedarpolicy.value.Value> out = new HashMap<>(attrs.size() * 2);
        attrs.forEach((k, v) -> out.put(k, toValue(v)));
        return out;
    }

    public static com.cedarpolicy.value.Value toValue(Value v) {
        return switch (v) {
            case BoolValue b -> new PrimBool(b.value());
            case LongValue l -> new PrimLong(l.value());
            case StringValue s -> new PrimString(s.value());
            case EntityUid u -> toUid(u);
            case SetValue s -> {
                List<com.cedarpolicy.value.Value> elements = new ArrayList<>(s.elements().size());
                s.elements().forEach(x -> elements.add(toValue(x)));
                yield new CedarList(elements);
            }
            case RecordValue r -> new CedarMap(new LinkedHashMap<>(toMap(r.attributes())));
            case ExtensionValue x -> switch (x) {
                case dev.veto.cedar.value.Decimal d -> new Decimal(d.toLiteralString());
                case dev.veto.cedar.value.IpAddr ip -> new IpAddress(ip.toLiteralString());
                case dev.veto.cedar.value.Datetime d -> new DateTime(d.toLiteralString());
                case dev.veto.cedar.value.Duration d -> new Duration(d.toLiteralString());
            };
        };
    }
}
