package dev.veto.control;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.time.Instant;

/**
 * One step of a case, for its timeline: the log entry that records it, when, what and who
 * ({@code by} is absent for steps that follow from another, such as an enforcement).
 * {@code proposal} names the proposal a step belongs to, so a customer's view can leave out the
 * steps of drafts; it is not shown.
 */
public record TimelineEntry(long index, Instant time, String type, String by, @JsonIgnore String proposal) {}
