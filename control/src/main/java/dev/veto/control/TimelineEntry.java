package dev.veto.control;

import java.time.Instant;

/**
 * One step of a case, for its timeline: the log entry that records it, when, what and who
 * ({@code by} is absent for steps that follow from another, such as an enforcement).
 */
public record TimelineEntry(long index, Instant time, String type, String by) {}
