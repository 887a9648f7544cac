package dev.veto.control;

/** A new proposal and its impact preview. */
public record Proposed(Committed committed, String id, Impact.Preview impact) {}
