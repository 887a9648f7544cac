package dev.veto.ledger.witness;

import java.util.OptionalLong;

/** Tree sizes as tlog-witness writes them: ASCII decimal, no leading zeros, at most 2^63-1 here. */
final class TreeSizes {
    private TreeSizes() {}

    static OptionalLong parse(String s) {
        if (s.isEmpty() || s.length() > 19 || (s.length() > 1 && s.charAt(0) == '0')) {
            return OptionalLong.empty();
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return OptionalLong.empty();
            }
        }
        try {
            return OptionalLong.of(Long.parseLong(s));
        } catch (NumberFormatException e) {
            return OptionalLong.empty();
        }
    }
}
