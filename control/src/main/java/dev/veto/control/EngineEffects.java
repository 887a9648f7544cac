package dev.veto.control;

import dev.veto.cedar.entity.Entity;
import dev.veto.cedar.json.CedarJson;
import dev.veto.cedar.parser.PolicyParser;
import dev.veto.cedar.value.EntityUid;
import dev.veto.engine.Change;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * What log events do to decisions: each event turned into the engine changes it makes, with the
 * little state that needs (each service's operations, each enforcement's policies, the policies
 * kept on evaded entities, every policy's text, the entity types stored). The server's
 * projections and every enforcement point's replica run this same code on the same events, so a
 * replica decides exactly as the server does; a replica joining late starts from {@link #saved()}.
 *
 * <p>Not thread-safe: one writer applies events in log order.
 */
public final class EngineEffects {
    /** Operation names of each service, as last put. */
    private final Map<String, List<String>> services = new TreeMap<>();
    /** Every policy in the engine, by id: platform policies and enforcements' compiled ones. */
    private final Map<String, String> policies = new TreeMap<>();
    /** The policy ids each active enforcement put. */
    private final Map<String, List<String>> enforcements = new TreeMap<>();
    /** The policy ids kept on each evaded entity ({@code Type::"id"}) of each enforcement, until released. */
    private final Map<String, Map<String, List<String>>> kept = new TreeMap<>();
    /** Every entity type stored so far. */
    private final Set<String> types = new HashSet<>();
    private Set<String> publishedTypes = Set.of();

    /** This state, as a replica receives it in a state snapshot. */
    public record Saved(Map<String, List<String>> services, Map<String, String> policies, Map<String, List<String>> enforcements,
                        Map<String, Map<String, List<String>>> kept, List<String> types) {}

    public EngineEffects() {}

    /** A state saved by {@link #saved()}: its policies are parsed again by whoever installs them ({@link #policyChanges()}). */
    public static EngineEffects restore(Saved s) {
        EngineEffects e = new EngineEffects();
        e.services.putAll(s.services());
        e.policies.putAll(s.policies());
        e.enforcements.putAll(s.enforcements());
        s.kept().forEach((k, v) -> e.kept.put(k, new TreeMap<>(v)));
        e.types.addAll(s.types());
        return e;
    }

    /** A copy of this state, to send to a replica. */
    public Saved saved() {
        Map<String, Map<String, List<String>>> k = new TreeMap<>();
        kept.forEach((key, v) -> k.put(key, new TreeMap<>(v)));
        return new Saved(new TreeMap<>(services), new TreeMap<>(policies), new TreeMap<>(enforcements), k,
                types.stream().sorted().toList());
    }

    /** Every entity type stored so far, as decisions read it (copied only after it grew). */
    public Set<String> types() {
        if (publishedTypes.size() != types.size()) {
            publishedTypes = Set.copyOf(types);
        }
        return publishedTypes;
    }

    /** Every policy this state holds, parsed: what installs them in an empty engine. */
    public List<Change> policyChanges() {
        List<Change> out = new ArrayList<>(policies.size());
        policies.forEach((id, text) -> out.add(new Change.PutPolicy(id, parse(text, "policy " + id))));
        return out;
    }

    /**
     * The engine changes {@code event} makes, recorded as this state's; none for an event that
     * does not change decisions. {@code source} names the entry in messages.
     */
    public List<Change> apply(Event event, String source) {
        List<Change> changes = new ArrayList<>(2);
        switch (event) {
            case Event.EntitiesPut e -> {
                for (Entity entity : CedarJson.parseEntities(e.entities(), source, null)) {
                    types.add(entity.uid().type());
                    changes.add(new Change.PutEntity(entity));
                }
            }
            case Event.EntityRemoved e -> changes.add(new Change.RemoveEntity(EntityUid.of(e.entity().type(), e.entity().id())));
            case Event.ServicePut e -> {
                Set<String> names = new LinkedHashSet<>();
                for (Event.Operation op : e.operations()) {
                    names.add(op.name());
                    changes.add(new Change.PutEntity(Catalog.actionEntity(e.service(), op)));
                }
                List<String> before = services.put(e.service(), List.copyOf(names));
                for (String op : before == null ? List.<String>of() : before) {
                    if (!names.contains(op)) {
                        changes.add(new Change.RemoveEntity(Catalog.actionUid(e.service(), op)));
                    }
                }
            }
            case Event.PolicyPut e -> put(e.id(), e.text(), "policy " + e.id(), changes);
            case Event.PolicyRemoved e -> remove(e.id(), changes);
            case Event.EnforcementActivated e -> {
                List<String> ids = new ArrayList<>();
                for (Event.CompiledPolicy cp : e.policies()) {
                    put(cp.id(), cp.text(), "enforcement " + e.id(), changes);
                    ids.add(cp.id());
                }
                enforcements.put(e.id(), List.copyOf(ids));
            }
            case Event.EvasionDetected e -> {
                List<String> ids = new ArrayList<>();
                for (Event.CompiledPolicy cp : e.policies()) {
                    put(cp.id(), cp.text(), "enforcement " + e.enforcementId(), changes);
                    ids.add(cp.id());
                }
                kept.computeIfAbsent(e.enforcementId(), k -> new TreeMap<>()).put(e.entity().toString(), List.copyOf(ids));
            }
            case Event.EvasionReleased e -> {
                Map<String, List<String>> byEntity = kept.getOrDefault(e.enforcementId(), Map.of());
                for (String id : byEntity.getOrDefault(e.entity().toString(), List.of())) {
                    remove(id, changes);
                }
                if (!byEntity.isEmpty()) {
                    byEntity.remove(e.entity().toString());
                }
            }
            case Event.EnforcementLifted e -> {
                for (String id : enforcements.getOrDefault(e.id(), List.of())) {
                    remove(id, changes);
                }
                enforcements.remove(e.id());
                for (List<String> ids : kept.getOrDefault(e.id(), Map.of()).values()) {
                    for (String id : ids) {
                        remove(id, changes);
                    }
                }
                kept.remove(e.id());
            }
            case Event.PrinciplePut e -> {}
            // the platform schema refuses requests and policies on the server; it decides nothing
            case Event.SchemaPut e -> {}
            case Event.TokenCreated e -> {}
            case Event.TokenRevoked e -> {}
            case Event.RosterBootstrapped e -> {}
            case Event.RosterChangeProposed e -> {}
            case Event.RosterChangeApproved e -> {}
            case Event.RosterChanged e -> {}
            case Event.PayloadErased e -> {}
            case Event.CaseOpened e -> {}
            case Event.CaseAssigned e -> {}
            case Event.EvidenceAdded e -> {}
            case Event.FindingRecorded e -> {}
            case Event.ProposalMade e -> {}
            case Event.ProposalApproved e -> {}
            case Event.NoticeIssued e -> {}
            case Event.AppealFiled e -> {}
            case Event.AppealDecided e -> {}
            case Event.CaseClosed e -> {}
        }
        return changes;
    }

    private void put(String id, String text, String source, List<Change> changes) {
        policies.put(id, text);
        changes.add(new Change.PutPolicy(id, parse(text, source)));
    }

    /**
     * Policies parsed lately, by text: a parsed policy is immutable, and the enforcement points
     * sharing a process (and a replica starting again) parse the same texts.
     */
    private static final java.util.concurrent.ConcurrentHashMap<String, dev.veto.cedar.ast.Policy> PARSED = new java.util.concurrent.ConcurrentHashMap<>();

    private static dev.veto.cedar.ast.Policy parse(String text, String source) {
        dev.veto.cedar.ast.Policy p = PARSED.get(text);
        if (p == null) {
            p = PolicyParser.parsePolicy(text, source);
            if (PARSED.size() > 4096) {
                PARSED.clear();
            }
            PARSED.put(text, p);
        }
        return p;
    }

    private void remove(String id, List<Change> changes) {
        policies.remove(id);
        changes.add(new Change.RemovePolicy(id));
    }

    /** The type names of the events that change decisions, as the log and the feed spell them. */
    public static Set<String> decisionTypes() {
        return DECISION_TYPES;
    }

    private static final Set<String> DECISION_TYPES;

    static {
        Set<String> s = new LinkedHashSet<>();
        for (Class<?> c : Event.class.getPermittedSubclasses()) {
            if (EventCodec.changesDecisions(c)) {
                s.add(EventCodec.typeOf(c));
            }
        }
        DECISION_TYPES = Set.copyOf(s);
    }

    /** Every policy in the engine, by id, its text (a copy): what a schema change validates. */
    Map<String, String> policies() {
        return new LinkedHashMap<>(policies);
    }
}
