package dev.veto.server.decision;

import dev.veto.cedar.value.EntityUid;
import dev.veto.cedar.value.StringValue;
import dev.veto.cedar.value.Value;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A scanner over a body's bytes for the subset of JSON the fast reader takes. Every method either
 * consumes what it expects or gives up ({@link GiveUp}); none reports an error. Strings are
 * scanned eight bytes at a time ({@link Words#closingQuote}); the texts they hold are found
 * again through the body's {@link Symbols}.
 */
final class ByteScanner {
    final byte[] b;
    /** The next byte to read. */
    int i;
    /** Names and values of the records being read, innermost on top (see {@link FastReader}'s record reading). */
    Object[] stack = new Object[16];
    int top;
    private final Symbols symbols;

    ByteScanner(byte[] body) {
        this.b = body;
        this.symbols = new Symbols(body);
    }

    void push(String name, Value value) {
        if (top + 2 > stack.length) {
            stack = Arrays.copyOf(stack, stack.length * 2);
        }
        stack[top++] = name;
        stack[top++] = value;
    }

    /** The next byte that is not white space, not consumed; -1 at the end. */
    int peek() {
        if (i < b.length && b[i] > ' ') {
            return b[i];
        }
        while (i < b.length) {
            byte c = b[i];
            if (c != ' ' && c != '\n' && c != '\r' && c != '\t') {
                return c;
            }
            i++;
        }
        return -1;
    }

    /**
     * Consumes {@code c}, the next byte that is not white space, or gives up. Compact JSON has it
     * at once, and that case is kept small enough for the JIT to inline anywhere.
     */
    void expect(char c) {
        int j = i;
        if (j < b.length && b[j] == c) {
            i = j + 1;
            return;
        }
        expectSpaced(c);
    }

    private void expectSpaced(char c) {
        if (peek() != c) {
            throw GiveUp.INSTANCE;
        }
        i++;
    }

    /** Consumes {@code c} if it is the next byte that is not white space; as small as {@link #expect} when compact. */
    boolean take(char c) {
        int j = i;
        if (j < b.length && b[j] == c) {
            i = j + 1;
            return true;
        }
        return takeSpaced(c);
    }

    private boolean takeSpaced(char c) {
        if (peek() == c) {
            i++;
            return true;
        }
        return false;
    }

    /** Nothing but white space is left. */
    void end() {
        if (peek() != -1) {
            throw GiveUp.INSTANCE;
        }
    }

    void literal(String word) {
        peek();
        if (i + word.length() > b.length) {
            throw GiveUp.INSTANCE;
        }
        for (int k = 0; k < word.length(); k++) {
            if (b[i + k] != word.charAt(k)) {
                throw GiveUp.INSTANCE;
            }
        }
        i += word.length();
    }

    boolean takeNull() {
        if (peek() != 'n') {
            return false;
        }
        literal("null");
        return true;
    }

    /**
     * A JSON integer that fits a long (accumulated negatively, as {@link Long#parseLong} does, so
     * {@link Long#MIN_VALUE} reads too); a fraction, an exponent, a leading zero or an overflow
     * gives up.
     */
    long integer() {
        peek();
        boolean negative = i < b.length && b[i] == '-';
        if (negative) {
            i++;
        }
        long limit = negative ? Long.MIN_VALUE : -Long.MAX_VALUE;
        long atMost = limit / 10;
        int start = i;
        long v = 0;
        while (i < b.length && b[i] >= '0' && b[i] <= '9') {
            int d = b[i] - '0';
            if (v < atMost) {
                throw GiveUp.INSTANCE;
            }
            v *= 10;
            if (v < limit + d) {
                throw GiveUp.INSTANCE;
            }
            v -= d;
            i++;
        }
        int digits = i - start;
        if (digits == 0 || (digits > 1 && b[start] == '0')) {
            throw GiveUp.INSTANCE;
        }
        if (i < b.length && (b[i] == '.' || b[i] == 'e' || b[i] == 'E')) {
            throw GiveUp.INSTANCE;
        }
        return negative ? v : -v;
    }

    /**
     * Where the string that starts here ends (its closing quote), the scanner left on its first
     * character; printable ASCII without escapes only.
     */
    int stringEnd() {
        if (peek() != '"') {
            throw GiveUp.INSTANCE;
        }
        int end = Words.closingQuote(b, ++i);
        if (end < 0) {
            throw GiveUp.INSTANCE;
        }
        return end;
    }

    /** A string value. */
    StringValue stringValue() {
        int end = stringEnd();
        int from = i;
        i = end + 1;
        return symbols.stringValue(from, end);
    }

    /** A record's field name or an extension function's name; the colon after it is left for the caller. */
    String name() {
        int end = stringEnd();
        int from = i;
        i = end + 1;
        return symbols.name(from, end);
    }

    /** An entity type name, as its canonical instance. */
    String type() {
        int end = stringEnd();
        int from = i;
        i = end + 1;
        return symbols.type(from, end);
    }

    /** The uid of canonical type {@code type} whose id is the text from {@code from} to {@code end}. */
    EntityUid uid(String type, int from, int end) {
        return symbols.uid(type, from, end);
    }

    /** {@code "type":"} and {@code ","id":"} as little-endian words. */
    private static final long TYPE_OPEN = Words.word("\"type\":\"".getBytes(StandardCharsets.US_ASCII), 0);
    private static final long ID_NEXT = Words.word("\",\"id\":\"".getBytes(StandardCharsets.US_ASCII), 0);

    /**
     * A uid written compactly, {@code {"type":"…","id":"…"}}, read with two word compares and two
     * scans; null, with nothing consumed, for any other form (which the grammar reads).
     */
    EntityUid compactUid() {
        int j = i;
        if (j + 10 > b.length || b[j] != '{' || Words.at(b, j + 1) != TYPE_OPEN) {
            return null;
        }
        int typeFrom = j + 9;
        int typeEnd = Words.closingQuote(b, typeFrom);
        if (typeEnd < 0 || typeEnd + 8 > b.length || Words.at(b, typeEnd) != ID_NEXT) {
            return null;
        }
        int idFrom = typeEnd + 8;
        int idEnd = Words.closingQuote(b, idFrom);
        if (idEnd < 0 || idEnd + 1 >= b.length || b[idEnd + 1] != '}') {
            return null;
        }
        i = idEnd + 2;
        return symbols.uid(symbols.type(typeFrom, typeEnd), idFrom, idEnd);
    }

    /** Which of {@code names} the next field is, consuming it and its colon; any other gives up. */
    int field(FieldNames names) {
        // Compact JSON first: the name, its quotes and the colon compared a word at a time with
        // each expected `"name":`, no scan for the closing quote.
        if (peek() == '"' && i + 24 <= b.length) {
            long x0 = Words.at(b, i);
            for (int k = 0; k < names.len.length; k++) {
                if ((x0 & names.m0[k]) == names.q0[k] && names.matchesRest(k, b, i)) {
                    i += names.len[k] + 3;
                    return k;
                }
            }
        }
        int end = stringEnd();
        int len = end - i;
        if (len <= 16) {
            long w0 = Words.word(b, i, Math.min(len, 8));
            long w1 = Words.word(b, i + 8, len - 8);
            for (int k = 0; k < names.len.length; k++) {
                if (names.len[k] == len && names.w0[k] == w0 && names.w1[k] == w1) {
                    i = end + 1;
                    expect(':');
                    return k;
                }
            }
        }
        throw GiveUp.INSTANCE;
    }
}
