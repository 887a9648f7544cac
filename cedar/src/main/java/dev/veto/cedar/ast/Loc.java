package dev.veto.cedar.ast;

/**
 * Where a node was written: character offsets into its source text. Every AST node keeps one.
 *
 * <p>Positions do not take part in AST equality: two trees that differ only in where they were
 * written are equal, so a policy printed and parsed back equals the original. That is why
 * {@link #equals} is always true between locations.
 */
public final class Loc {
    /** For nodes built in code rather than parsed. */
    public static final Loc NONE = new Loc(-1, -1);

    private final int start;
    private final int end;

    public Loc(int start, int end) {
        this.start = start;
        this.end = end;
    }

    /** Offset of the first character, or -1 for {@link #NONE}. */
    public int start() {
        return start;
    }

    /** Offset just past the last character, or -1 for {@link #NONE}. */
    public int end() {
        return end;
    }

    public boolean isKnown() {
        return start >= 0;
    }

    /** The smallest location covering both. */
    public Loc to(Loc other) {
        if (!isKnown()) {
            return other;
        }
        if (!other.isKnown()) {
            return this;
        }
        return new Loc(Math.min(start, other.start), Math.max(end, other.end));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Loc;
    }

    @Override
    public int hashCode() {
        return 0;
    }

    @Override
    public String toString() {
        return isKnown() ? start + ".." + end : "?";
    }
}
