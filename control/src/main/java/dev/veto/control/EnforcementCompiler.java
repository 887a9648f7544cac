package dev.veto.control;

import dev.veto.cedar.value.EntityUid;
import dev.veto.cedar.value.Strings;
import dev.veto.control.Event.CompiledPolicy;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Compiles a remedy into the Cedar {@code forbid} policies that enforce it: one closing the
 * services to principals in the scope, its twin closing them on the scope's resources whoever
 * calls. Each carries {@code @case}, {@code @principle}, {@code @notice} and {@code @enforcement}
 * so a denial names its case. Reads and exports stay allowed until the export window ends; after
 * that the {@code unless} no longer holds and everything in those services is denied, with no
 * manual step. When the remedy starts later than now, a {@code when} clause holds it back until
 * then.
 */
public final class EnforcementCompiler {
    private static final DateTimeFormatter CEDAR_DATETIME =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    private EnforcementCompiler() {}

    /**
     * What to compile. {@code kept} is null for the remedy itself; for an entity the enforcement
     * keeps restricting after it was moved out of the scope ({@code scope} is then that entity),
     * its number among those kept, which names the policies and adds {@code @kept} to them.
     */
    public record Remedy(String caseId, String principle, String enforcementId, String noticeId, EntityUid scope,
            List<String> services, Instant effectiveAt, Instant exportWindowEndsAt, Integer kept) {

        public Remedy(String caseId, String principle, String enforcementId, String noticeId, EntityUid scope,
                List<String> services, Instant effectiveAt, Instant exportWindowEndsAt) {
            this(caseId, principle, enforcementId, noticeId, scope, services, effectiveAt, exportWindowEndsAt, null);
        }

        /** The same remedy, kept on {@code entity} (the {@code n}th so kept) after it left the scope. */
        Remedy keptOn(EntityUid entity, int n) {
            return new Remedy(caseId, principle, enforcementId, noticeId, entity, services, effectiveAt, exportWindowEndsAt, n);
        }
    }

    /**
     * The policy ids of an enforcement: {@code enf-<case>-<n>.principal} and {@code .resource};
     * for an entity it keeps, {@code enf-<case>-<n>.kept-<k>.principal} and {@code .resource}.
     */
    public static List<CompiledPolicy> compile(Remedy r, Instant now) {
        String base = "enf-" + r.caseId() + "-" + r.enforcementId().substring(r.enforcementId().lastIndexOf('-') + 1)
                + (r.kept() == null ? "" : ".kept-" + r.kept());
        return List.of(
                new CompiledPolicy(base + ".principal", text(r, base + ".principal", "principal in " + r.scope() + ", " + actions(r) + ", resource", now)),
                new CompiledPolicy(base + ".resource", text(r, base + ".resource", "principal, " + actions(r) + ", resource in " + r.scope(), now)));
    }

    public static String datetime(Instant t) {
        return "datetime(\"" + CEDAR_DATETIME.format(t) + "\")";
    }

    private static String actions(EnforcementCompiler.Remedy r) {
        return "action in [" + r.services().stream().map(s -> Catalog.serviceGroup(s).toString()).collect(Collectors.joining(", ")) + "]";
    }

    private static String text(Remedy r, String id, String scope, Instant now) {
        StringBuilder b = new StringBuilder()
                .append("@id(").append(Strings.quote(id)).append(") ")
                .append("@case(").append(Strings.quote(r.caseId())).append(") ")
                .append("@principle(").append(Strings.quote(r.principle())).append(") ")
                .append("@notice(").append(Strings.quote(r.noticeId())).append(") ")
                .append("@enforcement(").append(Strings.quote(r.enforcementId())).append(")")
                .append(r.kept() == null ? "" : " @kept(" + Strings.quote(r.scope().toString()) + ")")
                .append("\n")
                .append("forbid (").append(scope).append(")\n");
        if (r.effectiveAt() != null && r.effectiveAt().isAfter(now)) {
            b.append("when { context.now >= ").append(datetime(r.effectiveAt())).append(" }\n");
        }
        b.append("unless { (action in ").append(Catalog.accessGroup("read")).append(" || action in ").append(Catalog.accessGroup("export"))
                .append(") && context.now < ").append(datetime(r.exportWindowEndsAt())).append(" };");
        return b.toString();
    }
}
