package dev.veto.cli;

import dev.veto.control.EventCodec;
import dev.veto.control.TransparencyReport;
import dev.veto.ledger.LogRecord;
import dev.veto.ledger.entry.Envelope;
import dev.veto.ledger.remote.GrowthCheck;

/**
 * Takes a log's new entries, in order, into a transparency report's tally, reading each as the
 * server does ({@link EventCodec#publicView}). Strict, as the monitor reads them, it also requires
 * each entry to be a valid format 2 envelope, or a format 1 record before the first envelope.
 */
final class TalliedEntries implements GrowthCheck.EntryCheck {
    private final TransparencyReport.Tally tally;
    private final boolean strict;
    private Long envelopesFrom;
    private long envelopes;
    private long records;

    private TalliedEntries(TransparencyReport.Tally tally, boolean strict, Long envelopesFrom) {
        this.tally = tally;
        this.strict = strict;
        this.envelopesFrom = envelopesFrom;
    }

    /** Tallies every entry as the server's report does, whatever it holds. */
    static TalliedEntries lenient(TransparencyReport.Tally tally) {
        return new TalliedEntries(tally, false, null);
    }

    /** Tallies entries and refuses any that is not an envelope or an earlier record; {@code envelopesFrom} is the first envelope seen before, or null. */
    static TalliedEntries strict(TransparencyReport.Tally tally, Long envelopesFrom) {
        return new TalliedEntries(tally, true, envelopesFrom);
    }

    @Override
    public String accept(long index, byte[] entry) {
        if (strict) {
            String problem = checkFormat(index, entry);
            if (problem != null) {
                return problem;
            }
        }
        EventCodec.PublicView view;
        try {
            view = EventCodec.publicView(entry);
        } catch (RuntimeException e) {
            return "cannot be read as a Veto event: " + e.getMessage();
        }
        tally.add(view);
        return null;
    }

    private String checkFormat(long index, byte[] entry) {
        if (Envelope.isEnvelope(entry)) {
            if (Envelope.decode(entry) instanceof Envelope.Invalid bad) {
                return "is not a valid envelope: " + bad.reason();
            }
            if (envelopesFrom == null) {
                envelopesFrom = index;
            }
            envelopes++;
            return null;
        }
        if (LogRecord.decode(entry) instanceof LogRecord.NotARecord not) {
            return "is neither a format 2 envelope nor a format 1 record (" + not.reason() + ")";
        }
        if (envelopesFrom != null) {
            return "is a format 1 record, but the log writes envelopes from entry " + envelopesFrom + " on";
        }
        records++;
        return null;
    }

    /** The first envelope's index, or null while none was seen. */
    Long envelopesFrom() {
        return envelopesFrom;
    }

    /** How many new envelopes and format 1 records were taken, as words for a round's line. */
    String kinds() {
        return records == 0 ? envelopes + " envelope" + (envelopes == 1 ? "" : "s")
                : envelopes + " envelope" + (envelopes == 1 ? "" : "s") + ", " + records + " format 1 record" + (records == 1 ? "" : "s");
    }
}
