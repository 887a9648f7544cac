package dev.veto.control;

import dev.veto.ledger.SignedCheckpoint;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * Every read, typed, under the access policy: each finds its object as the caller may see it (a
 * customer's view of another organization's case is "there is none"), checks the caller may read
 * it, and builds its view while no command changes the state.
 */
public final class Queries {
    private final EventLog events;
    private final Decisions decisions;

    Queries(EventLog events) {
        this.events = events;
        this.decisions = events.decisions();
    }

    public Views.CaseView caseView(Actor actor, String id) {
        return events.read(s -> {
            Lookups.caseFor(s, actor, Permission.CASE_READ, id);
            return Views.caseView(s, decisions, id, actor.isCustomer());
        });
    }

    /**
     * Whether the actor may read a case, for a pass over many: a customer never sees another
     * organization's; otherwise the access policy decides. A case's target is its uid and its
     * org, so with no access policy naming a case by its uid one decision per org answers for all
     * of its cases (10,000 cases on a queue, about 1,000 orgs).
     */
    private java.util.function.Predicate<CaseState> readable(Actor actor) {
        return c -> readable(actor, c.id(), c.org());
    }

    private boolean readable(Actor actor, String caseId, String org) {
        if (actor.isCustomer() && !org.equals(actor.org())) {
            return false;
        }
        if (!BY_ORG) {
            return Access.SHIPPED.permits(actor, Permission.CASE_READ, Lookups.target(caseId, org));
        }
        // INVARIANT: the shipped access policy is fixed and names no case, so this depends on (actor, org) alone
        Map<String, Boolean> orgs = readableOrgs.computeIfAbsent(actor, a -> new java.util.concurrent.ConcurrentHashMap<>());
        Boolean may = orgs.get(org);
        if (may == null) {
            may = Access.SHIPPED.permits(actor, Permission.CASE_READ, Lookups.target(caseId, org));
            if (readableOrgs.size() > 10_000) {
                readableOrgs.clear();
            }
            orgs.put(org, may);
        }
        return may;
    }

    /** Whether case reads can be decided once per (caller, organization): no access policy names a case by its uid. */
    private static final boolean BY_ORG = !Access.SHIPPED.namesEntitiesOf("Case");
    /** Case reads decided, per caller and organization (see {@link #readable(Actor, String, String)}). */
    private final java.util.concurrent.ConcurrentHashMap<Actor, Map<String, Boolean>> readableOrgs = new java.util.concurrent.ConcurrentHashMap<>();
    /** Every case's summary, newest first, as of one log size: rebuilt only after a write. */
    private volatile Summaries summaries;

    private record Summaries(long size, List<Views.CaseSummary> all) {}

    /** Ids of the cases the actor may see: all of them for staff, its organization's for a customer. */
    public List<String> visibleCases(Actor actor) {
        return events.read(s -> {
            List<String> out = new ArrayList<>();
            java.util.function.Predicate<CaseState> readable = readable(actor);
            for (CaseState c : s.cases.values()) {
                if (readable.test(c)) {
                    out.add(c.id());
                }
            }
            return out;
        });
    }

    /**
     * One line per case the actor may see, newest first, for a queue: built from the state
     * without the full views (a queue of 10,000 cases pages through these).
     */
    public List<Views.CaseSummary> caseSummaries(Actor actor) {
        return events.read(s -> {
            Summaries all = summaries;
            if (all == null || all.size() != s.size) {
                List<Views.CaseSummary> built = new ArrayList<>(s.cases.size());
                for (CaseState c : s.cases.values()) {
                    built.add(Views.summary(s, c));
                }
                java.util.Collections.reverse(built);
                summaries = all = new Summaries(s.size, List.copyOf(built));
            }
            List<Views.CaseSummary> out = new ArrayList<>();
            for (Views.CaseSummary c : all.all()) {
                if (readable(actor, c.id(), c.org())) {
                    out.add(c);
                }
            }
            return out;
        });
    }

    /** The appeals the actor may see, oldest first, each with its case's summary. */
    public List<Views.AppealView> appeals(Actor actor) {
        java.util.function.Predicate<CaseState> readable = readable(actor);
        return events.read(s -> {
            List<Views.AppealView> out = new ArrayList<>();
            for (CaseState c : s.cases.values()) {
                if (c.appeals.isEmpty() || !readable.test(c)) {
                    continue;
                }
                for (String a : c.appeals) {
                    out.add(Views.appeal(s, a));
                }
            }
            return out;
        });
    }

