package dev.veto.pep;

import java.time.Instant;

/**
 * An enforcement point's state, for its health endpoint and metrics.
 *
 * @param id               the point's id, as its acknowledgements name it
 * @param ready            whether it has a verified state to decide on
 * @param upstream         the server it follows now (null while it has none)
 * @param revision         the revision it decides at: every entry below it verified against a signed checkpoint and applied
 * @param serverRevision   the latest revision a server said it is at
 * @param lag              {@code serverRevision - revision}
 * @param verifiedCheckpoint the size of the last signed checkpoint its state was checked against
 * @param lastHeard        when it last heard from a server (an entry, a checkpoint or a heartbeat)
 * @param stale            whether that is longer ago than its staleness bound, so its fail mode applies
 * @param failMode         what it does when stale
 * @param refusals         how many times it refused what a server sent (a bad commitment, a root that does not match a signed checkpoint, a gap, a bad signature)
 * @param lastRefusal      why it last refused, or null
 * @param bootstraps       how many state snapshots it has started from
 */
public record Health(String id, boolean ready, String upstream, long revision, long serverRevision, long lag, long verifiedCheckpoint,
                     Instant lastHeard, boolean stale, FailMode failMode, long refusals, String lastRefusal, long bootstraps) {}
