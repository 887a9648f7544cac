package dev.veto.cedar.validation;

import java.util.Collection;

/** "Did you mean" suggestions: the closest name by edit distance, when it is close enough to be a typo. */
final class Spelling {
    private Spelling() {}

    /** The option nearest to {@code word}, or null when none is within a few edits of it. */
    static String closest(String word, Collection<String> options) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String o : options) {
            int d = distance(word, o);
            if (d < bestDistance) {
                best = o;
                bestDistance = d;
            }
        }
        int limit = Math.max(1, Math.min(3, word.length() / 3 + 1));
        return best != null && bestDistance <= limit && !best.equals(word) ? best : null;
    }

    /** Levenshtein distance over UTF-16 units: suggestions are a convenience, not a measure. */
    static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int sub = prev[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                cur[j] = Math.min(sub, Math.min(prev[j], cur[j - 1]) + 1);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