    /**
     * Restrictions enforced per month (UTC, {@code 2027-03}) among the log's first {@code size}
     * entries: public, since each enforcement's activation and its time are in its public envelope.
     */
    public java.util.SortedMap<String, Integer> enforcementsByMonth(long size) {
        return events.read(s -> {
            java.util.SortedMap<String, Integer> out = new java.util.TreeMap<>();
            for (EnforcementState e : s.enforcements.values()) {
                if (e.activatedAt.index() < size) {
                    out.merge(java.time.YearMonth.from(e.activatedAt.time().atZone(java.time.ZoneOffset.UTC)).toString(), 1, Integer::sum);
                }
            }
            return out;
        });
    }

    public Views.ProposalView proposal(Actor actor, String id) {
        return events.read(s -> {
            Lookups.proposalFor(s, actor, Permission.CASE_READ, id);
            if (actor.isCustomer() && !Views.isDecided(s, id)) {
                // drafts and shadow trials are the provider's internal work, invisible to the customer
                throw Rejection.notFound("there is no proposal \"" + id + "\"");
            }
            return Views.proposal(s, decisions, id, actor.isCustomer());
        });
    }

    /**
     * A proposal's impact on the current state and the recent decisions, as proposing it
     * previewed (staff only: the preview names accounts and decisions of the provider's records).
     */
    public Impact.Preview impact(Actor actor, String id, java.time.Instant now) {
        return events.read(s -> {
            ProposalState p = staffProposal(s, actor, id);
            Event.ProposalMade m = p.made;
            java.time.Instant start = m.effectiveAt() == null || m.effectiveAt().isBefore(now) ? now : m.effectiveAt();
            dev.veto.cedar.value.EntityUid scope = dev.veto.cedar.value.EntityUid.of(m.scope().type(), m.scope().id());
            return Impact.preview(scope, p.parsed, decisions.snapshot(), s.within(scope), decisions.recent(),
                    start, m.exportWindowEndsAt());
        });
    }

    /**
     * The notice the customer would receive if pending proposal {@code id} were enforced at
     * {@code now}, as the enforcing approval writes it (staff only), or null when the proposal
     * cannot be enforced as it stands (the refusal says why when someone tries).
     */
    public dev.veto.control.notice.NoticeWriter.Letter noticePreview(Actor actor, String id, java.time.Instant now) {
        return events.read(s -> {
            ProposalState p = staffProposal(s, actor, id);
            if (p.status != ProposalStatus.PENDING) {
                return null;
            }
            try {
                return dev.veto.control.notice.NoticeWriter.letter(ReviewRules.enforcing(s, s.cases.get(p.made.caseId()), p, id, now).facts());
            } catch (Rejection e) {
                return null;
            }
        });
    }

    /** A proposal the provider's staff may read; to a customer, as everywhere, there is none. */
    private static ProposalState staffProposal(State s, Actor actor, String id) {
        ProposalState p = Lookups.proposalFor(s, actor, Permission.CASE_READ, id);
        if (actor.isCustomer()) {
            throw Rejection.notFound("there is no proposal \"" + id + "\"");
        }
        return p;
    }

    public Views.EnforcementView enforcement(Actor actor, String id) {
        return events.read(s -> {
            Lookups.enforcementFor(s, actor, Permission.CASE_READ, id);
            return Views.enforcement(s, id);
        });
    }

    public Views.NoticeView notice(Actor actor, String id) {
        return events.read(s -> {
            Lookups.noticeFor(s, actor, Permission.NOTICE_READ, id);
            return Views.notice(s, id);
        });
    }

    /** The statement of reasons of a notice, in the DSA Transparency Database's field names and values. */
    public Map<String, Object> statementOfReasons(Actor actor, String id) {
        return events.read(s -> {
            Lookups.noticeFor(s, actor, Permission.NOTICE_READ, id);
            return Views.statementOfReasons(s, id);
        });
    }

    /** The platform policies by id, as their Cedar text. */
    public Map<String, String> policies(Actor actor) {
        require(actor, Permission.PLATFORM_READ);
        return events.read(s -> new LinkedHashMap<>(s.policies));
    }

    /** The service catalog by service name. */
    public Map<String, Event.ServicePut> services(Actor actor) {
        require(actor, Permission.PLATFORM_READ);
        return events.read(s -> new LinkedHashMap<>(s.services));
    }

