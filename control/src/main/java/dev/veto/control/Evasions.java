package dev.veto.control;

import dev.veto.cedar.entity.Entity;
import dev.veto.cedar.value.EntityUid;
import dev.veto.control.Event.Ref;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An enforcement cannot be dodged by moving what it restricts: when an entities write takes an
 * entity out of the scope of an active enforcement (or out of an entity it already keeps), the
 * enforcement goes on restricting that entity by name, with the same services, window and
 * annotations, until a reviewer releases it, and the move is recorded on the case. Whoever
 * controls the hierarchy (the platform, or a customer through it) moves workloads; the
 * restriction moves with them.
 */
final class Evasions {
    private Evasions() {}

    /** The events that follow an entities write of {@code batch}: one per entity it takes out of a restricted scope. */
    static List<Event> detect(State s, List<Entity> batch) {
        Map<EntityUid, List<EnforcementState>> roots = roots(s);
        if (roots.isEmpty()) {
            return List.of();
        }
        Map<EntityUid, Set<EntityUid>> after = new HashMap<>();
        for (Entity e : batch) {
            after.put(e.uid(), e.parents());
        }
        List<Event> out = new ArrayList<>();
        Map<String, Integer> keptCount = new HashMap<>();
        for (Entity e : batch) {
            Entity stored = s.entities.get(e.uid());
            if (stored == null || stored.parents().equals(e.parents())) {
                continue;
            }
            Set<EntityUid> before = Hierarchy.ancestors(e.uid(), s.entities, Map.of());
            Set<EntityUid> now = Hierarchy.ancestors(e.uid(), s.entities, after);
            for (EntityUid left : before) {
                if (now.contains(left)) {
                    continue;
                }
                for (EnforcementState enf : roots.getOrDefault(left, List.of())) {
                    if (enf.kept.containsKey(e.uid()) && enf.kept.get(e.uid()).releasedAt == null) {
                        continue;
                    }
                    int n = keptCount.merge(enf.activated.id(), 1, Integer::sum) + enf.kept.size();
                    out.add(new Event.EvasionDetected(enf.activated.id(), enf.activated.caseId(), new Ref(e.uid().type(), e.uid().id()),
                            new Ref(left.type(), left.id()), EnforcementCompiler.compile(remedy(s, enf).keptOn(e.uid(), n), enf.activatedAt.time())));
                }
            }
        }
        return out;
    }

    /** Each restricted root (an active enforcement's scope, or an entity it keeps) and the enforcements restricting it. */
    private static Map<EntityUid, List<EnforcementState>> roots(State s) {
        Map<EntityUid, List<EnforcementState>> roots = new HashMap<>();
        for (EnforcementState enf : s.enforcements.values()) {
            if (enf.status != EnforcementStatus.ACTIVE) {
                continue;
            }
            Ref scope = s.proposals.get(enf.activated.proposalId()).made.scope();
            roots.computeIfAbsent(EntityUid.of(scope.type(), scope.id()), k -> new ArrayList<>()).add(enf);
            for (Map.Entry<EntityUid, EnforcementState.Kept> k : enf.kept.entrySet()) {
                if (k.getValue().releasedAt == null) {
                    roots.computeIfAbsent(k.getKey(), x -> new ArrayList<>()).add(enf);
                }
            }
        }
        return roots;
    }

    /** The remedy an enforcement enforces, as its proposal describes it. */
    private static EnforcementCompiler.Remedy remedy(State s, EnforcementState enf) {
        Event.ProposalMade p = s.proposals.get(enf.activated.proposalId()).made;
        Instant activated = enf.activatedAt.time();
        Instant start = p.effectiveAt() == null || p.effectiveAt().isBefore(activated) ? activated : p.effectiveAt();
        Instant windowEnd = p.exportWindowEndsAt() != null ? p.exportWindowEndsAt() : start.plus(Duration.ofDays(p.exportWindowDays()));
        String principle = s.cases.get(p.caseId()).opened.principle();
        return new EnforcementCompiler.Remedy(p.caseId(), principle, enf.activated.id(), enf.activated.noticeId(),
                EntityUid.of(p.scope().type(), p.scope().id()), p.services(), p.effectiveAt(), windowEnd);
    }
}
