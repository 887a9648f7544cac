/** A C2SP witness over HTTP (c2sp.org/tlog-witness): add-checkpoint, the witness's key, the latest cosigned checkpoints. */
package dev.veto.server.witness;
