package dev.veto.ledger.fsck;

import dev.veto.ledger.tile.TilePath;

/** One thing wrong with a stored log, naming where it is. */
public sealed interface Problem {
    /** Lower-case, one line, naming the entry index, tile path or checkpoint size. */
    String message();

    /** The log's metadata is wrong or missing. */
    record BadMetadata(String reason) implements Problem {
        @Override
        public String message() {
            return "metadata: " + reason;
        }
    }

    /** A stored checkpoint does not verify or does not match the entries. */
    record BadCheckpoint(long size, String reason) implements Problem {
        @Override
        public String message() {
            return "checkpoint of size " + size + ": " + reason;
        }
    }

    /** An entry the latest checkpoint covers is absent. */
    record MissingEntry(long index) implements Problem {
        @Override
        public String message() {
            return "entry " + index + " is missing";
        }
    }

    /** An entry is stored beyond what the latest checkpoint covers. */
    record ExtraEntry(long index) implements Problem {
        @Override
        public String message() {
            return "entry " + index + " is stored but no checkpoint covers it";
        }
    }

    /** An entry's content does not match the signed tree. */
    record BadEntry(long index, String reason) implements Problem {
        @Override
        public String message() {
            return "entry " + index + " " + reason;
        }
    }

    /** A hash tile does not match the entries. */
    record BadTile(int level, long index, int position, String reason) implements Problem {
        @Override
        public String message() {
            return "tile " + TilePath.hashTile(level, index, TilePath.WIDTH) + " hash " + position + " " + reason;
        }
    }

    /** Two stored checkpoints are not consistent. */
    record Inconsistent(long from, long to, String reason) implements Problem {
        @Override
        public String message() {
            return "checkpoints of size " + from + " and " + to + " are not consistent: " + reason;
        }
    }

    /** A private part stored beside an entry is missing, altered, or erased without a record of it. */
    record BadPayload(long index, String part, String reason) implements Problem {
        @Override
        public String message() {
            return "entry " + index + " private part \"" + part + "\" " + reason;
        }
    }
}
