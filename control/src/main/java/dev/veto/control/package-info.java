/**
 * The governance domain: platform state, the review → decision → enforcement → notice → appeal
 * workflow, and the transparency report. Every command becomes versioned events appended to the
 * log; projections and the engine snapshot are folds over those events, so the log is the truth.
 */
package dev.veto.control;
