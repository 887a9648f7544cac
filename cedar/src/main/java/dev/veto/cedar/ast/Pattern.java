package dev.veto.cedar.ast;

import java.util.ArrayList;
import java.util.List;

/**
 * A {@code like} pattern: literal code points and {@code *} wildcards matching any sequence.
 * Matching works on Unicode code points, as Cedar matches on characters.
 */
public final class Pattern {
    /** Code points; {@link #WILDCARD} (never a valid code point) stands for {@code *}. */
    private final int[] elements;

    static final int WILDCARD = -1;

    private Pattern(int[] elements) {
        this.elements = elements;
    }

    /** Builds a pattern from its elements: each is either a code point or {@link #WILDCARD}. */
    public static Pattern of(List<Integer> elements) {
        int[] a = new int[elements.size()];
        for (int i = 0; i < a.length; i++) {
            a[i] = elements.get(i);
        }
        return new Pattern(a);
    }

    /** A pattern matching {@code literal} exactly, with no wildcard. */
    public static Pattern literal(String literal) {
        return new Pattern(literal.codePoints().toArray());
    }

    public static int wildcard() {
        return WILDCARD;
    }

    public List<Integer> elements() {
        List<Integer> out = new ArrayList<>(elements.length);
        for (int e : elements) {
            out.add(e);
        }
        return out;
    }

    /**
     * Whether {@code s} matches. The classic two-pointer glob match: on a mismatch, backtrack to
     * the last star and let it swallow one more character. Linear space, O(n·m) worst case time,
     * no recursion, so hostile patterns cannot overflow the stack.
     */
    public boolean matches(String s) {
        int[] text = s.codePoints().toArray();
        int t = 0;
        int p = 0;
        int starP = -1;
        int starT = 0;
        while (t < text.length) {
            if (p < elements.length && elements[p] != WILDCARD && elements[p] == text[t]) {
                p++;
                t++;
            } else if (p < elements.length && elements[p] == WILDCARD) {
                starP = p++;
                starT = t;
            } else if (starP >= 0) {
                p = starP + 1;
                t = ++starT;
            } else {
                return false;
            }
        }
        while (p < elements.length && elements[p] == WILDCARD) {
            p++;
        }
        return p == elements.length;
    }

    /** The pattern as a Cedar string literal body with {@code *} unescaped and literal stars escaped. */
    public String toLiteral() {
        StringBuilder b = new StringBuilder("\"");
        for (int e : elements) {
            if (e == WILDCARD) {
                b.append('*');
            } else if (e == '*') {
                b.append("\\*");
            } else {
                String q = dev.veto.cedar.value.Strings.quote(new String(Character.toChars(e)));
                b.append(q, 1, q.length() - 1);
            }
        }
        return b.append('"').toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Pattern other && java.util.Arrays.equals(elements, other.elements);
    }

    @Override
    public int hashCode() {
        return java.util.Arrays.hashCode(elements);
    }

    @Override
    public String toString() {
        return toLiteral();
    }
}
