package dev.veto.control;

import dev.veto.cedar.authz.Authorizer;
import dev.veto.cedar.authz.PolicySet;
import dev.veto.cedar.value.EntityUid;
import dev.veto.engine.EngineRequest;
import dev.veto.engine.Snapshot;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.TreeSet;

/**
 * A proposal's dry run: which units and accounts it reaches, and which recently recorded
 * decisions (allowed today) it would turn into denials, during the export window and after it.
 */
public final class Impact {
    static final int LISTED = 50;

    private Impact() {}

    /**
     * @param units                    how many units the scope reaches (itself included), and the first {@value #LISTED} of them
     * @param accounts                 likewise for accounts
     * @param recordedDecisions        how many recent allowed decisions were checked
     * @param flipDuringExportWindow   how many of them the remedy denies while reads and exports are still allowed
     * @param flipAfterExportWindow    how many it denies once the window has ended
     * @param examples                 up to {@value #LISTED} of the decisions that flip after the window
     */
    public record Preview(int unitCount, List<String> units, int accountCount, List<String> accounts, int recordedDecisions,
            int flipDuringExportWindow, int flipAfterExportWindow, List<Example> examples) {}

    public record Example(String principal, String action, String resource) {}

    static Preview preview(EntityUid scope, List<PolicySet.Entry> entries, Snapshot snapshot, Collection<EntityUid> within,
            List<EngineRequest> recent, Instant start, Instant windowEnd) {
        TreeSet<String> units = new TreeSet<>();
        TreeSet<String> accounts = new TreeSet<>();
        for (EntityUid u : within) {
            if (u.type().equals("Unit")) {
                units.add(u.toString());
            } else if (u.type().equals("Account")) {
                accounts.add(u.toString());
            }
        }
        int during = 0;
        int after = 0;
        List<Example> examples = new ArrayList<>();
        for (EngineRequest r : recent) {
            OverlayEntities source = new OverlayEntities(snapshot, r.entities());
            if (denies(entries, r, start, source)) {
                during++;
            }
            if (denies(entries, r, windowEnd.plusMillis(1), source)) {
                after++;
                if (examples.size() < LISTED) {
                    examples.add(new Example(r.principal().toString(), r.action().toString(), r.resource().toString()));
                }
            }
        }
        return new Preview(units.size(), units.stream().limit(LISTED).toList(), accounts.size(), accounts.stream().limit(LISTED).toList(),
                recent.size(), during, after, examples);
    }

    private static boolean denies(List<PolicySet.Entry> entries, EngineRequest r, Instant at, OverlayEntities source) {
        return !Authorizer.isAuthorized(Shadow.request(r, at), entries, source).reasons().isEmpty();
    }
}