    /**
     * The platform schema as it stands: derived from what is stored and the catalog, with the
     * administrator's extension (see {@link PlatformSchema}).
     */
    public PlatformSchema schema(Actor actor) {
        require(actor, Permission.PLATFORM_READ);
        return events.read(State::platformSchema);
    }

    public Map<String, Event.PrinciplePut> principles(Actor actor) {
        require(actor, Permission.PLATFORM_READ);
        return events.read(s -> new LinkedHashMap<>(s.principles));
    }

    /**
     * The transparency report over the log's entries up to {@code checkpoint}: public, computed
     * from public envelopes only. At the size the state is at, the running tally answers; an
     * older checkpoint's report is computed from the log (and the last few are kept).
     */
    public Map<String, Object> transparencyReport(SignedCheckpoint checkpoint) {
        Map<String, Object> latest = events.read(s -> s.size == checkpoint.size() ? s.tally.report(checkpoint) : null);
        if (latest != null) {
            return latest;
        }
        synchronized (reports) {
            Map<String, Object> r = reports.get(checkpoint.size());
            if (r == null) {
                r = TransparencyReport.compute(events.log(), checkpoint);
                reports.put(checkpoint.size(), r);
            }
            return r;
        }
    }

    /** Reports at older checkpoints, most recently used last. */
    private final Map<Long, Map<String, Object>> reports = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, Map<String, Object>> eldest) {
            return size() > 8;
        }
    };

    /**
     * Log entry {@code index} as {@code actor} may see it (null: anyone). Anyone sees the public
     * envelope: index, leaf hash, format, type, time, public fields, the commitments, and which
     * private parts were erased, when and by which entry. Auditors see every entry's private parts
     * (salt and bytes, so they can check them against the commitments) and the decoded event; a
     * customer sees them for the entries of its own cases that its case view shows. A format 1
     * entry holds its whole event in the leaf, so its bytes are shown only to those.
     */
    public Map<String, Object> logEntry(Actor actor, long index) {
        dev.veto.ledger.Log log = events.log();
        long size = log.size();
        if (index < 0 || index >= size) {
            throw Rejection.notFound("there is no log entry " + index + "; the log has " + size + " entries (0 to " + (size - 1) + ")");
        }
        byte[] bytes = log.entry(index);
        boolean full = actor != null && (may(actor, Permission.LOG_PRIVATE_READ) || actor.isCustomer() && customerEntries(actor).contains(index));
        List<dev.veto.ledger.store.LogStore.StoredPart> parts = log.privateParts(index);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("index", index);
        m.put("leafHash", java.util.Base64.getEncoder().encodeToString(dev.veto.ledger.merkle.Hashes.leaf(bytes)));
        boolean envelope = dev.veto.ledger.entry.Envelope.isEnvelope(bytes);
        m.put("format", envelope ? dev.veto.ledger.entry.Envelope.FORMAT : 1);
        if (envelope || full) {
            m.put("entry", java.util.Base64.getEncoder().encodeToString(bytes));
        }
        EventCodec.PublicView view = EventCodec.publicView(bytes);
        if (view != null) {
            m.put("type", view.type());
            m.put("time", view.time());
            m.put("public", view.fields());
        }
        if (envelope) {
            Map<String, String> commitments = new java.util.TreeMap<>();
            EventCodec.envelope(bytes).commitments().forEach((k, v) -> commitments.put(k, java.util.HexFormat.of().formatHex(v)));
            m.put("commitments", commitments);
            List<Map<String, Object>> erased = new ArrayList<>();
            Map<String, Object> shown = new LinkedHashMap<>();
            for (dev.veto.ledger.store.LogStore.StoredPart p : parts) {
                if (p.erased()) {
                    Map<String, Object> e = new LinkedHashMap<>();
                    e.put("part", p.name());
                    e.put("erasedBy", p.erasedBy());
                    State.Erasure x = events.read(s -> s.erasures.get(index));
                    if (x != null) {
                        e.put("at", x.at().time());
                        if (full) {
                            e.put("by", x.event().by());
                        }
                    }
                    erased.add(e);
                } else if (full) {
                    Map<String, Object> part = new LinkedHashMap<>();
                    part.put("salt", java.util.Base64.getEncoder().encodeToString(p.salt()));
                    part.put("data", java.util.Base64.getEncoder().encodeToString(p.data()));
                    shown.put(p.name(), part);
                }
            }
            if (!erased.isEmpty()) {
                m.put("erased", erased);
            }
            if (full) {
                m.put("private", shown);
            }
        } else if (!full) {
            m.put("restricted", "entries before index " + log.envelopesFrom() + " were written before envelopes and hold their whole event;"
                    + " only auditors see them");
        }
        if (full && view != null) {
            try {
                m.put("event", EventCodec.toTree(EventCodec.decode(bytes, parts)));
            } catch (EventCodec.UnreadableEventException e) {
                m.put("undecodable", e.getMessage());
            }
        }
        return m;
    }

    /**
     * The receipt of notice {@code id} (see {@link Receipts}), at the checkpoint of {@code size}
     * whose note (with any witnesses' cosignatures) is {@code note}; the checkpoint must cover the notice.
     */
    public JsonNode receipt(Actor actor, String id, long size, String note) {
        return events.read(s -> {
            Lookups.noticeFor(s, actor, Permission.NOTICE_READ, id);
            Views.NoticeView notice = Views.notice(s, id);
            if (size <= notice.index()) {
                throw new Rejection(Rejection.Kind.UNAVAILABLE, "no checkpoint covers notice " + id + " yet; retry in a moment");
            }
            List<Long> indices = new ArrayList<>();
            for (TimelineEntry t : s.cases.get(notice.caseId()).timeline) {
                if (t.index() <= notice.index() && Views.customerSees(s, t)) {
                    indices.add(t.index());
                }
            }
            return Receipts.build(events.log(), notice, indices, size, note);
        });
    }

    /** The log indices of the steps a customer's case views show: its own cases, without drafts. */
    private java.util.Set<Long> customerEntries(Actor actor) {
        return events.read(s -> {
            java.util.Set<Long> out = new java.util.HashSet<>();
            java.util.function.Predicate<CaseState> readable = readable(actor);
            for (CaseState c : s.cases.values()) {
                if (readable.test(c)) {
                    for (TimelineEntry t : c.timeline) {
                        if (Views.customerSees(s, t)) {
                            out.add(t.index());
                        }
                    }
                }
            }
            return out;
        });
    }

    /** The approver roster and its changes. */
    public Views.RosterView roster(Actor actor) {
        require(actor, Permission.PLATFORM_READ);
        return events.read(Views::roster);
    }

    /** Tokens (never their secrets): all of them for an admin, one's own otherwise. */
    public List<Views.TokenView> tokens(Actor actor) {
        boolean all = may(actor, Permission.TOKEN_REVOKE);
        return events.read(s -> {
            List<Views.TokenView> out = new ArrayList<>();
            for (int i = 1; i <= s.tokens.count(); i++) {
                Tokens.Token t = s.tokens.byId(String.format("T-%04d", i));
                if (t != null && (all || t.subject.equals(actor.subject()))) {
                    out.add(Views.token(t));
                }
            }
            return out;
        });
    }

    /** How many moves out of an enforcement's scope have been seen, released or not (for the metrics). */
    public long evasionsDetected() {
        return events.read(s -> s.enforcements.values().stream().mapToLong(e -> e.kept.size()).sum());
    }

    /** The shipped access policy's Cedar text: what each role may do. */
    public String accessPolicy() {
        return Access.policyText();
    }

    /** Refuses the actor unless the access policy grants it {@code permission} on the platform. */
    public void require(Actor actor, Permission permission) {
        java.util.Set<Permission> g = granted.get(actor);
        if (g != null && g.contains(permission)) {
            return;
        }
        Access.SHIPPED.require(actor, permission, Access.Target.PLATFORM_TARGET);
        if (granted.size() > 10_000) {
            granted.clear();
        }
        granted.compute(actor, (k, v) -> {
            java.util.Set<Permission> next = v == null ? java.util.EnumSet.noneOf(Permission.class) : java.util.EnumSet.copyOf(v);
            next.add(permission);
            return java.util.Collections.unmodifiableSet(next);
        });
    }

    /**
     * What each caller was granted on the platform: the shipped access policy is fixed, and a
     * platform permission depends only on who the caller is (an enforcement point acknowledges
     * every revision it applies, and each acknowledgement is checked).
     */
    private final java.util.concurrent.ConcurrentHashMap<Actor, java.util.Set<Permission>> granted = new java.util.concurrent.ConcurrentHashMap<>();

    /** Whether the access policy grants the actor {@code permission} on the platform. */
    public boolean may(Actor actor, Permission permission) {
        return Access.SHIPPED.permits(actor, permission, Access.Target.PLATFORM_TARGET);
    }
}
